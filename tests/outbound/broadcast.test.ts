// Broadcasts: one event to every application, one message each and one delivery per matching endpoint, written in
// batches; exactly that after the broadcasting process is killed midway and another resumes from its cursor; progress
// readable through the API while it runs.
import { spawn, type ChildProcess } from "node:child_process";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as broadcastRoute from "@/app/api/v1/messages/broadcast/route";
import * as broadcastProgress from "@/app/api/v1/messages/broadcast/[id]/route";
import { db } from "@/db";
import type { RequestContext } from "@/lib/api/request-context";
import { createApplication } from "@/lib/applications";
import { createBroadcast, getBroadcast, recordBroadcastFailure, runBroadcast, runBroadcastBatch } from "@/lib/outbound/broadcast";
import { startWorker } from "@/lib/outbound/worker";
import { closeHttpClient } from "@/lib/net/http-client";
import { createEndpoint } from "@/lib/outbound/endpoints";
import { createEventType } from "@/lib/outbound/event-types";
import { insertApplications, type BulkEndpoint } from "@/scripts/bench/fixtures";
import { apiRequest, noParams } from "../helpers/api";
import { createOwnerWithKey } from "../helpers/factories";
import { startVerifyingReceiver } from "../helpers/verifying-receiver";

const APPLICATIONS = 2_000;
const URL = "http://127.0.0.1:9/hook";

/**
 * Application i's endpoints: most have one for the type; every 7th has none; every 10th one for another type only;
 * every 13th a second one for every type; every 17th a disabled one besides (which gets nothing).
 */
function endpointsFor(i: number): BulkEndpoint[] {
  if (i % 7 === 0) return [];
  const list: BulkEndpoint[] = [{ url: `${URL}?a=${i}`, eventTypes: i % 10 === 0 ? ["other.event"] : ["invoice.paid"] }];
  if (i % 13 === 0) list.push({ url: `${URL}?a=${i}&all`, eventTypes: null });
  if (i % 17 === 0) list.push({ url: `${URL}?a=${i}&off`, eventTypes: ["invoice.paid"], status: "disabled" });
  return list;
}
const matching = (e: BulkEndpoint) => e.status !== "disabled" && (e.eventTypes === null || e.eventTypes.includes("invoice.paid"));

const params = <T>(value: T) => ({ params: Promise.resolve(value) });
type Broadcast = { id: string; status: string; progress: { applicationsTotal: number; applicationsDone: number; messagesCreated: number; deliveriesCreated: number } };

let owner: { key: string; ctx: RequestContext };
const children: ChildProcess[] = [];

/** A workspace of APPLICATIONS applications (and their endpoints); the ids of the endpoints that should receive. */
async function workspaceWithApplications() {
  const { key, ctx } = await createOwnerWithKey();
  await createEventType({ name: "invoice.paid", schema: { type: "object", required: ["amount"], properties: { amount: { type: "integer" } } } }, ctx);
  await createEventType({ name: "other.event" }, ctx);
  // The endpoint whose secret the bulk endpoints copy lives in an application of its own, for another type.
  const { endpoint: template } = await createEndpoint({ url: URL, eventTypes: ["other.event"] }, ctx);
  const made = await insertApplications(ctx.workspaceId, APPLICATIONS, endpointsFor, template.id);
  return { key, ctx, expected: made.filter((e) => matching(e.spec)).map((e) => e.id).sort() };
}

async function post(key: string, body: unknown, headers: Record<string, string> = {}) {
  const response = await broadcastRoute.POST(apiRequest("/api/v1/messages/broadcast", { method: "POST", key, body, headers }), noParams);
  return { status: response.status, body: (await response.json()) as Broadcast & { error?: { code: string; issues?: { path: string }[] } } };
}

async function progress(key: string, id: string) {
  const response = await broadcastProgress.GET(apiRequest(`/api/v1/messages/broadcast/${id}`, { key }), params({ id }));
  expect(response.status).toBe(200);
  return (await response.json()) as Broadcast;
}

/** What the broadcast wrote: messages per application, and its deliveries' endpoints. */
async function written(broadcastId: string) {
  const [m] = await db().execute<{ n: number; apps: number }>(sql`select count(*)::int as n, count(distinct application_id)::int as apps from messages where broadcast_id = ${broadcastId}`);
  const d = await db().execute<{ endpoint_id: string }>(sql`select d.endpoint_id from deliveries d join messages m on m.id = d.message_id where m.broadcast_id = ${broadcastId} order by d.endpoint_id`);
  return { messages: m.n, applications: m.apps, endpoints: d.map((r) => r.endpoint_id) };
}

/** Pauses the workspace's endpoints, whose receiver does not exist, so their deliveries stay out of the worker test's way. */
async function holdDeliveries(workspaceId: string) {
  await db().execute(sql`update endpoints set status = 'paused' where workspace_id = ${workspaceId}`);
}

async function waitFor<T>(check: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 25));
  }
}

beforeAll(async () => {
  const { key, ctx } = await createOwnerWithKey();
  owner = { key, ctx };
  await createEventType({ name: "invoice.paid", schema: { type: "object", required: ["amount"], properties: { amount: { type: "integer" } } } }, ctx);
});

afterAll(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  await closeHttpClient();
});

describe("POST /api/v1/messages/broadcast", () => {
  it("validates the payload like a send, refuses a repeated eventId, and hides other workspaces' broadcasts", async () => {
    const invalid = await post(owner.key, { eventType: "invoice.paid", payload: { amount: "ten" } });
    expect(invalid.status).toBe(422);
    expect(invalid.body.error!.issues!.map((i) => i.path)).toEqual(["payload.amount"]);
    expect((await post(owner.key, { eventType: "no.such", payload: {} })).status).toBe(422);

    const first = await post(owner.key, { eventType: "invoice.paid", payload: { amount: 1 }, eventId: "bc_1" });
    expect(first.status).toBe(202);
    expect(first.body).toMatchObject({ status: "pending", progress: { applicationsTotal: 0, applicationsDone: 0, messagesCreated: 0, deliveriesCreated: 0 } });
    const again = await post(owner.key, { eventType: "invoice.paid", payload: { amount: 1 }, eventId: "bc_1" });
    expect(again.status).toBe(409);
    expect(again.body.error!.code).toBe("duplicate_event");

    // The same request under an Idempotency-Key is answered from the first response, not broadcast twice.
    const keyed = await post(owner.key, { eventType: "invoice.paid", payload: { amount: 2 } }, { "idempotency-key": "bc-key" });
    const replayed = await post(owner.key, { eventType: "invoice.paid", payload: { amount: 2 } }, { "idempotency-key": "bc-key" });
    expect(replayed.body.id).toBe(keyed.body.id);

    const stranger = await createOwnerWithKey();
    const response = await broadcastProgress.GET(apiRequest(`/api/v1/messages/broadcast/${first.body.id}`, { key: stranger.key }), params({ id: first.body.id }));
    expect(response.status).toBe(404);

    // A context limited to one application may neither broadcast nor see broadcasts.
    const limited = { ...owner.ctx, applicationId: "app_someone" as const };
    await expect(createBroadcast({ eventType: "invoice.paid", payload: { amount: 1 } }, limited)).rejects.toMatchObject({ code: "forbidden" });
    await expect(getBroadcast({ id: first.body.id }, limited)).rejects.toMatchObject({ code: "not_found" });

    // A workspace without applications completes at once, with nothing written.
    expect((await runBroadcast(first.body.id)).state).toBe("done");
    expect(await progress(owner.key, first.body.id)).toMatchObject({ status: "completed", progress: { applicationsDone: 0, messagesCreated: 0 } });
  });

  it("a failed batch keeps its error and backs off; five in a row fail the broadcast", async () => {
    const accepted = await post(owner.key, { eventType: "invoice.paid", payload: { amount: 5 } });
    const id = accepted.body.id;
    await recordBroadcastFailure(id, new Error("database went away"));
    expect(await progress(owner.key, id)).toMatchObject({ status: "pending", lastError: "database went away" });
    // Backing off: nobody may run it for a second, this process included.
    expect((await runBroadcastBatch(id)).state).toBe("leased");
    for (let i = 0; i < 4; i++) await recordBroadcastFailure(id, new Error(`failure ${i + 2}`));
    expect(await progress(owner.key, id)).toMatchObject({ status: "failed", lastError: "failure 5" });
    expect((await runBroadcast(id)).state).toBe("done");
  });

  it(`writes one message per application and one delivery per matching endpoint for ${APPLICATIONS} applications`, async () => {
    const { key, ctx, expected } = await workspaceWithApplications();
    const accepted = await post(key, { eventType: "invoice.paid", payload: { amount: 42 } });
    expect(accepted.status).toBe(202);
    expect(accepted.body.progress.applicationsTotal).toBe(APPLICATIONS + 1);
    // An application made after the broadcast was accepted is not part of it.
    const latecomer = await createApplication({ name: "Late" }, ctx);
    await createEndpoint({ url: URL, application: latecomer.id }, ctx);

    const result = await runBroadcast(accepted.body.id, { batchSize: 150 });
    expect(result.state).toBe("done");
    const done = await progress(key, accepted.body.id);
    expect(done).toMatchObject({ status: "completed", progress: { applicationsTotal: APPLICATIONS + 1, applicationsDone: APPLICATIONS + 1, messagesCreated: APPLICATIONS + 1, deliveriesCreated: expected.length } });
    const w = await written(accepted.body.id);
    expect(w.messages).toBe(APPLICATIONS + 1);
    expect(w.applications).toBe(APPLICATIONS + 1);
    expect(w.endpoints).toEqual(expected);
    // Running it again writes nothing more.
    expect((await runBroadcast(accepted.body.id)).state).toBe("done");
    expect((await written(accepted.body.id)).messages).toBe(APPLICATIONS + 1);
    await holdDeliveries(ctx.workspaceId);
  });

  it("resumes after the broadcasting process is killed midway, without a second message or delivery", async () => {
    const { key, ctx, expected } = await workspaceWithApplications();
    const accepted = await post(key, { eventType: "invoice.paid", payload: { amount: 7 } });
    const id = accepted.body.id;

    const child = spawn(process.execPath, ["--import", "tsx", "tests/outbound/broadcast-runner.ts", id, "100", "150"], { cwd: process.cwd(), env: process.env, stdio: ["ignore", "pipe", "pipe"] });
    children.push(child);
    let stderr = "";
    child.stderr?.on("data", (c) => (stderr += c));
    child.stdout?.resume();
    const exited = new Promise<string | number | null>((resolve) => child.once("exit", (code, signal) => resolve(signal ?? code)));

    // Progress through the API while it runs: kill once at least one batch is in and not all of them.
    const seen = await waitFor(async () => {
      if (child.exitCode !== null) throw new Error(`the runner exited early: ${stderr}`);
      const p = await progress(key, id);
      return p.progress.applicationsDone >= 100 ? p : undefined;
    }, 60_000);
    child.kill("SIGKILL");
    expect(await exited).toBe("SIGKILL");
    expect(seen.status).toBe("running");
    const atKill = await progress(key, id);
    expect(atKill.status).toBe("running");
    expect(atKill.progress.applicationsDone).toBeLessThan(APPLICATIONS + 1);
    expect((await written(id)).messages).toBe(atKill.progress.messagesCreated);

    // The dead runner's lease (2 s) lapses; then this process takes over from the cursor.
    const resumed = await waitFor(async () => {
      const r = await runBroadcast(id);
      return r.state === "leased" ? undefined : r;
    }, 15_000);
    expect(resumed.state).toBe("done");
    expect(await progress(key, id)).toMatchObject({ status: "completed", progress: { applicationsDone: APPLICATIONS + 1, messagesCreated: APPLICATIONS + 1, deliveriesCreated: expected.length } });
    const w = await written(id);
    expect(w.messages).toBe(APPLICATIONS + 1);
    expect(w.applications).toBe(APPLICATIONS + 1);
    expect(w.endpoints).toEqual(expected);
    await holdDeliveries(ctx.workspaceId);
  });

  it("is run by the worker once accepted, and its deliveries reach the receivers signed, one per endpoint", async () => {
    const receiver = await startVerifyingReceiver();
    const worker = startWorker({ pollIntervalMs: 200 });
    try {
      const { key, ctx } = await createOwnerWithKey();
      await createEventType({ name: "invoice.paid" }, ctx);
      const { endpoint: template, secret } = await createEndpoint({ url: `${receiver.url}?template` }, ctx);
      receiver.secrets = [secret];
      await insertApplications(ctx.workspaceId, 30, (i) => [{ url: `${receiver.url}?a=${i}`, eventTypes: null }], template.id);
      const accepted = await post(key, { eventType: "invoice.paid", payload: { amount: 3 } });
      expect(accepted.status).toBe(202);

      await waitFor(async () => (receiver.requests.length >= 31 ? true : undefined), 30_000);
      expect(await progress(key, accepted.body.id)).toMatchObject({ status: "completed", progress: { applicationsDone: 31, messagesCreated: 31, deliveriesCreated: 31 } });
      expect(receiver.requests.every((r) => r.verifiedBy.length === 1)).toBe(true);
      expect(new Set(receiver.requests.map((r) => r.headers["webhook-id"])).size).toBe(31);
      expect(new Set(receiver.requests.map((r) => JSON.parse(r.body).data.amount))).toEqual(new Set([3]));
    } finally {
      await worker.stop();
      await receiver.close();
    }
  });
});
