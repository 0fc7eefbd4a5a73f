// Kills the worker process with SIGKILL in the middle of deliveries and checks that a second worker finishes the job:
// every message arrives at least once, re-deliveries carry the same webhook-id, every request the receiver got is in
// the attempts log, nothing is left pending or sending, and the dead worker's batch comes back within seconds (its
// drain takes a small multiple of a clean run's time, both measured here, on the workers' default lease).
import { spawn, type ChildProcess } from "node:child_process";
import { eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { Id } from "@/lib/platform/id-types";
import { db } from "@/db";
import { attempts, deliveries } from "@/db/schema";
import { createEndpoint } from "@/lib/outbound/endpoints";
import { createEventType } from "@/lib/outbound/event-types";
import { sendMessage } from "@/lib/outbound/send";
import { createOwner } from "@/tests/helpers/factories";
import { startVerifyingReceiver, type VerifyingReceiver } from "@/tests/helpers/verifying-receiver";

const CONCURRENCY = 4;
const MESSAGES = 40;
const RECEIVER_DELAY_MS = 1_000;

let receiver: VerifyingReceiver;
const children: ChildProcess[] = [];

beforeAll(async () => {
  receiver = await startVerifyingReceiver();
});

afterAll(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  await receiver.close();
});

/** The real worker, built, as `npm run worker` runs it, against this test file's database. */
function spawnWorker(): ChildProcess {
  const child = spawn(process.execPath, ["dist/start.mjs", "worker", `--concurrency=${CONCURRENCY}`, "--poll-ms=200"], {
    cwd: process.cwd(),
    env: process.env,
    stdio: ["ignore", "pipe", "pipe"],
    // Its own process group, so the kill reaches the worker process behind the start script too.
    detached: true,
  });
  child.stdout?.resume();
  child.stderr?.resume();
  children.push(child);
  return child;
}

const exited = (child: ChildProcess) =>
  new Promise<number | string | null>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve(child.exitCode ?? child.signalCode);
    child.once("exit", (code, signal) => resolve(code ?? signal));
  });

async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 50));
  }
}

it("a worker killed mid-delivery loses nothing, logs every request it sent, and its batch comes back in seconds", { timeout: 150_000 }, async () => {
  const { ctx } = await createOwner();
  await createEventType({ name: "crash.test" }, ctx);
  const { endpoint, secret } = await createEndpoint({ url: receiver.url }, ctx);
  receiver.secrets = [secret];
  // Every answer takes a second, so a run of MESSAGES takes MESSAGES / CONCURRENCY seconds and a kill lands mid-flight.
  receiver.delayMs = RECEIVER_DELAY_MS;
  const send = async () => {
    const ids: Id<"msg">[] = [];
    for (let i = 0; i < MESSAGES; i++) ids.push((await sendMessage({ eventType: "crash.test", payload: { i } }, ctx)).message.id);
    return ids;
  };
  const allSucceeded = async () => {
    const rows = await db().select({ status: deliveries.status }).from(deliveries).where(eq(deliveries.endpointId, endpoint.id));
    return rows.every((d) => d.status === "succeeded");
  };

  // A clean run: the time the same work takes without a crash.
  await send();
  let started = performance.now();
  const clean = spawnWorker();
  await waitFor(allSucceeded, 60_000);
  const sendMs = performance.now() - started;
  process.kill(-clean.pid!, "SIGTERM");
  await exited(clean);

  // The same work with the worker killed while requests are in flight, and a new worker started at once.
  const messageIds = await send();
  const receivedBefore = receiver.requests.length;
  started = performance.now();
  const first = spawnWorker();
  await waitFor(() => receiver.requests.length >= receivedBefore + 2 * CONCURRENCY + 1, 60_000);
  process.kill(-first.pid!, "SIGKILL");
  expect(await exited(first)).toBe("SIGKILL");
  const inFlightAtKill = receiver.requests.slice(receivedBefore + 2 * CONCURRENCY).map((r) => String(r.headers["webhook-id"]));
  const second = spawnWorker();
  expect(await allSucceeded()).toBe(false);
  await waitFor(allSucceeded, 90_000);
  const drainMs = performance.now() - started;
  process.kill(-second.pid!, "SIGTERM");
  await exited(second);

  const received = receiver.requests.slice(receivedBefore).map((r) => String(r.headers["webhook-id"]));
  for (const id of messageIds) expect(received, id).toContain(id);
  expect(received.every((id) => messageIds.includes(id as Id<"msg">))).toBe(true);
  // What was in flight when the worker died was sent again under the same webhook-id.
  for (const id of inFlightAtKill) expect(received.filter((r) => r === id).length).toBeGreaterThanOrEqual(2);
  expect(receiver.requests.every((r) => r.verifiedBy.length === 1)).toBe(true);

  // Every request the receiver got is on record, including those whose worker died before writing the outcome.
  const logged = await db().select({ messageId: attempts.messageId, errorClass: attempts.errorClass }).from(attempts).where(inArray(attempts.messageId, messageIds));
  for (const id of messageIds) {
    expect(logged.filter((a) => a.messageId === id).length, id).toBeGreaterThanOrEqual(received.filter((r) => r === id).length);
  }
  for (const id of inFlightAtKill) expect(logged.filter((a) => a.messageId === id).map((a) => a.errorClass)).toContain("worker_lost");

  const stuck = await db().select().from(deliveries).where(inArray(deliveries.status, ["pending", "sending"]));
  expect(stuck).toHaveLength(0);
  // The dead worker's claims came back after a short lease, not a minute later: draining takes a small multiple of
  // the clean run (about 2 with the default lease; a 60 s lease made it about 7).
  console.log(`crash-safety: clean run ${Math.round(sendMs)} ms, run with a kill ${Math.round(drainMs)} ms (ratio ${(drainMs / sendMs).toFixed(2)})`);
  expect(drainMs / sendMs).toBeLessThan(3);
});
