// Kills the worker process with SIGKILL in the middle of deliveries and checks that a second worker finishes the job:
// every message arrives at least once, re-deliveries carry the same webhook-id, and nothing is left pending or sending.
import { spawn, type ChildProcess } from "node:child_process";
import { eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import { db } from "@/db";
import { deliveries } from "@/db/schema";
import { createEndpoint } from "@/lib/endpoints";
import { createEventType } from "@/lib/event-types";
import { sendMessage } from "@/lib/messages";
import { createOwner } from "@/tests/helpers/factories";
import { startVerifyingReceiver, type VerifyingReceiver } from "@/tests/helpers/verifying-receiver";

let receiver: VerifyingReceiver;
const children: ChildProcess[] = [];

beforeAll(async () => {
  receiver = await startVerifyingReceiver();
});

afterAll(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  await receiver.close();
});

/** The real worker entry point, as `npm run worker` runs it, against this test file's database. */
function spawnWorker(): ChildProcess {
  const child = spawn("npx", ["--no-install", "tsx", "scripts/worker.ts", "--concurrency=4", "--lease-seconds=2", "--poll-ms=200"], {
    cwd: process.cwd(),
    env: process.env,
    stdio: ["ignore", "pipe", "pipe"],
    // Its own process group, so the kill reaches the node process behind npx too.
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

it("a worker killed mid-delivery loses nothing", { timeout: 120_000 }, async () => {
  const { ctx } = await createOwner();
  await createEventType({ name: "crash.test" }, ctx);
  const { endpoint, secret } = await createEndpoint({ url: receiver.url }, ctx);
  receiver.secrets = [secret];
  const messageIds: string[] = [];
  for (let i = 0; i < 12; i++) messageIds.push((await sendMessage({ eventType: "crash.test", payload: { i } }, ctx)).message.id);

  // The receiver holds each answer long enough for the kill to land while requests are in flight.
  receiver.delayMs = 3_000;
  const first = spawnWorker();
  await waitFor(() => receiver.requests.length >= 2, 60_000);
  process.kill(-first.pid!, "SIGKILL");
  expect(await exited(first)).toBe("SIGKILL");
  const inFlightAtKill = receiver.requests.map((r) => String(r.headers["webhook-id"]));
  const pendingAtKill = await db().select({ status: deliveries.status }).from(deliveries).where(eq(deliveries.endpointId, endpoint.id));
  expect(pendingAtKill.some((d) => d.status !== "succeeded")).toBe(true);

  receiver.delayMs = 0;
  const second = spawnWorker();
  await waitFor(async () => {
    const rows = await db().select({ status: deliveries.status }).from(deliveries).where(eq(deliveries.endpointId, endpoint.id));
    return rows.every((d) => d.status === "succeeded");
  }, 60_000);
  process.kill(-second.pid!, "SIGTERM");
  await exited(second);

  const received = receiver.requests.map((r) => String(r.headers["webhook-id"]));
  for (const id of messageIds) expect(received, id).toContain(id);
  expect(received.every((id) => messageIds.includes(id))).toBe(true);
  // What was in flight when the worker died was sent again under the same webhook-id.
  for (const id of inFlightAtKill) expect(received.filter((r) => r === id).length).toBeGreaterThanOrEqual(2);
  expect(receiver.requests.every((r) => r.verifiedBy.length === 1)).toBe(true);
  const stuck = await db().select().from(deliveries).where(inArray(deliveries.status, ["pending", "sending"]));
  expect(stuck).toHaveLength(0);
});
