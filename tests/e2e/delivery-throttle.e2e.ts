// An endpoint's rate limit (rate_limit_per_second) holds at the receiver across workers: two worker processes, as
// `npm run worker` runs them, deliver a backlog to an endpoint limited to 5 a second, and the receiver, recording when
// each request arrives, never sees more than 5 within any one second. Every message still arrives, and a delivery
// held back by the throttle counts no attempt.
// In the e2e project, which runs one file at a time after the unit tests: the assertion is about arrival times at a
// receiver, which a machine busy with other test files (timers firing late) would blur.
import { spawn, type ChildProcess } from "node:child_process";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import { db } from "@/db";
import { HORIZON_MS, takeSendSlot } from "@/lib/outbound/throttle";
import { createEndpoint } from "@/lib/outbound/endpoints";
import { createEventType } from "@/lib/outbound/event-types";
import { sendMessage } from "@/lib/outbound/send";
import { createOwner } from "@/tests/helpers/factories";

const LIMIT = 5;
const MESSAGES = 25;

let server: http.Server;
let url: string;
const arrivals: { at: number; webhookId: string }[] = [];
const workers: ChildProcess[] = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    arrivals.push({ at: performance.now(), webhookId: String(req.headers["webhook-id"]) });
    req.resume();
    req.on("end", () => res.writeHead(204).end());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`;
});

afterAll(async () => {
  for (const worker of workers) if (worker.exitCode === null && worker.signalCode === null) process.kill(-worker.pid!, "SIGKILL");
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

/** The real worker entry point against this test file's database; resolves once it says it has started. */
function startWorkerProcess(): Promise<ChildProcess> {
  const child = spawn("npx", ["--no-install", "tsx", "scripts/worker.ts", "--batch-size=3", "--poll-ms=100"], {
    cwd: process.cwd(),
    env: process.env,
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  workers.push(child);
  child.stderr?.resume();
  return new Promise((resolve, reject) => {
    let output = "";
    child.stdout!.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('"worker started"')) resolve(child);
    });
    child.once("exit", (code) => reject(new Error(`worker exited with ${code}: ${output}`)));
  });
}

async function waitFor(check: () => boolean, timeoutMs: number, what: string) {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

it("never lets more than the limit reach the receiver within a second, across two workers", { timeout: 120_000 }, async () => {
  const { ctx } = await createOwner();
  await createEventType({ name: "throttle.test" }, ctx);
  const { endpoint } = await createEndpoint({ url, rateLimitPerSecond: LIMIT }, ctx);
  await Promise.all([startWorkerProcess(), startWorkerProcess()]);

  const ids: string[] = [];
  for (let i = 0; i < MESSAGES; i++) ids.push((await sendMessage({ eventType: "throttle.test", payload: { i } }, ctx)).message.id);
  await waitFor(() => new Set(arrivals.map((a) => a.webhookId)).size === MESSAGES, 90_000, "every message to arrive");

  expect(new Set(arrivals.map((a) => a.webhookId))).toEqual(new Set(ids));
  // No window of one second holds LIMIT + 1 arrivals: any LIMIT + 1 consecutive ones span more than a second.
  const times = arrivals.map((a) => a.at).sort((a, b) => a - b);
  const spans = times.slice(LIMIT).map((t, i) => Math.round(t - times[i]));
  const mostInASecond = Math.max(...times.map((t) => times.filter((u) => u >= t && u < t + 1000).length));
  console.log(JSON.stringify({ arrivals: times.length, mostInASecond, shortestSpanOfLimitPlusOneMs: Math.min(...spans), totalMs: Math.round(times.at(-1)! - times[0]) }));
  for (const span of spans) expect(span).toBeGreaterThan(1000);

  // Held back is not attempted: one attempt per delivery, all successful.
  const attempts = await db().execute<{ n: number; ok: boolean }>(sql`
    select count(*)::int as n, bool_and(succeeded) as ok from attempts where endpoint_id = ${endpoint.id} group by delivery_id`);
  expect(attempts).toHaveLength(MESSAGES);
  expect(attempts.every((a) => a.n === 1 && a.ok)).toBe(true);
});

it("hands out slots one after another, within the horizon, and sends the rest back for later", async () => {
  const { ctx } = await createOwner();
  const { endpoint } = await createEndpoint({ url, rateLimitPerSecond: 10 }, ctx);
  // Slots 110 ms apart: about nine fit within the one-second horizon, the others are for later.
  const slots = [];
  for (let i = 0; i < 20; i++) slots.push(await takeSendSlot(endpoint.id, 10));
  expect(slots.filter((s) => s.kind === "later").length).toBeGreaterThan(0);
  const waits = slots.flatMap((s) => (s.kind === "send" ? [s.waitMs] : []));
  expect(waits.length).toBeGreaterThan(1);
  expect(waits[0]).toBe(0);
  for (let i = 1; i < waits.length; i++) expect(waits[i]).toBeGreaterThan(waits[i - 1]);
  expect(Math.max(...waits)).toBeLessThanOrEqual(HORIZON_MS);
});
