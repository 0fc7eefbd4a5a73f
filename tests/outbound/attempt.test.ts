import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/db";
import { attempts, auditLog, deliveries, endpoints, endpointSecrets, operationalEvents } from "@/db/schema";
import { attemptDelivery, USER_AGENT } from "@/lib/outbound/attempt";
import { closeHttpClient, DEFAULT_MAX_RESPONSE_BYTES } from "@/lib/net/http-client";
import { createEndpoint, pauseEndpoint, rotateEndpointSecret, updateEndpoint } from "@/lib/outbound/endpoints";
import { createEventType } from "@/lib/outbound/event-types";
import { sendMessage } from "@/lib/outbound/send";
import type { RequestContext } from "@/lib/api/request-context";
import { startChaosReceiver, type ChaosReceiver } from "@/tests/helpers/chaos-receiver";
import { createOwner } from "@/tests/helpers/factories";
import { startVerifyingReceiver, type VerifyingReceiver } from "@/tests/helpers/verifying-receiver";
import type { Id } from "@/lib/platform/id-types";

let ctx: RequestContext;
let chaos: ChaosReceiver;
let verifier: VerifyingReceiver;

beforeAll(async () => {
  ctx = (await createOwner()).ctx;
  await createEventType({ name: "order.paid" }, ctx);
  chaos = await startChaosReceiver();
  verifier = await startVerifyingReceiver();
});

afterAll(async () => {
  await closeHttpClient();
  await chaos.close();
  await verifier.close();
});

/** A fresh endpoint and one message to it; returns the delivery id. */
async function deliveryTo(url: string, extra: Record<string, unknown> = {}) {
  const { endpoint, secret } = await createEndpoint({ url, eventTypes: ["order.paid"], ...extra }, ctx);
  const sent = await sendMessage({ eventType: "order.paid", payload: { orderId: "o_1", amount: 42 } }, ctx);
  const [delivery] = await db().select().from(deliveries).where(and(eq(deliveries.messageId, sent.message.id), eq(deliveries.endpointId, endpoint.id)));
  return { endpoint, secret, messageId: sent.message.id, deliveryId: delivery.id };
}

const deliveryRow = async (id: Id<"dlv">) => (await db().select().from(deliveries).where(eq(deliveries.id, id)))[0];
const attemptRows = async (deliveryId: Id<"dlv">) => db().select().from(attempts).where(eq(attempts.deliveryId, deliveryId)).orderBy(attempts.number);
/** Makes a scheduled retry due now, instead of waiting for it. */
const makeDue = (id: Id<"dlv">) => db().update(deliveries).set({ nextAttemptAt: sql`now()` }).where(eq(deliveries.id, id));

describe("signed delivery", () => {
  it("delivers the envelope with Standard Webhooks headers that the standardwebhooks package verifies", async () => {
    const { secret, deliveryId, messageId } = await deliveryTo(verifier.url);
    verifier.secrets = [secret];
    const before = verifier.requests.length;
    const result = await attemptDelivery(deliveryId);
    expect(result).toMatchObject({ status: "succeeded", attemptNumber: 1, nextAttemptAt: null });

    const received = verifier.requests[before];
    expect(received.verifiedBy).toEqual([0]);
    expect(received.headers["webhook-id"]).toBe(messageId);
    expect(received.headers["user-agent"]).toBe(USER_AGENT);
    expect(received.headers["content-type"]).toBe("application/json");
    const body = JSON.parse(received.body);
    expect(body).toMatchObject({ type: "order.paid", data: { orderId: "o_1", amount: 42 } });
    expect(new Date(body.timestamp).toISOString()).toBe(body.timestamp);

    const [attempt] = await attemptRows(deliveryId);
    expect(attempt).toMatchObject({ number: 1, trigger: "scheduled", succeeded: true, responseStatus: 204, errorClass: null });
    expect(attempt.requestHeaders["webhook-id"]).toBe(messageId);
    expect(await deliveryRow(deliveryId)).toMatchObject({ status: "succeeded", attemptCount: 1, leaseUntil: null, leaseToken: null });
    // Final: a second call sends nothing.
    expect(await attemptDelivery(deliveryId)).toMatchObject({ status: "skipped", reason: "final" });
  });

  it("signs with both secrets during a rotation overlap, and only the new one after", async () => {
    const { endpoint, secret: oldSecret } = await deliveryTo(verifier.url);
    const { secret: newSecret } = await rotateEndpointSecret({ id: endpoint.id }, ctx);
    verifier.secrets = [oldSecret, newSecret];

    const during = await sendMessage({ eventType: "order.paid", payload: { n: 1 } }, ctx);
    const [d1] = await db().select().from(deliveries).where(and(eq(deliveries.messageId, during.message.id), eq(deliveries.endpointId, endpoint.id)));
    const before = verifier.requests.length;
    expect(await attemptDelivery(d1.id)).toMatchObject({ status: "succeeded" });
    const overlap = verifier.requests[before];
    expect(String(overlap.headers["webhook-signature"]).split(" ")).toHaveLength(2);
    expect(overlap.verifiedBy).toEqual([0, 1]);

    // The overlap ends: the old secret's expiry passes.
    await db().update(endpointSecrets).set({ expiresAt: sql`now() - interval '1 second'` }).where(and(eq(endpointSecrets.endpointId, endpoint.id), sql`${endpointSecrets.expiresAt} is not null`));
    const after = await sendMessage({ eventType: "order.paid", payload: { n: 2 } }, ctx);
    const [d2] = await db().select().from(deliveries).where(and(eq(deliveries.messageId, after.message.id), eq(deliveries.endpointId, endpoint.id)));
    expect(await attemptDelivery(d2.id)).toMatchObject({ status: "succeeded" });
    const last = verifier.requests.at(-1)!;
    expect(String(last.headers["webhook-signature"]).split(" ")).toHaveLength(1);
    expect(last.verifiedBy).toEqual([1]);
  });

  it("sends custom headers and outbound auth, storing the credential redacted", async () => {
    const { deliveryId } = await deliveryTo(`${chaos.url}/ok`, { headers: { "X-Tenant": "acme" }, auth: { type: "bearer", token: "tok_live_secret" } });
    expect(await attemptDelivery(deliveryId)).toMatchObject({ status: "succeeded" });
    const seen = chaos.requestsTo("/ok").at(-1)!;
    expect(seen.headers["x-tenant"]).toBe("acme");
    expect(seen.headers.authorization).toBe("Bearer tok_live_secret");
    const [attempt] = await attemptRows(deliveryId);
    expect(attempt.requestHeaders.authorization).toBe("Bearer tok...[redacted]");
    expect(JSON.stringify(attempt)).not.toContain("tok_live_secret");
  });

  it("never stores a credential custom header in the clear, even one saved before such headers were refused", async () => {
    const { endpoint, deliveryId } = await deliveryTo(`${chaos.url}/ok`, { headers: { "X-Tenant": "acme" } });
    // Written around the schema, as an endpoint saved before credential headers were refused would be.
    await db().update(endpoints).set({ headers: { "X-Tenant": "acme", Authorization: "Bearer legacy_secret_token", Cookie: "sid=legacy_cookie" } }).where(eq(endpoints.id, endpoint.id));
    expect(await attemptDelivery(deliveryId)).toMatchObject({ status: "succeeded" });
    expect(chaos.requestsTo("/ok").at(-1)!.headers.authorization).toBe("Bearer legacy_secret_token");
    const [attempt] = await attemptRows(deliveryId);
    expect(attempt.requestHeaders).toMatchObject({ "x-tenant": "acme", authorization: "Bearer lega...[redacted]" });
    expect(JSON.stringify(attempt)).not.toMatch(/legacy_secret_token|legacy_cookie/);
  });
});

describe("failures and the retry schedule", () => {
  it("500: schedules the next attempt 5 s ±20% later, then 5 min ±20%, with the same webhook-id and fresh timestamps", async () => {
    const { deliveryId, messageId } = await deliveryTo(`${chaos.url}/fail`);
    const first = await attemptDelivery(deliveryId);
    expect(first.status).toBe("failed");
    const row = await deliveryRow(deliveryId);
    const [a1] = await attemptRows(deliveryId);
    const delay1 = (row.nextAttemptAt!.getTime() - a1.createdAt.getTime() - a1.durationMs) / 1000;
    expect(delay1).toBeGreaterThanOrEqual(4);
    expect(delay1).toBeLessThanOrEqual(6);
    expect(row).toMatchObject({ attemptCount: 1, lastResponseStatus: 500, leaseToken: null });
    expect(a1).toMatchObject({ succeeded: false, responseStatus: 500, errorClass: "http_status", responseBody: "internal error" });

    // Not due yet: nothing is sent.
    expect(await attemptDelivery(deliveryId)).toMatchObject({ status: "skipped", reason: "not_due" });
    await makeDue(deliveryId);
    expect((await attemptDelivery(deliveryId)).status).toBe("failed");
    const [, a2] = await attemptRows(deliveryId);
    const row2 = await deliveryRow(deliveryId);
    const delay2 = (row2.nextAttemptAt!.getTime() - a2.createdAt.getTime() - a2.durationMs) / 1000;
    expect(delay2).toBeGreaterThanOrEqual(240);
    expect(delay2).toBeLessThanOrEqual(360);

    const sent = chaos.requestsTo("/fail").filter((r) => r.headers["webhook-id"] === messageId);
    expect(sent).toHaveLength(2);
    // The timestamp (and so the signature) is made per attempt, at the time it was sent.
    for (const a of [a1, a2]) expect(a.requestHeaders["webhook-timestamp"]).toBe(String(Math.floor(a.createdAt.getTime() / 1000)));
  });

  it("429 with Retry-After: honoured, clamped to between the scheduled delay and twice it", async () => {
    const { deliveryId } = await deliveryTo(`${chaos.url}/rate-limited?retry-after=120`);
    await attemptDelivery(deliveryId);
    const row = await deliveryRow(deliveryId);
    const [a] = await attemptRows(deliveryId);
    // The scheduled delay after attempt 1 is 5 s, so 120 s is clamped to 10 s (no jitter on a receiver's request).
    expect(row.nextAttemptAt!.getTime() - a.createdAt.getTime() - a.durationMs).toBe(10_000);
    expect(a.responseStatus).toBe(429);

    const { deliveryId: within } = await deliveryTo(`${chaos.url}/rate-limited?retry-after=7`);
    await attemptDelivery(within);
    const [b] = await attemptRows(within);
    expect((await deliveryRow(within)).nextAttemptAt!.getTime() - b.createdAt.getTime() - b.durationMs).toBe(7_000);
  });

  it("410 is a failure like any other status", async () => {
    const { deliveryId } = await deliveryTo(`${chaos.url}/gone`);
    expect((await attemptDelivery(deliveryId)).status).toBe("failed");
    expect((await attemptRows(deliveryId))[0]).toMatchObject({ responseStatus: 410, errorClass: "http_status" });
    expect((await deliveryRow(deliveryId)).nextAttemptAt).not.toBeNull();
  });

  it("302 is a failure and the redirect is never followed", async () => {
    const targetHits = chaos.requestsTo("/redirect-target").length;
    const { deliveryId } = await deliveryTo(`${chaos.url}/redirect`);
    expect((await attemptDelivery(deliveryId)).status).toBe("failed");
    expect((await attemptRows(deliveryId))[0]).toMatchObject({ responseStatus: 302, errorClass: "redirect" });
    expect(chaos.requestsTo("/redirect-target")).toHaveLength(targetHits);
  });

  it("a receiver that hangs times out at the endpoint's timeout", async () => {
    const { deliveryId } = await deliveryTo(`${chaos.url}/hang`, { timeoutMs: 1000 });
    expect((await attemptDelivery(deliveryId)).status).toBe("failed");
    expect((await attemptRows(deliveryId))[0]).toMatchObject({ errorClass: "timeout", responseStatus: null });
  });

  it("a 10 MB answer is stored truncated to 20 KB", async () => {
    const { deliveryId } = await deliveryTo(`${chaos.url}/big`);
    await attemptDelivery(deliveryId);
    const [a] = await attemptRows(deliveryId);
    expect(a.responseBodyTruncated).toBe(true);
    expect(a.responseBody!.length).toBe(DEFAULT_MAX_RESPONSE_BYTES);
  });

  it("webhook-delivery: abort-message stops the retries", async () => {
    const { deliveryId } = await deliveryTo(`${chaos.url}/abort`);
    expect(await attemptDelivery(deliveryId)).toMatchObject({ status: "failed", nextAttemptAt: null });
    expect(await deliveryRow(deliveryId)).toMatchObject({ status: "failed", nextAttemptAt: null });
    expect(await attemptDelivery(deliveryId)).toMatchObject({ status: "skipped", reason: "final" });
    expect(await attemptRows(deliveryId)).toHaveLength(1);
  });

  it("exhaustion marks the delivery exhausted and raises message.attempt.exhausted", async () => {
    const { deliveryId, messageId, endpoint } = await deliveryTo(`${chaos.url}/fail`, { retrySchedule: [0, 1] });
    expect((await attemptDelivery(deliveryId)).status).toBe("failed");
    await makeDue(deliveryId);
    expect(await attemptDelivery(deliveryId)).toMatchObject({ status: "exhausted", attemptNumber: 2, nextAttemptAt: null });
    expect(await deliveryRow(deliveryId)).toMatchObject({ status: "exhausted", attemptCount: 2 });
    const events = await db().select().from(operationalEvents).where(and(eq(operationalEvents.workspaceId, ctx.workspaceId), eq(operationalEvents.type, "message.attempt.exhausted")));
    const event = events.find((e) => (e.payload as { deliveryId: string }).deliveryId === deliveryId);
    expect(event?.payload).toMatchObject({ messageId, endpointId: endpoint.id, attempts: 2, lastResponseStatus: 500 });
  });

  it("does not attempt deliveries of a paused endpoint", async () => {
    const { deliveryId, endpoint } = await deliveryTo(`${chaos.url}/ok`);
    await pauseEndpoint({ id: endpoint.id }, ctx);
    expect(await attemptDelivery(deliveryId)).toMatchObject({ status: "skipped", reason: "endpoint_not_enabled" });
    expect(await attemptRows(deliveryId)).toHaveLength(0);
  });

  it("defers deliveries over the endpoint's rate limit without counting an attempt", async () => {
    const { endpoint } = await createEndpoint({ url: `${chaos.url}/ok`, eventTypes: ["order.paid"], rateLimitPerSecond: 1 }, ctx);
    const ids: Id<"dlv">[] = [];
    for (let i = 0; i < 3; i++) {
      const sent = await sendMessage({ eventType: "order.paid", payload: { i } }, ctx);
      const [d] = await db().select().from(deliveries).where(and(eq(deliveries.messageId, sent.message.id), eq(deliveries.endpointId, endpoint.id)));
      ids.push(d.id);
    }
    const results = [];
    for (const id of ids) results.push(await attemptDelivery(id));
    const deferred = results.filter((r) => r.status === "deferred");
    // Three attempts within moments: slots 1.1 s apart let one through, the others wait for later.
    expect(deferred.length).toBeGreaterThanOrEqual(1);
    for (const r of deferred) {
      const row = await deliveryRow(r.deliveryId);
      expect(row).toMatchObject({ status: "pending", attemptCount: 0, leaseToken: null });
      expect(row.nextAttemptAt!.getTime()).toBeGreaterThan(Date.now() - 1000);
      expect(await attemptRows(r.deliveryId)).toHaveLength(0);
    }
  });
});

describe("auto-disable", () => {
  it("disables an endpoint that only failed for its window, raising endpoint.disabled; a success resets the clock", async () => {
    const { endpoint, deliveryId } = await deliveryTo(`${chaos.url}/fail`, { autoDisableAfterSeconds: 1, retrySchedule: [0, 0, 0, 0, 0] });
    await attemptDelivery(deliveryId);
    const started = (await db().select().from(endpoints).where(eq(endpoints.id, endpoint.id)))[0];
    expect(started.status).toBe("enabled");
    expect(started.firstFailureAt).not.toBeNull();

    // A success before the window ends resets the clock.
    await updateEndpoint({ id: endpoint.id, url: `${chaos.url}/ok` }, ctx);
    const ok = await sendMessage({ eventType: "order.paid", payload: {} }, ctx);
    const [okDelivery] = await db().select().from(deliveries).where(and(eq(deliveries.messageId, ok.message.id), eq(deliveries.endpointId, endpoint.id)));
    expect((await attemptDelivery(okDelivery.id)).status).toBe("succeeded");
    expect((await db().select().from(endpoints).where(eq(endpoints.id, endpoint.id)))[0].firstFailureAt).toBeNull();

    // Failures again, for longer than the (one second) window.
    await updateEndpoint({ id: endpoint.id, url: `${chaos.url}/fail` }, ctx);
    await makeDue(deliveryId);
    await attemptDelivery(deliveryId);
    expect((await db().select().from(endpoints).where(eq(endpoints.id, endpoint.id)))[0].status).toBe("enabled");
    await new Promise((r) => setTimeout(r, 1200));
    await makeDue(deliveryId);
    await attemptDelivery(deliveryId);

    const [after] = await db().select().from(endpoints).where(eq(endpoints.id, endpoint.id));
    expect(after.status).toBe("disabled");
    expect(after.disabledReason).toMatch(/failed/);
    const events = await db().select().from(operationalEvents).where(eq(operationalEvents.type, "endpoint.disabled"));
    expect(events.filter((e) => (e.payload as { endpointId: string }).endpointId === endpoint.id)).toHaveLength(1);
    const audit = await db().select().from(auditLog).where(and(eq(auditLog.targetId, endpoint.id), eq(auditLog.action, "endpoint.disable")));
    expect(audit[0]).toMatchObject({ actorType: "system" });

    // A disabled endpoint's deliveries wait; new messages skip it.
    await makeDue(deliveryId);
    expect(await attemptDelivery(deliveryId)).toMatchObject({ status: "skipped", reason: "endpoint_not_enabled" });
    const next = await sendMessage({ eventType: "order.paid", payload: {} }, ctx);
    const toDisabled = await db().select().from(deliveries).where(and(eq(deliveries.messageId, next.message.id), eq(deliveries.endpointId, endpoint.id)));
    expect(toDisabled).toHaveLength(0);
  });
});
