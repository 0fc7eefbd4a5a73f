// Gives each test file its own database, copied from the migrated template, and a valid test environment.
import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { afterAll, inject } from "vitest";
import { closeDb } from "../../db";
import { resetEnvForTests } from "../../lib/platform/env";

const admin = inject("adminDatabaseUrl");
const template = inject("templateDatabase");
const name = `sb_test_${randomBytes(6).toString("hex")}`;

const sql = postgres(admin, { max: 1, onnotice: () => {} });
await sql.unsafe(`create database "${name}" template "${template}"`);
await sql.end();

const url = new URL(admin);
url.pathname = `/${name}`;
process.env.DATABASE_URL = url.toString();
process.env.AUTH_SECRET ??= randomBytes(32).toString("base64url");
process.env.ENCRYPTION_KEYS ??= `test:${randomBytes(32).toString("base64")}`;
process.env.ALLOW_PRIVATE_TARGETS ??= "1";
// The embedded mode, as on a laptop: mail lands in the dev mailbox table, where tests read it. Servers the tests
// start (tests/helpers/app-server.ts) are self-hosted with a real SMTP server instead.
process.env.SWITCHBOARD_EMBEDDED ??= "1";
resetEnvForTests();

afterAll(async () => {
  await closeDb();
  const drop = postgres(admin, { max: 1, onnotice: () => {} });
  await drop.unsafe(`drop database if exists "${name}" with (force)`);
  await drop.end();
});
