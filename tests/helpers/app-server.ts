import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll } from "vitest";
import { freePort } from "../../scripts/free-port";
import { launchBrowser } from "./browser";
import { startSmtpServer } from "./smtp";

/**
 * Runs the production build on a free loopback port against this test file's database, served as `npm start` serves
 * it (scripts/server.ts, which sets the client's address from the socket), and waits until /api/health answers.
 * The app is self-hosted unless extraEnv says otherwise; its links point at `url`, the origin the tests browse.
 * The build itself is made once per run by tests/setup/global-build.ts.
 */
export async function startApp(extraEnv: Record<string, string> = {}) {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child: ChildProcess = spawn(path.resolve("node_modules/.bin/tsx"), ["scripts/server.ts", "start"], {
    // Rate limits stay in-process here: a shared Redis would carry sign-in counts from one run into the next.
    env: {
      ...process.env,
      PORT: String(port),
      HOST: "127.0.0.1",
      SWITCHBOARD_EMBEDDED: "",
      REDIS_URL: "",
      NODE_ENV: "production",
      APP_URL: url,
      NEXT_TELEMETRY_DISABLED: "1",
      ...extraEnv,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (d) => (output += d));
  child.stderr?.on("data", (d) => (output += d));

  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the app server exited early:\n${output}`);
    try {
      const response = await fetch(`${url}/api/health`);
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`app did not become healthy:\n${output}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    url,
    output: () => output,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}

/**
 * For an e2e file: a real SMTP server, the app sending its mail there, and Chromium; started before the tests and
 * stopped after them. Read the parts through the returned getters once `beforeAll` has run.
 */
export function setupAppWithMail(extraEnv: Record<string, string> = {}) {
  let app: Awaited<ReturnType<typeof startApp>>;
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  let browser: Browser;
  beforeAll(async () => {
    smtp = await startSmtpServer();
    app = await startApp({ EMAIL_SERVER: smtp.url, ...extraEnv });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    await smtp?.close();
  });
  return { app: () => app, smtp: () => smtp, browser: () => browser };
}
