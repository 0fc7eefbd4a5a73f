import { spawn, spawnSync } from "node:child_process";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { and, count, eq, sql, type SQL } from "drizzle-orm";
import { Agent, request } from "undici";
import { db } from "../../db";
import { deliveries, endpoints, workspaces } from "../../db/schema";
import { DEFAULT_CONCURRENCY, startWorker } from "../../lib/outbound/worker";
import { closeHttpClient } from "../../lib/net/http-client";
import { createEndpoint, pauseEndpoint } from "../../lib/outbound/endpoints";
import { createEventType } from "../../lib/outbound/event-types";
import { createApiKey } from "../../lib/keys/service";
import { sendMessage } from "../../lib/outbound/send";
import { createOwnerForBench } from "./fixtures";
import { report, type BenchEnv } from "./harness";
import { fmt, load } from "./load";

// The raw baseline runs at the worker's default concurrency, so both sides have as many requests in flight.
const CONCURRENCY = DEFAULT_CONCURRENCY;

export async function startReceiver() {
  const server = createServer((req, res) => {
    req.resume();
    req.on("end", () => res.writeHead(200, { "content-type": "application/json" }).end('{"ok":true}'));
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, close: () => new Promise((r) => server.close(r)) };
}

/** Raw undici keep-alive requests with the same concurrency: the most a sender could do against this receiver. */
async function rawUndici(url: string, total: number) {
  const agent = new Agent({ connections: CONCURRENCY });
  const body = JSON.stringify({ type: "bench.event", timestamp: new Date().toISOString(), data: { n: 1 } });
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < total) {
        next += 1;
        const res = await request(url, { method: "POST", body, headers: { "content-type": "application/json" }, dispatcher: agent });
        await res.body.dump();
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  await agent.close();
  return total / seconds;
}

/**
 * Runs the worker until `expected` deliveries have succeeded (bounded by `maxSeconds`), counted as the worker records
 * them, so measuring adds no queries; then checks the count matching `scope` in the database. Deliveries per second.
 */
export async function deliverAll(scope: SQL, expected: number, maxSeconds: number) {
  const started = performance.now();
  let succeeded = 0;
  let allDone: () => void = () => {};
  const done = new Promise<void>((resolve) => (allDone = resolve));
  // The worker's defaults, as in production.
  const worker = startWorker({
    onRecorded: (recorded) => {
      succeeded += recorded.filter((r) => r.status === "succeeded").length;
      if (succeeded >= expected) allDone();
    },
  });
  const timeout = setTimeout(allDone, maxSeconds * 1000);
  await done;
  const seconds = (performance.now() - started) / 1000;
  clearTimeout(timeout);
  await worker.stop();
  const [{ n: stored }] = await db().select({ n: count() }).from(deliveries).where(and(scope, eq(deliveries.status, "succeeded")));
  if (stored < expected) throw new Error(`only ${stored} of ${expected} deliveries succeeded in ${maxSeconds} s`);
  return { perSecond: expected / seconds, seconds };
}

/** A fresh workspace with one endpoint at the receiver (with `settings`) and `n` messages queued for it. */
export async function queuedDeliveries(receiverUrl: string, n: number, settings: Partial<Parameters<typeof createEndpoint>[0]> = {}) {
  const ctx = await createOwnerForBench();
  await createEventType({ name: "bench.event" }, ctx);
  const { endpoint } = await createEndpoint({ url: receiverUrl, ...settings }, ctx);
  for (let i = 0; i < n; i += 50) {
    await Promise.all(Array.from({ length: Math.min(50, n - i) }, (_, k) => sendMessage({ eventType: "bench.event", payload: { n: i + k } }, ctx)));
  }
  // Statistics as PostgreSQL's autovacuum keeps them for a table in steady use; a bulk load has none until the next
  // autovacuum round, up to a minute later.
  await db().execute(sql`analyze deliveries, messages, endpoints`);
  return eq(deliveries.endpointId, endpoint.id);
}

/**
 * Delivery throughput: the worker against raw undici keep-alive to the same receiver at the same concurrency. Both
 * get a warm-up round, and each side's better of two runs counts.
 */
async function benchDeliveries(receiverUrl: string) {
  const total = 5000;
  await rawUndici(receiverUrl, 1000);
  const raw = Math.max(await rawUndici(receiverUrl, total), await rawUndici(receiverUrl, total));
  await deliverAll(await queuedDeliveries(receiverUrl, 1000), 1000, 60);
  const runs = [];
  for (let i = 0; i < 2; i++) runs.push(await deliverAll(await queuedDeliveries(receiverUrl, total), total, 120));
  const worker = Math.max(...runs.map((r) => r.perSecond));
  report(`Deliveries to a loopback receiver (${total}, concurrency ${CONCURRENCY})`, worker, raw, "deliveries/s", 0.25);
}

/** Milliseconds from spawning `command` until the receiver at `url` gets its first request. */
async function spawnToFirstRequest(command: string[], hit: () => Promise<void>) {
  const started = performance.now();
  const child = spawn(command[0], command.slice(1), { env: process.env, stdio: ["ignore", "ignore", "inherit"] });
  try {
    await hit();
    return performance.now() - started;
  } finally {
    child.kill("SIGTERM");
    await new Promise((r) => (child.exitCode !== null ? r(null) : child.once("exit", r)));
  }
}

/**
 * Worker start to first delivery: `npm run worker`'s process (the built start script, its migration check, the built
 * worker) from spawn until a queued message reaches the receiver, against a bare `node -e` that sends one request
 * to the same receiver. Each side's best of three.
 */
async function benchWorkerStart() {
  const build = spawnSync(process.execPath, ["scripts/build-server.mjs"], { stdio: "inherit" });
  if (build.status !== 0) throw new Error("building the server bundles failed");
  let onRequest: () => void = () => {};
  const server = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      res.writeHead(204).end();
      onRequest();
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  const hit = () => new Promise<void>((resolve) => (onRequest = resolve));
  try {
    const ctx = await createOwnerForBench();
    await createEventType({ name: "bench.event" }, ctx);
    await createEndpoint({ url }, ctx);
    const bare: number[] = [];
    const worker: number[] = [];
    for (let i = 0; i < 3; i++) {
      bare.push(await spawnToFirstRequest([process.execPath, "-e", `fetch(${JSON.stringify(url)}, { method: "POST" })`], hit));
      await sendMessage({ eventType: "bench.event", payload: { n: i } }, ctx);
      worker.push(await spawnToFirstRequest([process.execPath, "dist/start.mjs", "worker"], hit));
    }
    const [w, b] = [Math.min(...worker), Math.min(...bare)];
    console.log(`Worker start to first delivery: ${fmt(w)} ms vs bare node -e start to first request ${fmt(b)} ms → ratio ${(w / b).toFixed(2)}`);
  } finally {
    server.close();
  }
}

/**
 * The delivery benchmarks: throughput against raw undici, and a fan-out to 1,000 endpoints. They run in a process of
 * their own (scripts/bench/deliveries.ts), started with the worker's runtime options, as the worker itself is.
 */
export async function benchDelivery() {
  const receiver = await startReceiver();
  try {
    await benchWorkerStart();
    await benchDeliveries(receiver.url);


    // Fan-out: one message to 1,000 endpoints, until the last delivery is recorded.
    const fanWs = await createOwnerForBench();
    await createEventType({ name: "bench.event" }, fanWs);
    for (let i = 0; i < 1000; i++) await createEndpoint({ url: `${receiver.url}?e=${i}` }, fanWs);
    const t0 = performance.now();
    const sent = await sendMessage({ eventType: "bench.event", payload: { n: 0 } }, fanWs);
    const acceptedMs = performance.now() - t0;
    const fan = await deliverAll(eq(deliveries.messageId, sent.message.id), sent.deliveryCount, 120);
    const [{ n: endpointCount }] = await db().select({ n: count() }).from(endpoints).where(eq(endpoints.workspaceId, fanWs.workspaceId));
    const rawFan = await rawUndici(receiver.url, 1000);
    console.log(`  fan-out accepted (message + ${sent.deliveryCount} deliveries in one transaction) in ${fmt(acceptedMs)} ms`);
    report(`Fan-out to ${endpointCount} endpoints, until the last delivery is recorded`, 1000 / fan.seconds, rawFan, "deliveries/s");
    console.log(`  fan-out total: ${fmt(fan.seconds * 1000)} ms for 1000 endpoints`);
  } finally {
    await closeHttpClient();
    await receiver.close();
  }
}

export async function benchOutbound(bench: BenchEnv) {
  console.log("\n## Outbound");
  const receiver = await startReceiver();
  try {
    // Accept rate: POST /api/v1/messages against a bare handler doing one INSERT. The endpoint is paused so the
    // figure is ingest only (validation, outbox transaction, 202), not delivery.
    const ingest = await createOwnerForBench();
    await db().update(workspaces).set({ apiRateLimitPerMinute: 100_000_000 }).where(eq(workspaces.id, ingest.workspaceId));
    await createEventType({ name: "bench.event", schema: { type: "object", properties: { n: { type: "integer" } }, required: ["n"] } }, ingest);
    const { endpoint } = await createEndpoint({ url: receiver.url }, ingest);
    await pauseEndpoint({ id: endpoint.id }, ingest);
    const { key } = await createApiKey({ name: "bench", scopes: ["messages:write"], ipAllowlist: "" }, ingest);
    let n = 0;
    const options = { requests: 3000, maxSeconds: 15, concurrency: 16, method: "POST" as const, headers: { "content-type": "application/json" } };
    const accept = () => load(`${bench.appUrl}/api/v1/messages`, { ...options, headers: { ...options.headers, authorization: `Bearer ${key}` }, body: () => JSON.stringify({ eventType: "bench.event", payload: { n: n++ } }) });
    const bare = () => load(`${bench.appUrl}/api/bench/insert`, { ...options, body: () => JSON.stringify({ n: n++ }) });
    await bare();
    await accept();
    const [b1, a1, b2, a2] = [await bare(), await accept(), await bare(), await accept()];
    const [b, a] = [b1.rps >= b2.rps ? b1 : b2, a1.rps >= a2.rps ? a1 : a2];
    if (a.errors + b.errors > 0) throw new Error(`non-2xx responses: messages ${a.errors}, bare ${b.errors}`);
    console.log(`  messages p50 ${fmt(a.p50)} ms p99 ${fmt(a.p99)} ms; bare insert p50 ${fmt(b.p50)} ms p99 ${fmt(b.p99)} ms`);
    report("POST /api/v1/messages accept rate", a.rps, b.rps, "req/s", 0.7);

  } finally {
    await closeHttpClient();
    await receiver.close();
  }
}
