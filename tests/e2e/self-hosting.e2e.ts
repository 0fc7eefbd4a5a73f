// The self-hosted process layout of compose.yaml, without Docker: its migrate, app and worker services started as the
// separate processes compose starts (their own commands, replicas included, in depends_on order), with its
// environment, against a real PostgreSQL database and Redis of their own. Then the first-run path of
// docs/self-hosting.md: secrets from `switchboard secrets`, the first user from `switchboard admin create-user`, whose
// link signs in; and a message sent through the API is delivered once, with two workers claiming.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { eq } from "drizzle-orm";
import postgres from "postgres";
import { afterAll, beforeAll, expect, inject, it } from "vitest";
import { parse } from "yaml";
import { closeDb, db } from "@/db";
import { attempts, deliveries, workspaces } from "@/db/schema";
import { resetEnvForTests } from "@/lib/platform/env";
import { createApiKey } from "@/lib/keys/service";
import { contextFromMember, systemRequestMeta } from "@/lib/api/request-context";
import { freePort } from "@/scripts/free-port";
import { startSmtpServer } from "@/tests/helpers/smtp";
import { startVerifyingReceiver, type VerifyingReceiver } from "@/tests/helpers/verifying-receiver";

const compose = parse(readFileSync("compose.yaml", "utf8"), { merge: true });
const admin = postgres(inject("adminDatabaseUrl"), { max: 1, onnotice: () => {} });
const database = `sb_selfhost_${randomBytes(5).toString("hex")}`;
const processes: { name: string; child: ChildProcess; output: () => string }[] = [];
let receiver: VerifyingReceiver;
let smtp: Awaited<ReturnType<typeof startSmtpServer>>;

beforeAll(async () => {
  receiver = await startVerifyingReceiver();
  smtp = await startSmtpServer();
  await admin.unsafe(`create database "${database}"`);
});

afterAll(async () => {
  await Promise.all(
    processes.map(({ child }) =>
      child.exitCode !== null || child.signalCode !== null ? undefined : new Promise((r) => (child.once("exit", r), child.kill("SIGTERM")))),
  );
  await closeDb();
  await admin.unsafe(`drop database if exists "${database}" with (force)`);
  await admin.end();
  await receiver.close();
  await smtp.close();
});

/** A service's command, as compose runs it, with the service's environment and the .env values. */
function startService(name: string, env: Record<string, string>, replica = 1) {
  const [command, ...args] = compose.services[name].command as string[];
  const child = spawn(command, args, { env: { PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: "production", ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout!.on("data", (d) => (output += d));
  child.stderr!.on("data", (d) => (output += d));
  processes.push({ name: `${name}-${replica}`, child, output: () => output });
  return { child, output: () => output };
}

const exited = (child: ChildProcess) => new Promise<number | null>((resolve) => (child.exitCode !== null ? resolve(child.exitCode) : child.once("exit", resolve)));

async function waitFor(check: () => Promise<boolean>, what: string, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what} did not happen in time:\n${processes.map((p) => `--- ${p.name}\n${p.output()}`).join("\n")}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

it("migrate, the app and two workers as compose starts them: the first user signs in, and a message is delivered once", { timeout: 180_000 }, async () => {
  // The first-run path: the secrets go into .env with APP_URL and EMAIL_SERVER.
  const secrets = spawnSync(process.execPath, ["cli/index.js", "secrets"], { encoding: "utf8" });
  expect(secrets.status, secrets.stderr).toBe(0);
  const port = await freePort();
  const appUrl = `http://127.0.0.1:${port}`;
  const dotEnv: Record<string, string> = {
    ...Object.fromEntries(secrets.stdout.trim().split("\n").map((line) => [line.slice(0, line.indexOf("=")), line.slice(line.indexOf("=") + 1)])),
    APP_URL: appUrl,
    EMAIL_SERVER: smtp.url,
    // The test's receiver is on loopback, which endpoints may not reach in production.
    ALLOW_PRIVATE_TARGETS: "1",
  };
  const url = new URL(inject("adminDatabaseUrl"));
  url.pathname = `/${database}`;
  // compose's service names become this machine's servers; the app listens on loopback only, as every test server does.
  const hostOf: Record<string, string> = { DATABASE_URL: url.toString(), REDIS_URL: process.env.REDIS_URL ?? "redis://127.0.0.1:6379", HOST: "127.0.0.1", PORT: String(port) };
  const envOf = (service: string) => ({
    ...dotEnv,
    ...Object.fromEntries(Object.entries(compose.services[service].environment as Record<string, string>).map(([k, v]) => [k, hostOf[k] ?? v])),
  });

  // depends_on: migrate runs to completion first, then the app and the workers start together.
  const migrate = startService("migrate", envOf("migrate"));
  expect(await exited(migrate.child), migrate.output()).toBe(0);
  expect(migrate.output()).toContain("migrations applied");
  const app = startService("app", envOf("app"));
  const workers = Array.from({ length: compose.services.worker.deploy.replicas as number }, (_, i) => startService("worker", envOf("worker"), i + 1));
  expect(workers).toHaveLength(2);
  await waitFor(() => fetch(`${appUrl}/api/health`).then((r) => r.ok, () => false), "the app answering /api/health");
  await waitFor(async () => workers.every((w) => w.output().includes("worker started")), "both workers starting");
  // The database was migrated once, by migrate: the others only checked.
  for (const p of [app, ...workers]) expect(p.output()).not.toContain("migrations applied");

  // The first user, without SMTP: the printed link signs in once.
  const created = spawnSync(process.execPath, ["cli/index.js", "admin", "create-user", "--email", "owner@example.test"], {
    encoding: "utf8",
    env: { PATH: process.env.PATH, NODE_ENV: "production", DATABASE_URL: hostOf.DATABASE_URL, AUTH_SECRET: dotEnv.AUTH_SECRET, APP_URL: appUrl },
  });
  expect(created.status, created.stderr).toBe(0);
  const link = created.stdout.match(/http:\/\/\S+/)![0];
  const signedIn = await fetch(link, { redirect: "manual" });
  expect(signedIn.status).toBe(302);
  const cookie = signedIn.headers.getSetCookie().find((c) => c.startsWith("authjs.session-token="))!.split(";")[0];
  const session = await fetch(`${appUrl}/api/auth/session`, { headers: { cookie } }).then((r) => r.json());
  expect(session.user.email).toBe("owner@example.test");
  expect((await fetch(link, { redirect: "manual" })).headers.get("location")).toContain("error");

  // An API key for the user's workspace, made here against the same database (the dashboard would do the same).
  Object.assign(process.env, { DATABASE_URL: hostOf.DATABASE_URL, AUTH_SECRET: dotEnv.AUTH_SECRET, ENCRYPTION_KEYS: dotEnv.ENCRYPTION_KEYS });
  await closeDb();
  resetEnvForTests();
  const [workspace] = await db().select().from(workspaces).where(eq(workspaces.personal, 1));
  const { key } = await createApiKey(
    { name: "first", scopes: ["event_types:write", "endpoints:write", "messages:write"], ipAllowlist: "" },
    contextFromMember(workspace.id, "owner", { type: "user", id: session.user.id, label: "owner@example.test" }, systemRequestMeta()),
  );
  const api = (path: string, body: unknown) =>
    fetch(`${appUrl}/api/v1${path}`, { method: "POST", headers: { authorization: `Bearer ${key}`, "content-type": "application/json" }, body: JSON.stringify(body) });
  expect((await api("/event-types", { name: "order.created" })).status).toBe(201);
  const endpointResponse = await api("/endpoints", { url: `${receiver.url}/hooks` });
  expect(endpointResponse.status).toBe(201);
  receiver.secrets = [(await endpointResponse.json()).secret];
  const sent = await api("/messages", { eventType: "order.created", payload: { order: 1 } });
  expect(sent.status).toBe(202);
  const { id: messageId } = await sent.json();

  await waitFor(async () => {
    const [delivery] = await db().select().from(deliveries).where(eq(deliveries.messageId, messageId));
    return delivery?.status === "succeeded";
  }, "the delivery succeeding");
  const got = receiver.requests.filter((r) => r.headers["webhook-id"] === messageId);
  expect(got).toHaveLength(1);
  expect(got[0].verifiedBy).toEqual([0]);
  expect(await db().select().from(attempts).where(eq(attempts.messageId, messageId))).toHaveLength(1);
  for (const p of [app, ...workers]) expect(p.child.exitCode).toBeNull();
});
