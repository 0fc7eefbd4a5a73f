// Stopping PostgreSQL during ingest: POST /api/v1/messages answers 5xx, never a 202 for a message it did not store.
// The test runs its own embedded cluster, never the machine's shared server.
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as messagesRoute from "@/app/api/v1/messages/route";
import { closeDb, db } from "@/db";
import { runMigrations } from "@/db/migrate";
import { messages } from "@/db/schema";
import { resetEnvForTests } from "@/lib/env";
import { createEventType } from "@/lib/event-types";
import { createApiKey } from "@/lib/keys/service";
import { startEmbeddedPostgres, type EmbeddedCluster } from "@/scripts/embedded-postgres";
import { freePort } from "@/scripts/free-port";
import { apiRequest, noParams } from "../helpers/api";
import { createOwner } from "../helpers/factories";

const dir = mkdtempSync(path.join(os.tmpdir(), "sb-outage-"));
chmodSync(dir, 0o777);
const sharedDatabaseUrl = process.env.DATABASE_URL;
let cluster: EmbeddedCluster;
let port: number;

const start = async () => startEmbeddedPostgres({ dataDir: path.join(dir, "data"), port, persistent: true, database: "outage" });

beforeAll(async () => {
  port = await freePort();
  cluster = await start();
  await runMigrations(cluster.url("outage"));
  await closeDb();
  process.env.DATABASE_URL = cluster.url("outage");
  resetEnvForTests();
}, 120_000);

afterAll(async () => {
  await closeDb();
  await cluster?.stop();
  process.env.DATABASE_URL = sharedDatabaseUrl;
  resetEnvForTests();
  rmSync(dir, { recursive: true, force: true });
});

describe("a database outage during ingest", () => {
  it("answers 5xx for what it could not store, and every 202 is stored", async () => {
    const { ctx } = await createOwner();
    await createEventType({ name: "order.created" }, ctx);
    const { key } = await createApiKey({ name: "ingest", scopes: ["messages:write"], ipAllowlist: "" }, ctx);
    const send = (n: number) => messagesRoute.POST(apiRequest("/api/v1/messages", { method: "POST", key, body: { eventType: "order.created", payload: { n } } }), noParams);

    const accepted: string[] = [];
    const refused: { status: number; code: string }[] = [];
    const record = async (response: Response) => {
      const body = (await response.json()) as { id?: string; error?: { code: string } };
      if (response.status === 202) accepted.push(body.id!);
      else refused.push({ status: response.status, code: body.error!.code });
    };

    for (let n = 0; n < 20; n++) await record(await send(n)); // the database is up
    // Requests in flight while the server shuts down, then requests while it is down.
    const inFlight = Array.from({ length: 20 }, (_, i) => send(100 + i).then(record));
    await cluster.stop();
    await Promise.all(inFlight);
    for (let n = 200; n < 210; n++) await record(await send(n));

    expect(accepted.length).toBeGreaterThanOrEqual(20);
    expect(refused.length).toBeGreaterThanOrEqual(10);
    for (const r of refused) {
      expect(r.status).toBeGreaterThanOrEqual(500);
      expect(r.code).toMatch(/^(service_unavailable|internal_error)$/);
    }

    cluster = await start();
    await closeDb();
    const stored = await db().select({ id: messages.id }).from(messages).where(inArray(messages.id, accepted));
    expect(stored.map((m) => m.id).sort()).toEqual([...accepted].sort());
  }, 120_000);
});
