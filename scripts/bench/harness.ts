import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pino from "pino";
import postgres from "postgres";
import { setLogDestination } from "../../lib/monitoring/log";
import { runMigrations } from "../../db/migrate";
import { startEmbeddedPostgres, type EmbeddedCluster } from "../embedded-postgres";
import { freePort } from "../free-port";

export interface BenchEnv {
  appUrl: string;
  databaseUrl: string;
  /** The server's maintenance database, for a benchmark that wants a fresh database of its own. */
  adminUrl: string;
  env: Record<string, string>;
  stop: () => Promise<void>;
}

/**
 * A fresh database (the given server's, or an embedded one), the production build, and the app server with the
 * benchmark baselines switched on. Everything listens on loopback only.
 */
export async function startBenchEnvironment(): Promise<BenchEnv> {
  let cluster: EmbeddedCluster | undefined;
  let admin = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;
  if (!admin) {
    const dir = mkdtempSync(path.join(os.tmpdir(), "sb-bench-pg-"));
    chmodSync(dir, 0o777);
    cluster = await startEmbeddedPostgres({ dataDir: path.join(dir, "data"), port: await freePort(), persistent: false });
    admin = cluster.url("postgres");
  }
  const name = `sb_bench_${randomBytes(4).toString("hex")}`;
  const adminSql = postgres(admin, { max: 1, onnotice: () => {} });
  await adminSql.unsafe(`create database "${name}"`);
  const url = new URL(admin);
  url.pathname = `/${name}`;
  const databaseUrl = url.toString();
  await runMigrations(databaseUrl);
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  await sql`create table bench_rows (id bigserial primary key, body text not null, created_at timestamptz not null default now())`;
  await sql.end();

  // Always measure the current code; BENCH_SKIP_BUILD=1 reuses a build made a moment ago.
  if (!existsSync(".next/BUILD_ID") || process.env.BENCH_SKIP_BUILD !== "1") {
    const build = spawnSync("node_modules/.bin/next", ["build"], { stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
    if (build.status !== 0) throw new Error("next build failed");
  }

  const port = await freePort();
  const appUrl = `http://127.0.0.1:${port}`;
  const env: Record<string, string> = {
    DATABASE_URL: databaseUrl,
    AUTH_SECRET: randomBytes(32).toString("base64url"),
    ENCRYPTION_KEYS: `bench:${randomBytes(32).toString("base64")}`,
    APP_URL: appUrl,
    // Required when self-hosted; nothing sends mail during the benchmarks.
    EMAIL_SERVER: "smtp://127.0.0.1:25",
    ALLOW_PRIVATE_TARGETS: "1",
    SWITCHBOARD_BENCH: "1",
    NEXT_TELEMETRY_DISABLED: "1",
  };
  // Served as `npm start` serves it: through scripts/server.ts.
  const child: ChildProcess = spawn("node_modules/.bin/tsx", ["scripts/server.ts", "start"], {
    env: { ...process.env, ...env, PORT: String(port), HOST: "127.0.0.1", NODE_ENV: "production" },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const deadline = Date.now() + 60_000;
  while (!(await fetch(`${appUrl}/api/health`).then((r) => r.ok, () => false))) {
    if (Date.now() > deadline || child.exitCode !== null) throw new Error("the app did not start");
    await new Promise((r) => setTimeout(r, 250));
  }

  return {
    appUrl,
    databaseUrl,
    adminUrl: admin,
    env,
    stop: async () => {
      child.kill("SIGTERM");
      await new Promise((r) => child.once("exit", r));
      await adminSql.unsafe(`drop database if exists "${name}" with (force)`);
      await adminSql.end();
      await cluster?.stop();
    },
  };
}

/** One comparison line: the figure, its baseline from the same run, and their ratio against the target. */
export function report(label: string, value: number, baseline: number, unit: string, target?: number) {
  const ratio = value / baseline;
  const verdict = target === undefined ? "" : ratio >= target ? `  (target ≥ ${target}: met)` : `  (target ≥ ${target}: NOT met)`;
  console.log(`${label}: ${value.toFixed(1)} ${unit} vs baseline ${baseline.toFixed(1)} ${unit} → ratio ${ratio.toFixed(2)}${verdict}`);
}

/**
 * The benchmark processes' own log lines (the worker's attempts, the jobs) go where the app server's go: to /dev/null,
 * still written, so their cost stays in the figures, but not between the report lines.
 */
export function logToDevNull() {
  setLogDestination(pino.destination({ dest: "/dev/null", sync: false }));
}
