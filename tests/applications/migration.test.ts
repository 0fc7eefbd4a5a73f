// The applications migration (0015) against a database holding data from before it: a workspace's endpoints move into
// its default application with their secrets, status and history untouched, and a delivery pending before the
// migration is delivered after it, signed with the same secret.
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { drizzle } from "drizzle-orm/postgres-js";
import { migrate } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";
import { afterAll, beforeAll, expect, inject, it } from "vitest";
import { closeDb } from "@/db";
import { MIGRATIONS_FOLDER } from "@/db/migrate";
import { closeHttpClient } from "@/lib/net/http-client";
import { attemptDelivery } from "@/lib/outbound/attempt";
import { encryptSecret } from "@/lib/platform/crypto";
import { resetEnvForTests } from "@/lib/platform/env";
import { generateEndpointSecret } from "@/lib/signing/standard-webhooks";
import { startVerifyingReceiver, type VerifyingReceiver } from "../helpers/verifying-receiver";

const MIGRATION = "0015_applications";
const admin = postgres(inject("adminDatabaseUrl"), { max: 1, onnotice: () => {} });
const name = `sb_apps_migrate_${randomBytes(5).toString("hex")}`;
const url = new URL(inject("adminDatabaseUrl"));
url.pathname = `/${name}`;

let receiver: VerifyingReceiver;

beforeAll(async () => {
  receiver = await startVerifyingReceiver();
  await admin.unsafe(`create database "${name}"`);
});
afterAll(async () => {
  await closeHttpClient();
  await closeDb();
  await receiver.close();
  await admin.unsafe(`drop database if exists "${name}" with (force)`);
  await admin.end();
});

/** The committed migrations up to, not including, `tag`: a copy of the folder with the journal cut there. */
function migrationsBefore(tag: string) {
  const dir = mkdtempSync(path.join(os.tmpdir(), "sb-migrations-"));
  cpSync(MIGRATIONS_FOLDER, dir, { recursive: true });
  const journalPath = path.join(dir, "meta", "_journal.json");
  const journal = JSON.parse(readFileSync(journalPath, "utf8")) as { entries: { tag: string }[] };
  const cut = journal.entries.findIndex((e) => e.tag === tag);
  expect(cut).toBeGreaterThan(0);
  writeFileSync(journalPath, JSON.stringify({ ...journal, entries: journal.entries.slice(0, cut) }));
  return dir;
}

it("moves each workspace's endpoints into its default application, and a pending delivery still goes out", async () => {
  const client = postgres(url.toString(), { max: 1, onnotice: () => {} });
  const secret = generateEndpointSecret();
  const target = `${receiver.url}/hooks`;
  receiver.secrets = [secret];
  try {
    await migrate(drizzle(client), { migrationsFolder: migrationsBefore(MIGRATION) });
    // As the product wrote rows before applications: two endpoints with a message pending to one, and a workspace
    // with no endpoints at all.
    await client.unsafe(`
      insert into workspaces (id, name, slug, local_testing) values ('ws_a', 'A', 'a', true), ('ws_b', 'B', 'b', false);
      insert into endpoints (id, workspace_id, url, created_at, updated_at) values
        ('ep_1', 'ws_a', '${target}', '2026-01-01T00:00:00Z', '2026-01-02T00:00:00Z'),
        ('ep_2', 'ws_a', 'https://hooks.example.com/in', '2026-01-03T00:00:00Z', '2026-01-03T00:00:00Z');
      insert into endpoint_secrets (id, workspace_id, endpoint_id, secret_encrypted) values ('sec_1', 'ws_a', 'ep_1', '${encryptSecret(secret)}');
      insert into messages (id, workspace_id, event_type, version, payload) values ('msg_1', 'ws_a', 'order.placed', 1, '{"n":1}');
      insert into deliveries (id, workspace_id, message_id, endpoint_id, next_attempt_at) values ('dlv_1', 'ws_a', 'msg_1', 'ep_1', now());
    `);
    const endpointsBefore = await client`select id, url, status, updated_at from endpoints order by id`;
    const deliveriesBefore = await client`select * from deliveries`;

    await migrate(drizzle(client), { migrationsFolder: MIGRATIONS_FOLDER });

    const apps = await client`select id, workspace_id, name, uid, metadata from applications`;
    expect(apps).toHaveLength(1);
    expect(apps[0]).toMatchObject({ workspace_id: "ws_a", name: "Default", uid: "default", metadata: {} });
    expect(apps[0].id).toMatch(/^app_[0-9a-f]{23}$/);
    expect(await client`select id, application_id from endpoints order by id`).toEqual([
      { id: "ep_1", application_id: apps[0].id },
      { id: "ep_2", application_id: apps[0].id },
    ]);
    expect(await client`select id, url, status, updated_at from endpoints order by id`).toEqual(endpointsBefore);
    expect(await client`select * from deliveries`).toEqual(deliveriesBefore);
    // The message keeps its history: it was a workspace-wide send and stays one.
    expect(await client`select application_id from messages`).toEqual([{ application_id: null }]);
  } finally {
    await client.end();
  }

  // The product, pointed at the migrated database, delivers the pending delivery with the endpoint's old secret.
  process.env.DATABASE_URL = url.toString();
  resetEnvForTests();
  await closeDb();
  expect(await attemptDelivery("dlv_1")).toMatchObject({ status: "succeeded" });
  expect(receiver.requests).toHaveLength(1);
  expect(receiver.requests[0].verifiedBy).toEqual([0]);
  expect(JSON.parse(receiver.requests[0].body)).toMatchObject({ type: "order.placed", data: { n: 1 } });
});
