// Zapier REST Hooks through the API routes with a customer's application-limited key, against a loopback target:
// subscribe, delivery of the flat event, a 410 removing the subscription (audited), unsubscribe, perform list, the
// auth test, the app definition (validated with zapier-platform-schema, one trigger per event type), and every
// Zapier failure mapped to its code and retryability.
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { validateAppDefinition } from "zapier-platform-schema";
import { db } from "@/db";
import { attempts, auditLog, deliveries, endpoints } from "@/db/schema";
import { createApplication } from "@/lib/applications/applications";
import { zapierError } from "@/lib/integrations";
import { createApiKey } from "@/lib/keys/service";
import type { DeliveryResult } from "@/lib/net";
import { attemptDelivery } from "@/lib/outbound/attempt";
import { createEventType } from "@/lib/outbound/event-types";
import { sendMessage } from "@/lib/outbound/send";
import { GET as getApp } from "@/app/api/v1/integrations/zapier/app/route";
import { GET as getMe } from "@/app/api/v1/integrations/zapier/me/route";
import { GET as getSamples } from "@/app/api/v1/integrations/zapier/samples/route";
import { POST as postSubscription } from "@/app/api/v1/integrations/zapier/subscriptions/route";
import { DELETE as deleteSubscription } from "@/app/api/v1/integrations/zapier/subscriptions/[id]/route";
import { apiRequest, noParams } from "@/tests/helpers/api";
import { createOwner } from "@/tests/helpers/factories";
import { startVerifyingReceiver, type VerifyingReceiver } from "@/tests/helpers/verifying-receiver";
import type { Id } from "@/lib/platform/id-types";

const SCOPES = ["event_types:read", "endpoints:read", "endpoints:write", "messages:read"] as const;
let owner: Awaited<ReturnType<typeof createOwner>>;
let app: { id: Id<"app">; name: string };
let other: { id: string };
let key: string;
let otherKey: string;
let zap: VerifyingReceiver;

beforeAll(async () => {
  owner = await createOwner();
  app = await createApplication({ name: "Acme", uid: "acme" }, owner.ctx);
  other = await createApplication({ name: "Globex", uid: "globex" }, owner.ctx);
  await createEventType({ name: "order.created", description: "An order was placed.", samplePayload: { orderId: "ord_sample", total: 10 } }, owner.ctx);
  await createEventType({ name: "user.created" }, owner.ctx);
  key = (await createApiKey({ name: "zapier acme", scopes: [...SCOPES], ipAllowlist: "", application: app.id }, owner.ctx)).key;
  otherKey = (await createApiKey({ name: "zapier globex", scopes: [...SCOPES], ipAllowlist: "", application: other.id }, owner.ctx)).key;
  zap = await startVerifyingReceiver();
  zap.forceStatus = 200;
});

afterAll(async () => {
  await zap.close();
});

async function subscribeZap(eventType = "order.created", as = key) {
  const response = await postSubscription(apiRequest("/api/v1/integrations/zapier/subscriptions", { method: "POST", key: as, body: { targetUrl: `${zap.url}/hooks/catch/1/abc`, eventType } }), noParams);
  return { response, body: (await response.json()) as { id: Id<"ep">; applicationId: string; eventType: string } };
}

async function sendAndAttempt(endpointId: Id<"ep">, payload: unknown) {
  const sent = await sendMessage({ eventType: "order.created", payload, application: app.id }, owner.ctx);
  const [delivery] = await db().select().from(deliveries).where(and(eq(deliveries.messageId, sent.message.id), eq(deliveries.endpointId, endpointId)));
  return { messageId: sent.message.id, result: await attemptDelivery(delivery.id), deliveryId: delivery.id };
}

describe("subscribe and deliver", () => {
  it("subscribes a Zap as a zapier endpoint of the key's application and delivers each event as one flat object", async () => {
    const { response, body } = await subscribeZap();
    expect(response.status).toBe(201);
    expect(body).toMatchObject({ id: expect.stringMatching(/^ep_/), applicationId: app.id, eventType: "order.created" });
    const [row] = await db().select().from(endpoints).where(eq(endpoints.id, body.id));
    expect(row).toMatchObject({ kind: "zapier", applicationId: app.id, eventTypes: ["order.created"], url: `${zap.url}/hooks/catch/1/abc` });
    const [audit] = await db().select().from(auditLog).where(and(eq(auditLog.action, "integration.subscribe"), eq(auditLog.targetId, body.id)));
    expect(audit.actorId).toMatch(/^key_/);

    const { messageId, result } = await sendAndAttempt(body.id, { orderId: "ord_1", total: 42.5, lines: [{ sku: "A" }] });
    expect(result.status).toBe("succeeded");
    const received = JSON.parse(zap.requests.at(-1)!.body);
    expect(received).toEqual({ event_id: messageId, event_type: "order.created", occurred_at: expect.any(String), data_orderId: "ord_1", data_total: 42.5, data_lines: '[{"sku":"A"}]' });
  });

  it("refuses an unknown event type (404) and a target the SSRF policy forbids (422)", async () => {
    expect((await subscribeZap("no.such.type")).response.status).toBe(404);
    const bad = await postSubscription(apiRequest("/api/v1/integrations/zapier/subscriptions", { method: "POST", key, body: { targetUrl: "ftp://hooks.example/x", eventType: "order.created" } }), noParams);
    expect(bad.status).toBe(422);
  });

  it("removes the subscription and its endpoint when Zapier answers 410, audited as the system", async () => {
    const { body } = await subscribeZap();
    zap.forceStatus = 410;
    try {
      const { result } = await sendAndAttempt(body.id, { orderId: "ord_gone" });
      expect(result.status).toBe("exhausted");
    } finally {
      zap.forceStatus = 200;
    }
    expect(await db().select().from(endpoints).where(eq(endpoints.id, body.id))).toEqual([]);
    const [audit] = await db().select().from(auditLog).where(and(eq(auditLog.action, "integration.unsubscribed"), eq(auditLog.targetId, body.id)));
    expect(audit).toMatchObject({ actorType: "system" });
    expect(audit.before).toMatchObject({ integration: "zapier", eventType: "order.created", applicationId: app.id });
  });

  it("unsubscribes its own Zap only: another application's subscription is 404", async () => {
    const { body } = await subscribeZap();
    const foreign = await deleteSubscription(apiRequest(`/api/v1/integrations/zapier/subscriptions/${body.id}`, { method: "DELETE", key: otherKey }), { params: Promise.resolve({ id: body.id }) });
    expect(foreign.status).toBe(404);
    const response = await deleteSubscription(apiRequest(`/api/v1/integrations/zapier/subscriptions/${body.id}`, { method: "DELETE", key }), { params: Promise.resolve({ id: body.id }) });
    expect(response.status).toBe(204);
    expect(await db().select().from(endpoints).where(eq(endpoints.id, body.id))).toEqual([]);
    const [audit] = await db().select().from(auditLog).where(and(eq(auditLog.action, "integration.disconnect"), eq(auditLog.targetId, body.id)));
    expect(audit.actorType).toBe("api_key");
  });
});

describe("perform list, auth test and app definition", () => {
  const samples = async (query: string, as = key) => {
    const response = await getSamples(apiRequest(`/api/v1/integrations/zapier/samples?${query}`, { key: as }), noParams);
    return { status: response.status, body: (await response.json()) as Record<string, unknown>[] };
  };

  it("answers the event type's sample while the application has no event of it, then its recent events, newest first", async () => {
    expect((await samples("eventType=user.created")).body).toEqual([{ event_id: "msg_sample", event_type: "user.created", occurred_at: expect.any(String) }]);
    expect((await samples("eventType=order.created", otherKey)).body).toEqual([expect.objectContaining({ event_id: "msg_sample", data_orderId: "ord_sample" })]);
    const first = await sendMessage({ eventType: "order.created", payload: { orderId: "ord_a" }, application: app.id }, owner.ctx);
    const second = await sendMessage({ eventType: "order.created", payload: { orderId: "ord_b" }, application: app.id }, owner.ctx);
    const { body } = await samples("eventType=order.created&limit=2");
    expect(body.map((s) => s.event_id)).toEqual([second.message.id, first.message.id]);
    expect(body[0]).toMatchObject({ event_type: "order.created", data_orderId: "ord_b" });
    expect((await samples("eventType=no.such")).status).toBe(404);
  });

  it("tests the key: its workspace and the application it stands for, which labels the connection", async () => {
    const response = await getMe(apiRequest("/api/v1/integrations/zapier/me", { key }), noParams);
    expect(await response.json()).toMatchObject({ label: "Acme", application: { id: app.id, name: "Acme", uid: "acme" }, workspace: { id: owner.workspace.id } });
    expect((await getMe(apiRequest("/api/v1/integrations/zapier/me", { key: "sb_live_nope" }), noParams)).status).toBe(401);
  });

  it("generates a valid Zapier app with one REST Hook trigger per event type, wired to these routes", async () => {
    const response = await getApp(apiRequest("/api/v1/integrations/zapier/app", { key }), noParams);
    expect(response.headers.get("content-disposition")).toContain("zapier-definition.json");
    const definition = (await response.json()) as { triggers: Record<string, { noun: string; operation: Record<string, { url?: string; body?: unknown }> & { sample: unknown } }> };
    expect(validateAppDefinition(definition).errors).toEqual([]);
    const triggers = Object.values(definition.triggers);
    expect(triggers.map((t) => t.noun).sort()).toEqual(["order.created", "user.created"]);
    const order = definition.triggers.event_order_created.operation;
    expect(order.performSubscribe).toMatchObject({ url: expect.stringMatching(/\/api\/v1\/integrations\/zapier\/subscriptions$/), body: { targetUrl: "{{bundle.targetUrl}}", eventType: "order.created" } });
    expect(order.performUnsubscribe.url).toMatch(/\/subscriptions\/\{\{bundle\.subscribeData\.id\}\}$/);
    expect(order.sample).toMatchObject({ event_type: "order.created", data_orderId: "ord_sample" });
  });
});

describe("error mapping", () => {
  const result = (r: Partial<DeliveryResult>): DeliveryResult => ({ ok: false, bodyTruncated: false, abortRequested: false, durationMs: 5, ...r });
  it.each([
    [{ status: 410 }, "zapier_subscription_gone", false, true],
    [{ status: 429, retryAfterSeconds: 30 }, "rate_limited", true, false],
    [{ status: 500 }, "zapier_unavailable", true, false],
    [{ status: 503 }, "zapier_unavailable", true, false],
    [{ status: 408 }, "zapier_unavailable", true, false],
    [{ status: 400 }, "zapier_rejected", false, false],
    [{ status: 404 }, "zapier_rejected", false, false],
    [{ errorClass: "timeout" as const, errorMessage: "slow" }, "timeout", true, false],
    [{ errorClass: "connect" as const, errorMessage: "refused" }, "network", true, false],
    [{ errorClass: "ssrf_blocked" as const, errorMessage: "private" }, "target_refused", false, false],
    [{ errorClass: "invalid_url" as const, errorMessage: "bad" }, "target_refused", false, false],
  ])("%o is %s (retryable %s, ends the connection %s)", (failure, code, retryable, ends) => {
    const error = zapierError(result(failure as Partial<DeliveryResult>), "https://hooks.zapier.com/x");
    expect({ code: error.code, retryable: error.retryable, endsConnection: error.endsConnection }).toEqual({ code, retryable, endsConnection: ends });
    if ("status" in failure && failure.status === 429) expect(error.retryAfterSeconds).toBe(30);
  });

  it("records the attempt's code for a refused delivery and retries none", async () => {
    const { body } = await subscribeZap();
    zap.forceStatus = 400;
    try {
      const { result, deliveryId } = await sendAndAttempt(body.id, { orderId: "ord_bad" });
      expect(result.status).toBe("exhausted");
      const [attempt] = await db().select().from(attempts).where(eq(attempts.deliveryId, deliveryId));
      expect(attempt).toMatchObject({ errorClass: "zapier_rejected", responseStatus: 400, succeeded: false });
    } finally {
      zap.forceStatus = 200;
    }
  });
});
