// Stopping PostgreSQL under load (DESIGN §8, crash safety): while it is down, the API and the inbound receiver answer
// 503 database_unavailable within the configured bound, a request answered 503 is never stored (not even once the
// database returns and the driver's queue drains), every 202 is stored and delivered, and the app and the worker
// recover by themselves. The tests run their own embedded cluster, never the machine's shared server, and a loopback
// TCP relay in front of it that can cut connections and hold new ones, as a database that is restarting does.
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import net, { type AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { eq, sql as dsql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as messagesRoute from "@/app/api/v1/messages/route";
import { closeDb, db } from "@/db";
import { runMigrations } from "@/db/migrate";
import { eventTypes, workspaces } from "@/db/schema";
import { toPublicError } from "@/lib/api/errors";
import { inBackground, withDatabaseDeadline } from "@/lib/platform/db-availability";
import { startWorker, type WorkerHandle } from "@/lib/outbound/worker";
import { createEndpoint } from "@/lib/outbound/endpoints";
import { resetEnvForTests } from "@/lib/platform/env";
import { createEventType } from "@/lib/outbound/event-types";
import { checkHealth } from "@/lib/platform/health";
import { createApiKey } from "@/lib/keys/service";
import { createSource } from "@/lib/inbound/sources";
import { startEmbeddedPostgres, type EmbeddedCluster } from "@/scripts/embedded-postgres";
import { freePort } from "@/scripts/free-port";
import { apiRequest, noParams } from "../helpers/api";
import { createOwner } from "../helpers/factories";
import { startVerifyingReceiver, type VerifyingReceiver } from "../helpers/verifying-receiver";
import { postInbound } from "../inbound/helpers";

/** The configured bound on a request's waits for the database, and the slack allowed on a busy 2-core machine. */
const BOUND_MS = 1_000;
const SLACK_MS = 3_000;

const dir = mkdtempSync(path.join(os.tmpdir(), "sb-outage-"));
chmodSync(dir, 0o777);
const sharedDatabaseUrl = process.env.DATABASE_URL;
let cluster: EmbeddedCluster;
let port: number;
let receiver: VerifyingReceiver;
let worker: WorkerHandle | undefined;

const start = async () => startEmbeddedPostgres({ dataDir: path.join(dir, "data"), port, persistent: true, database: "outage" });

beforeAll(async () => {
  port = await freePort();
  cluster = await start();
  await runMigrations(cluster.url("outage"));
  await closeDb();
  process.env.DATABASE_URL = cluster.url("outage");
  process.env.DATABASE_TIMEOUT_MS = String(BOUND_MS);
  resetEnvForTests();
  receiver = await startVerifyingReceiver();
}, 120_000);

afterAll(async () => {
  await worker?.stop();
  await receiver?.close();
  await closeDb();
  await cluster?.stop();
  process.env.DATABASE_URL = sharedDatabaseUrl;
  delete process.env.DATABASE_TIMEOUT_MS;
  resetEnvForTests();
  rmSync(dir, { recursive: true, force: true });
});

interface Outcome {
  kind: "api" | "inbound";
  n: number;
  status: number;
  latencyMs: number;
  id?: string;
  code?: string;
  retryAfter: string | null;
}

const waitFor = async (check: () => boolean | Promise<boolean>, timeoutMs: number, what: string) => {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
};

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
};

describe("a database outage under load", () => {
  it("answers 503 within the bound, never stores what it refused, and recovers by itself", { timeout: 180_000 }, async () => {
    const { ctx } = await createOwner();
    // The per-key limit would otherwise answer 429 to this much traffic.
    await db().update(workspaces).set({ apiRateLimitPerMinute: 1_000_000 }).where(eq(workspaces.id, ctx.workspaceId));
    await createEventType({ name: "order.created" }, ctx);
    const { secret } = await createEndpoint({ url: receiver.url }, ctx);
    receiver.secrets = [secret];
    const { key } = await createApiKey({ name: "ingest", scopes: ["messages:write"], ipAllowlist: "" }, ctx);
    const source = await createSource({ name: "outage" }, ctx);
    worker = inBackground(() => startWorker({ pollIntervalMs: 200 }));

    const outcomes: Outcome[] = [];
    let next = 0;
    let load = true;
    const sendApi = async () => {
      const n = next++;
      const started = performance.now();
      const response = await messagesRoute.POST(apiRequest("/api/v1/messages", { method: "POST", key, body: { eventType: "order.created", payload: { n } } }), noParams);
      const body = (await response.json()) as { id?: string; error?: { code: string } };
      outcomes.push({ kind: "api", n, status: response.status, latencyMs: performance.now() - started, id: body.id, code: body.error?.code, retryAfter: response.headers.get("retry-after") });
    };
    const sendInbound = async () => {
      const n = next++;
      const started = performance.now();
      const { response, json } = await postInbound(source.url, { body: JSON.stringify({ n }), headers: { "content-type": "application/json" } });
      outcomes.push({ kind: "inbound", n, status: response.status, latencyMs: performance.now() - started, id: json.id as string | undefined, code: json.error?.code, retryAfter: response.headers.get("retry-after") });
    };
    const loop = async (send: () => Promise<void>) => {
      while (load) {
        await send();
        await new Promise((r) => setTimeout(r, 10));
      }
    };
    const loops = [...Array.from({ length: 6 }, () => loop(sendApi)), ...Array.from({ length: 3 }, () => loop(sendInbound))];
    const ok = (o: Outcome) => o.status === 202 || (o.kind === "inbound" && o.status === 200);
    const accepted = () => outcomes.filter(ok).length;

    await waitFor(() => accepted() >= 50, 30_000, "requests accepted before the outage");
    await cluster.stop();
    const stoppedAt = outcomes.length;
    // Long enough for queued requests to meet their bound several times over, and for the driver to back off.
    await new Promise((r) => setTimeout(r, 4 * BOUND_MS));
    await waitFor(() => outcomes.slice(stoppedAt).filter((o) => o.status === 503).length >= 50, 30_000, "refusals during the outage");
    const health = await checkHealth();
    expect(health).toMatchObject({ status: "degraded", database: { ok: false }, redis: { ok: true } });

    cluster = await start();
    const restartedAt = outcomes.length;
    await waitFor(() => outcomes.slice(restartedAt).filter(ok).length >= 50, 60_000, "requests accepted after the restart");
    load = false;
    await Promise.all(loops);
    // Recovered by itself: a health check on a connection the restart left stale may fail once; the next one is ok.
    await waitFor(async () => (await checkHealth()).status === "ok", 10_000, "health ok after the restart");

    const latencies = outcomes.map((o) => o.latencyMs);
    const refused = outcomes.filter((o) => !ok(o));
    const refusedLatencies = refused.map((o) => o.latencyMs);
    console.log(JSON.stringify({
      requests: outcomes.length,
      refused: refused.length,
      latencyMs: { p50: Math.round(percentile(latencies, 50)), p99: Math.round(percentile(latencies, 99)), max: Math.round(Math.max(...latencies)) },
      refusedLatencyMs: { p50: Math.round(percentile(refusedLatencies, 50)), p99: Math.round(percentile(refusedLatencies, 99)), max: Math.round(Math.max(...refusedLatencies)) },
    }));

    // Nothing but stored (202/200) or refused (503 database_unavailable, with Retry-After).
    for (const o of refused) expect({ status: o.status, code: o.code, retryAfter: o.retryAfter !== null }).toEqual({ status: 503, code: "database_unavailable", retryAfter: true });
    expect(refused.length).toBeGreaterThanOrEqual(50);

    for (const o of outcomes) expect(o.latencyMs, `request ${o.n} (${o.kind}, ${o.status})`).toBeLessThan(BOUND_MS + SLACK_MS);

    // What was refused is not stored; what was accepted is, and every accepted message is delivered.
    const stored = await db().execute<{ n: number }>(dsql`
      select (payload->>'n')::int as n from messages where workspace_id = ${ctx.workspaceId}
      union all
      select (convert_from(body, 'UTF8')::jsonb->>'n')::int from inbound_requests where source_id = ${source.id}`);
    const storedNs = new Set(stored.map((row) => Number(row.n)));
    expect(refused.filter((o) => storedNs.has(o.n)).map((o) => `${o.kind} ${o.n}`)).toEqual([]);
    const acceptedOutcomes = outcomes.filter(ok);
    expect(acceptedOutcomes.filter((o) => !storedNs.has(o.n)).map((o) => `${o.kind} ${o.n}`)).toEqual([]);

    const acceptedMessages = acceptedOutcomes.filter((o) => o.kind === "api").map((o) => o.id!);
    const delivered = () => new Set(receiver.requests.filter((r) => r.verifiedBy.length > 0).map((r) => String(r.headers["webhook-id"])));
    await waitFor(() => acceptedMessages.every((id) => delivered().has(id)), 90_000, "every accepted message delivered");
  });
});

/**
 * A relay on 127.0.0.1 in front of the cluster. `hold()` cuts every connection and keeps new ones waiting (accepted,
 * nothing forwarded), as while a server restarts; `release()` forwards the waiting ones, so whatever the driver
 * queued on them reaches the database then.
 */
async function startRelay(targetPort: number) {
  let holding = false;
  const open = new Set<net.Socket>();
  const waiting: net.Socket[] = [];
  const forward = (client: net.Socket) => {
    if (client.destroyed) return;
    const upstream = net.connect(targetPort, "127.0.0.1");
    const close = () => {
      client.destroy();
      upstream.destroy();
      open.delete(client);
      open.delete(upstream);
    };
    for (const socket of [client, upstream]) {
      open.add(socket);
      socket.on("error", close).on("close", close);
    }
    client.pipe(upstream).pipe(client);
    client.resume();
  };
  const server = net.createServer((client) => {
    if (!holding) return forward(client);
    client.pause();
    client.on("error", () => {});
    waiting.push(client);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.address() as AddressInfo).port,
    get waiting() {
      return waiting.filter((socket) => !socket.destroyed).length;
    },
    hold() {
      holding = true;
      for (const socket of open) socket.destroy();
    },
    release() {
      holding = false;
      for (const client of waiting.splice(0)) forward(client);
    },
    close: () => {
      for (const socket of [...open, ...waiting]) socket.destroy();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

describe("a database that comes back while requests wait for it", () => {
  it("never writes a request it answered 503, though the driver had it queued", { timeout: 120_000 }, async () => {
    const relay = await startRelay(port);
    await closeDb();
    process.env.DATABASE_URL = cluster.url("outage").replace(`:${port}/`, `:${relay.port}/`);
    resetEnvForTests();
    try {
      const { ctx } = await createOwner();
      const source = await createSource({ name: "held" }, ctx);
      const post = async (n: number) => {
        const started = performance.now();
        const { response, json } = await postInbound(source.url, { body: JSON.stringify({ n }), headers: { "content-type": "application/json" } });
        return { n, status: response.status, code: json.error?.code, latencyMs: performance.now() - started };
      };
      // Opens the pool's connections and caches the source (for 2 s), so the held requests' first query is their INSERT.
      expect((await Promise.all(Array.from({ length: 20 }, (_, i) => post(i)))).map((o) => o.status)).toEqual(Array(20).fill(200));
      expect((await post(999)).status).toBe(200);

      // Idle connections cut: the driver reconnects for the next queries, and queues them behind those connections.
      relay.hold();
      await new Promise((r) => setTimeout(r, 100));
      // Beside them, what a dashboard action does (a transaction under a request's deadline) and what a page does (a
      // query under no deadline of its own, bounded all the same).
      const timed = async (work: () => Promise<unknown>) => {
        const started = performance.now();
        const error = await work().then(() => null, (e: unknown) => e);
        return { error, latencyMs: performance.now() - started };
      };
      const [held, action, page] = await Promise.all([
        Promise.all(Array.from({ length: 30 }, (_, i) => post(1000 + i))),
        timed(() => withDatabaseDeadline(BOUND_MS, () => db().transaction((tx) => createEventType({ name: "held.action" }, ctx, tx)))),
        timed(() => db().select().from(eventTypes).where(eq(eventTypes.workspaceId, ctx.workspaceId))),
      ]);
      expect(held.map((o) => o.status)).toEqual(Array(30).fill(503));
      expect(held.map((o) => o.code)).toEqual(Array(30).fill("database_unavailable"));
      for (const o of [...held, action, page]) expect(o.latencyMs).toBeLessThan(BOUND_MS + SLACK_MS);
      for (const { error } of [action, page]) expect(toPublicError(error).code).toBe("database_unavailable");
      expect(relay.waiting).toBeGreaterThan(0); // the driver's connections are still waiting, with the queue behind them

      relay.release();
      await waitFor(async () => (await post(5000)).status === 200, 30_000, "the receiver to store again");
      expect((await checkHealth()).status).toBe("ok");
      const stored = await db().execute<{ n: number }>(dsql`
        select (convert_from(body, 'UTF8')::jsonb->>'n')::int as n from inbound_requests where source_id = ${source.id}`);
      const storedNs = new Set(stored.map((row) => Number(row.n)));
      expect(held.filter((o) => storedNs.has(o.n)).map((o) => o.n)).toEqual([]);
      expect(storedNs.has(5000)).toBe(true);
      // The action's transaction never began: its BEGIN was taken out of the queue with the rest.
      expect(await db().select().from(eventTypes).where(eq(eventTypes.workspaceId, ctx.workspaceId))).toEqual([]);
    } finally {
      await closeDb();
      process.env.DATABASE_URL = cluster.url("outage");
      resetEnvForTests();
      await relay.close();
    }
  });
});
