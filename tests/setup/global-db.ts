// Prepares a migrated template database once per run; each test file then copies it (tests/setup/per-file-db.ts).
// Uses TEST_DATABASE_URL (CI: this machine's server) when given, else starts an embedded PostgreSQL of its own.
// Also builds the server bundles (dist/), which tests start as production does (`node dist/start.mjs worker`).
import { spawnSync } from "node:child_process";
import { mkdtempSync, chmodSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import postgres from "postgres";
import type { TestProject } from "vitest/node";
import { runMigrations } from "../../db/migrate";
import { startEmbeddedPostgres, type EmbeddedCluster } from "../../scripts/embedded-postgres";

declare module "vitest" {
  export interface ProvidedContext {
    adminDatabaseUrl: string;
    templateDatabase: string;
  }
}

let cluster: EmbeddedCluster | undefined;
let setupDone: Promise<{ admin: string; template: string }> | undefined;

function withDatabase(url: string, database: string) {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

function buildServerBundles() {
  const result = spawnSync(process.execPath, ["scripts/build-server.mjs"], { stdio: "inherit" });
  if (result.status !== 0) throw new Error("building the server bundles failed; see the output above");
}

async function prepare() {
  buildServerBundles();
  let admin = process.env.TEST_DATABASE_URL;
  if (!admin) {
    const dir = mkdtempSync(path.join(os.tmpdir(), "sb-test-pg-"));
    chmodSync(dir, 0o777); // the server runs as the OS user "postgres"
    cluster = await startEmbeddedPostgres({ dataDir: path.join(dir, "data"), port: 54330 + (process.pid % 500), persistent: false });
    admin = cluster.url("postgres");
  }
  const template = `sb_template_${process.pid}`;
  const sql = postgres(admin, { max: 1, onnotice: () => {} });
  await sql.unsafe(`drop database if exists "${template}"`);
  await sql.unsafe(`create database "${template}"`);
  await sql.end();
  await runMigrations(withDatabase(admin, template));
  return { admin, template };
}

export default async function setup(project: TestProject) {
  // Both projects share one template: the first call prepares it.
  setupDone ??= prepare();
  const { admin, template } = await setupDone;
  project.provide("adminDatabaseUrl", admin);
  project.provide("templateDatabase", template);
  return async () => {
    if (!setupDone) return;
    setupDone = undefined;
    const sql = postgres(admin, { max: 1, onnotice: () => {} });
    await sql.unsafe(`drop database if exists "${template}" with (force)`).catch(() => {});
    await sql.end();
    await cluster?.stop();
  };
}
