// `npm run migrate` and the start's migration check, against real databases of their own: several processes migrating
// at once take turns under the advisory lock, and a start against an up-to-date database does not migrate at all.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import postgres from "postgres";
import { afterAll, expect, inject, it } from "vitest";
import { MIGRATION_LOCK } from "@/db/migrate";

const admin = postgres(inject("adminDatabaseUrl"), { max: 1, onnotice: () => {} });
const created: string[] = [];
const journal = JSON.parse(readFileSync("db/migrations/meta/_journal.json", "utf8")) as { entries: unknown[] };

afterAll(async () => {
  for (const name of created) await admin.unsafe(`drop database if exists "${name}" with (force)`);
  await admin.end();
});

async function freshDatabase() {
  const name = `sb_migrate_${randomBytes(5).toString("hex")}`;
  await admin.unsafe(`create database "${name}"`);
  created.push(name);
  const url = new URL(inject("adminDatabaseUrl"));
  url.pathname = `/${name}`;
  return url.toString();
}

/** Runs a built script to its end; its exit code and output. */
function run(args: string[], env: Record<string, string>) {
  return new Promise<{ code: number | null; output: string }>((resolve) => {
    const child = spawn(process.execPath, args, { env: { PATH: process.env.PATH, NODE_ENV: "production", ...env }, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    child.on("exit", (code) => resolve({ code, output }));
  });
}

it("three migrate processes started at once against an empty database apply each migration once", async () => {
  const url = await freshDatabase();
  const results = await Promise.all(Array.from({ length: 3 }, () => run(["dist/migrate.mjs"], { DATABASE_URL: url })));
  for (const r of results) expect(r.code, r.output).toBe(0);
  // One of them migrated; the others waited for the lock and found nothing left to do.
  expect(results.filter((r) => r.output.includes("migrations applied"))).toHaveLength(1);
  expect(results.filter((r) => r.output.includes("up to date"))).toHaveLength(2);
  const db = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const applied = await db`select hash from drizzle.__drizzle_migrations`;
    expect(applied).toHaveLength(journal.entries.length);
    expect(await db`select count(*)::int as n from deliveries`).toEqual([{ n: 0 }]);
  } finally {
    await db.end();
  }
});

it("a start against an up-to-date database only checks: it does not wait for the migration lock", async () => {
  const url = await freshDatabase();
  expect((await run(["dist/migrate.mjs"], { DATABASE_URL: url })).code).toBe(0);
  // Someone holds the migration lock (a migration in progress elsewhere). A start that tried to migrate would wait.
  const holder = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await holder`select pg_advisory_lock(${MIGRATION_LOCK.toString()}::bigint)`;
    const worker = spawn(process.execPath, ["dist/start.mjs", "worker"], {
      env: {
        PATH: process.env.PATH,
        NODE_ENV: "production",
        DATABASE_URL: url,
        SWITCHBOARD_EMBEDDED: "1",
        AUTH_SECRET: "x".repeat(32),
        ENCRYPTION_KEYS: `k1:${Buffer.alloc(32, 1).toString("base64")}`,
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    const started = new Promise<void>((resolve, reject) => {
      worker.stdout.on("data", (d) => {
        output += d;
        if (output.includes("worker started")) resolve();
      });
      worker.stderr.on("data", (d) => (output += d));
      worker.on("exit", (code) => reject(new Error(`the worker exited (${code}): ${output}`)));
    });
    try {
      await started;
    } finally {
      worker.kill("SIGTERM");
      await new Promise((r) => worker.once("exit", r));
    }
    expect(output).not.toContain("migrations applied");
  } finally {
    await holder.end();
  }
});
