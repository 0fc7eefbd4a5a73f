// The zero-config start: no DATABASE_URL, so `npm start` runs embedded PostgreSQL with its data in the data dir,
// serves the app, and a second start finds the same data.
import { spawn, type ChildProcess } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { launchBrowser, screenshot } from "../helpers/browser";

const dataDir = mkdtempSync(path.join(os.tmpdir(), "sb-embedded-"));
chmodSync(dataDir, 0o755); // PostgreSQL runs as the OS user "postgres" and must reach its data directory
const port = 20000 + (process.pid % 10000);
const pgPort = 40000 + (process.pid % 10000);
let child: ChildProcess | undefined;
/** What the current start printed, shown when an assertion about the running app fails. */
let output = "";

function cleanEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), EMBEDDED_PG_PORT: String(pgPort), SWITCHBOARD_DATA_DIR: dataDir };
  for (const key of ["DATABASE_URL", "TEST_DATABASE_URL", "AUTH_SECRET", "ENCRYPTION_KEYS", "EMAIL_SERVER", "APP_URL", "REDIS_URL"]) delete env[key];
  return env;
}

async function start() {
  child = spawn("node_modules/.bin/tsx", ["scripts/start.ts", "start"], { env: cleanEnv(), stdio: ["ignore", "pipe", "pipe"] });
  output = "";
  child.stdout?.on("data", (d) => (output += d));
  child.stderr?.on("data", (d) => (output += d));
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`start exited early:\n${output}`);
    const health = await fetch(`http://127.0.0.1:${port}/api/health`).then((r) => r.json(), () => null);
    if (health?.database?.ok) return health;
    if (Date.now() > deadline) throw new Error(`never became healthy:\n${output}`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

async function stop() {
  if (!child || child.exitCode !== null) return;
  const exited = new Promise((resolve) => child!.once("exit", resolve));
  child.kill("SIGTERM");
  await exited;
}

afterAll(async () => {
  await stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe("embedded default", () => {
  it("starts with nothing configured, signs in through the dev mailbox, and keeps its data across restarts", async () => {
    expect(await start()).toMatchObject({ mode: "embedded" });
    expect(existsSync(path.join(dataDir, "pg", "PG_VERSION"))).toBe(true);

    const browser = await launchBrowser();
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      await page.goto(`http://localhost:${port}/sign-in`);
      await page.getByLabel("Email").fill("dana@example.test");
      await page.getByRole("button", { name: /sign-in link/i }).click();
      await page.waitForURL(/verify-request/);
      await page.getByRole("link", { name: "dev mailbox" }).click();
      await screenshot(page, "00-dev-mailbox");
      await page.getByRole("link", { name: "Open link" }).first().click();
      await page.waitForURL(/\/dana-s-workspace/);
      await screenshot(page, "00-embedded-overview");

      await stop();
      expect(await start()).toMatchObject({ mode: "embedded" });
      // The session, the user and the workspace all survived the restart.
      const response = await page.goto(`http://localhost:${port}/`);
      expect(response?.status(), output.slice(-4000)).toBe(200);
      expect(page.url()).toMatch(/\/dana-s-workspace$/);
    } finally {
      await browser.close();
    }
  });
});
