import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/db";
import { deliveries, endpoints, messageEventIds } from "@/db/schema";
import { AppError } from "@/lib/api/errors";
import { DEFAULT_APPLICATION, getOrCreateApplication } from "@/lib/applications";
import { createEndpoint, disableEndpoint, pauseEndpoint } from "@/lib/outbound/endpoints";
import { createEventType, updateEventType, addEventTypeVersion } from "@/lib/outbound/event-types";
import { deliveryStatusCounts, recoverFailedDeliveries, replayMessage } from "@/lib/outbound/replay";
import { getMessage, listDeliveries, listMessages } from "@/lib/outbound/message-lists";
import { purgeExpiredEventIds } from "@/lib/outbound/event-ids";
import { sendMessage, sendTestMessage } from "@/lib/outbound/send";
import type { RequestContext } from "@/lib/api/request-context";
import { createOwner } from "@/tests/helpers/factories";
import type { Id } from "@/lib/platform/id-types";

const orderSchema = {
  type: "object",
  required: ["id", "total", "customer"],
  properties: {
    id: { type: "string" },
    total: { type: "number", minimum: 0 },
    customer: { type: "object", required: ["email"], properties: { email: { type: "string", format: "email" } } },
  },
};
const order = (over: Record<string, unknown> = {}) => ({ id: "o_1", total: 10, customer: { email: "a@example.com" }, ...over });

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

describe("sendMessage validation and idempotency", () => {
  let ctx: RequestContext;
  beforeAll(async () => {
    ctx = (await createOwner()).ctx;
    await createEventType({ name: "order.created", schema: orderSchema }, ctx);
  });

  it("answers 422 naming every failing path of the payload", async () => {
    const error = await rejection(sendMessage({ eventType: "order.created", payload: { id: 5, total: -1, customer: { email: "nope" } } }, ctx));
    expect(error.code).toBe("validation_failed");
    expect(error.status).toBe(422);
    expect(error.details?.issues?.map((i) => i.path).sort()).toEqual(["payload.customer.email", "payload.id", "payload.total"]);
    const root = await rejection(sendMessage({ eventType: "order.created", payload: "text" }, ctx));
    expect(root.details?.issues?.[0].path).toBe("payload");
  });

  it("answers 422 for unknown or archived types and unknown versions", async () => {
    expect((await rejection(sendMessage({ eventType: "nope.nope", payload: {} }, ctx))).details?.issues?.[0].path).toBe("eventType");
    expect((await rejection(sendMessage({ eventType: "order.created", payload: order(), version: 9 }, ctx))).details?.issues?.[0].path).toBe("version");
    const type = await createEventType({ name: "old.thing" }, ctx);
    await updateEventType({ id: type.id, archived: true }, ctx);
    expect((await rejection(sendMessage({ eventType: "old.thing", payload: {} }, ctx))).code).toBe("validation_failed");
  });

  it("refuses a repeated eventId with 409 naming the original message, and stores nothing for it", async () => {
    const first = await sendMessage({ eventType: "order.created", payload: order(), eventId: "evt-123" }, ctx);
    const error = await rejection(sendMessage({ eventType: "order.created", payload: order({ id: "o_2" }), eventId: "evt-123" }, ctx));
    expect(error.code).toBe("duplicate_event");
    expect(error.status).toBe(409);
    expect(error.details?.messageId).toBe(first.message.id);
    const all = await listMessages({ limit: 100 }, ctx);
    expect(all.data.filter((m) => m.eventId === "evt-123")).toHaveLength(1);

    // Another workspace may use the same id.
    const { ctx: other } = await createOwner();
    await createEventType({ name: "order.created" }, other);
    await expect(sendMessage({ eventType: "order.created", payload: {}, eventId: "evt-123" }, other)).resolves.toBeTruthy();
  });

  it("lets only one of concurrent sends with the same eventId through", async () => {
    const results = await Promise.allSettled(
      Array.from({ length: 5 }, (_, i) => sendMessage({ eventType: "order.created", payload: order({ id: `c${i}` }), eventId: "race-1" }, ctx)),
    );
    const ok = results.filter((r) => r.status === "fulfilled");
    const dup = results.filter((r) => r.status === "rejected" && (r.reason as AppError).code === "duplicate_event");
    expect(ok).toHaveLength(1);
    expect(dup).toHaveLength(4);
  });

  it("forgets event ids after 24 hours", async () => {
    const first = await sendMessage({ eventType: "order.created", payload: order(), eventId: "evt-old" }, ctx);
    await db().execute(sql`update message_event_ids set created_at = now() - interval '25 hours' where event_id = 'evt-old'`);
    // An expired id is released on use even before the purge runs.
    const second = await sendMessage({ eventType: "order.created", payload: order(), eventId: "evt-old" }, ctx);
    expect(second.message.id).not.toBe(first.message.id);

    await db().execute(sql`update message_event_ids set created_at = now() - interval '25 hours' where event_id = 'evt-old'`);
    expect(await purgeExpiredEventIds()).toBeGreaterThanOrEqual(1);
    expect(await db().select().from(messageEventIds).where(eq(messageEventIds.eventId, "evt-old"))).toHaveLength(0);
  });
});

describe("fan-out", () => {
  it("creates one delivery per matching endpoint: type filter, content filter, version pin (at least min(pin, latest)), paused yes, disabled no", async () => {
    const { ctx } = await createOwner();
    await createEventType({ name: "invoice.paid" }, ctx);
    await createEventType({ name: "user.created" }, ctx);
    const make = async (name: string, extra: Record<string, unknown> = {}) => (await createEndpoint({ url: `https://${name}.example.com`, ...extra }, ctx)).endpoint;
    const all = await make("all");
    const invoices = await make("invoices", { eventTypes: ["invoice.*"] });
    const users = await make("users", { eventTypes: ["user.created"] });
    const big = await make("big", { contentFilter: { path: "amount", op: "gte", value: 1000 } });
    const pinnedV2 = await make("pinned", { versionPin: 2 });
    const paused = await make("paused");
    await pauseEndpoint({ id: paused.id }, ctx);
    const disabled = await make("disabled");
    await disableEndpoint({ id: disabled.id }, ctx);

    const small = await sendMessage({ eventType: "invoice.paid", payload: { amount: 10 } }, ctx);
    const large = await sendMessage({ eventType: "invoice.paid", payload: { amount: 5000 } }, ctx);
    const user = await sendMessage({ eventType: "user.created", payload: {} }, ctx);

    const targets = async (messageId: Id<"msg">) => (await getMessage({ id: messageId }, ctx)).deliveries.map((d) => d.endpointId).sort();
    // A type whose latest version is below the pin is sent at its latest: the endpoint pinned to v2 gets these v1s.
    expect(await targets(small.message.id)).toEqual([all.id, invoices.id, pinnedV2.id, paused.id].sort());
    expect(await targets(large.message.id)).toEqual([all.id, invoices.id, big.id, pinnedV2.id, paused.id].sort());
    expect(await targets(user.message.id)).toEqual([all.id, users.id, pinnedV2.id, paused.id].sort());
    expect(small.deliveryCount).toBe(4);

    const detail = await getMessage({ id: small.message.id }, ctx);
    expect(detail.deliveries.every((d) => d.status === "pending" && d.attemptCount === 0 && d.nextAttemptAt !== null)).toBe(true);

    // Once the type has a version 2, a version-1 message is a shape the endpoint pinned to v2 does not speak.
    const type = await createEventType({ name: "plan.changed" }, ctx);
    await addEventTypeVersion({ eventTypeId: type.id, schema: { type: "object" } }, ctx);
    const v2 = await sendMessage({ eventType: "plan.changed", payload: {} }, ctx);
    const v1 = await sendMessage({ eventType: "plan.changed", payload: {}, version: 1 }, ctx);
    expect(await targets(v2.message.id)).toContain(pinnedV2.id);
    expect(await targets(v1.message.id)).not.toContain(pinnedV2.id);
  });

  it("fans one message out to 1,000 endpoints in one transaction", async () => {
    const { ctx } = await createOwner();
    await createEventType({ name: "load.test" }, ctx);
    const app = await getOrCreateApplication(DEFAULT_APPLICATION, ctx);
    await db()
      .insert(endpoints)
      .values(Array.from({ length: 1000 }, (_, i) => ({ workspaceId: ctx.workspaceId, applicationId: app.id, url: `https://e${i}.example.com` })));
    const sent = await sendMessage({ eventType: "load.test", payload: { n: 1 } }, ctx);
    expect(sent.deliveryCount).toBe(1000);
    // Rows written by one transaction share its transaction id (xmin), and the message shares it too.
    const [row] = await db().execute<{ rows: number; txids: number; same: boolean }>(sql`
      select count(*)::int as rows, count(distinct d.xmin::text)::int as txids, bool_and(d.xmin::text = m.xmin::text) as same
      from deliveries d join messages m on m.id = d.message_id where d.message_id = ${sent.message.id}`);
    expect(row).toEqual({ rows: 1000, txids: 1, same: true });
  });
});

describe("replay, recovery and listing", () => {
  let ctx: RequestContext;
  beforeAll(async () => {
    ctx = (await createOwner()).ctx;
    await createEventType({ name: "thing.happened" }, ctx);
  });

  it("replays to one endpoint (creating the delivery if needed) or to all, as manual attempts due now", async () => {
    const a = (await createEndpoint({ url: "https://a.example.com" }, ctx)).endpoint;
    const sent = await sendMessage({ eventType: "thing.happened", payload: {} }, ctx);
    const b = (await createEndpoint({ url: "https://b.example.com" }, ctx)).endpoint;
    await db().update(deliveries).set({ status: "exhausted", attemptCount: 8, nextAttemptAt: null }).where(eq(deliveries.messageId, sent.message.id));

    expect(await replayMessage({ messageId: sent.message.id }, ctx)).toEqual({ deliveryCount: 1 });
    let detail = await getMessage({ id: sent.message.id }, ctx);
    expect(detail.deliveries).toHaveLength(1);
    expect(detail.deliveries[0]).toMatchObject({ endpointId: a.id, status: "pending", attemptCount: 8 });
    const [armed] = await db().select().from(deliveries).where(eq(deliveries.messageId, sent.message.id));
    expect(armed.nextTrigger).toBe("manual");

    expect(await replayMessage({ messageId: sent.message.id, endpointId: b.id }, ctx)).toEqual({ deliveryCount: 1 });
    detail = await getMessage({ id: sent.message.id }, ctx);
    expect(detail.deliveries.map((d) => d.endpointId).sort()).toEqual([a.id, b.id].sort());

    // A delivery whose lease is live is left alone.
    await db().update(deliveries).set({ status: "sending", leaseUntil: new Date(Date.now() + 60_000) }).where(eq(deliveries.endpointId, a.id));
    expect(await replayMessage({ messageId: sent.message.id, endpointId: a.id }, ctx)).toEqual({ deliveryCount: 0 });

    const { ctx: other } = await createOwner();
    expect((await rejection(replayMessage({ messageId: sent.message.id }, other))).code).toBe("not_found");
    expect((await rejection(replayMessage({ messageId: sent.message.id, endpointId: "ep_nope" }, ctx))).code).toBe("not_found");
  });

  it("recovers an endpoint's failed and exhausted deliveries since a time, with progress counts", async () => {
    const ep = (await createEndpoint({ url: "https://recover.example.com" }, ctx)).endpoint;
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) ids.push((await sendMessage({ eventType: "thing.happened", payload: { i } }, ctx)).message.id);
    const mark = (messageId: string, status: "failed" | "exhausted" | "succeeded", createdAt?: Date) =>
      db().update(deliveries).set({ status, nextAttemptAt: null, ...(createdAt ? { createdAt } : {}) }).where(sql`${deliveries.messageId} = ${messageId} and ${deliveries.endpointId} = ${ep.id}`);
    const old = new Date(Date.now() - 3 * 86400_000);
    await mark(ids[0], "failed", old);
    await mark(ids[1], "failed");
    await mark(ids[2], "exhausted");
    await mark(ids[3], "succeeded");
    const since = new Date(Date.now() - 86400_000);
    expect(await deliveryStatusCounts({ endpointId: ep.id, since }, ctx)).toMatchObject({ failed: 1, exhausted: 1, succeeded: 1, pending: 0 });
    expect(await recoverFailedDeliveries({ endpointId: ep.id, since }, ctx)).toEqual({ count: 2 });
    expect(await deliveryStatusCounts({ endpointId: ep.id, since }, ctx)).toMatchObject({ failed: 0, exhausted: 0, succeeded: 1, pending: 2 });
  });

  it("pages messages and deliveries newest first with cursors, filtered by type", async () => {
    const { ctx: own } = await createOwner();
    await createEventType({ name: "a.one" }, own);
    await createEventType({ name: "b.two" }, own);
    await createEndpoint({ url: "https://list.example.com" }, own);
    const sent: string[] = [];
    for (let i = 0; i < 5; i++) sent.push((await sendMessage({ eventType: i % 2 ? "b.two" : "a.one", payload: { i } }, own)).message.id);
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await listMessages({ limit: 2, cursor }, own);
      seen.push(...page.data.map((m) => m.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual([...sent].reverse());
    expect((await listMessages({ eventType: "b.two" }, own)).data.map((m) => m.id)).toEqual([sent[3], sent[1]]);
    const page = await listDeliveries({ limit: 3 }, own);
    expect(page.data).toHaveLength(3);
    expect(page.data[0].messageId).toBe(sent[4]);
    await expect(listMessages({ cursor: "garbage" }, own)).rejects.toThrow(AppError);
  });
});

describe("send test", () => {
  it("sends the sample payload to one endpoint only, whatever its filters, and refuses disabled endpoints", async () => {
    const { ctx } = await createOwner();
    await createEventType({ name: "order.created", schema: orderSchema, samplePayload: order() }, ctx);
    const filtered = (await createEndpoint({ url: "https://f.example.com", eventTypes: ["other.type"] }, ctx)).endpoint;
    await createEndpoint({ url: "https://everyone.example.com" }, ctx);

    const sent = await sendTestMessage({ endpointId: filtered.id, eventType: "order.created" }, ctx);
    expect(sent.deliveryCount).toBe(1);
    const detail = await getMessage({ id: sent.message.id }, ctx);
    expect(detail.payload).toEqual(order());
    expect(detail.deliveries.map((d) => d.endpointId)).toEqual([filtered.id]);

    expect((await rejection(sendTestMessage({ endpointId: filtered.id, eventType: "order.created", payload: { id: 1 } }, ctx))).code).toBe("validation_failed");
    await disableEndpoint({ id: filtered.id }, ctx);
    expect((await rejection(sendTestMessage({ endpointId: filtered.id, eventType: "order.created" }, ctx))).code).toBe("conflict");
    const { ctx: other } = await createOwner();
    expect((await rejection(sendTestMessage({ endpointId: filtered.id, eventType: "order.created" }, other))).code).toBe("not_found");
  });
});
