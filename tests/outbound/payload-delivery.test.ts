// The payload pipeline end to end: real database, the worker's attempt code, and a loopback receiver that verifies
// every signature with `standardwebhooks` after undoing Content-Encoding, as a customer's receiver would.
import { createHash } from "node:crypto";
import { and, eq, inArray } from "drizzle-orm";
import { XMLParser } from "fast-xml-parser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/db";
import { attempts, deliveries, messages } from "@/db/schema";
import { attemptDelivery } from "@/lib/outbound/attempt";
import { closeHttpClient } from "@/lib/net/http-client";
import { createEndpoint } from "@/lib/outbound/endpoints";
import { addEventTypeVersion, createEventType } from "@/lib/outbound/event-types";
import { sendMessage } from "@/lib/outbound/send";
import { createConnection } from "@/lib/inbound/connections";
import { createSource } from "@/lib/inbound/sources";
import type { RequestContext } from "@/lib/api/request-context";
import { createOwner } from "@/tests/helpers/factories";
import { startVerifyingReceiver, type VerifyingReceiver } from "@/tests/helpers/verifying-receiver";
import { postInbound, storedRequest } from "@/tests/inbound/helpers";

let ctx: RequestContext;
let receiver: VerifyingReceiver;

beforeAll(async () => {
  ctx = (await createOwner()).ctx;
  await createEventType({ name: "order.paid" }, ctx);
  receiver = await startVerifyingReceiver();
});
afterAll(async () => {
  await closeHttpClient();
  await receiver.close();
});

const payload = { orderId: "o_1", amount: 4200, lines: [{ sku: "a", qty: 2 }] };

/** A new endpoint, one message to it, one attempt; what the receiver got (if anything), the attempt and the delivery. */
async function deliverOnce(settings: Record<string, unknown>, message: { eventType?: string; payload?: unknown; version?: number } = {}) {
  const { endpoint, secret } = await createEndpoint({ url: `${receiver.url}/hook`, ...settings }, ctx);
  receiver.secrets = [secret];
  const sent = await sendMessage({ eventType: message.eventType ?? "order.paid", payload: message.payload ?? payload, version: message.version }, ctx);
  const [delivery] = await db().select().from(deliveries).where(and(eq(deliveries.messageId, sent.message.id), eq(deliveries.endpointId, endpoint.id)));
  const before = receiver.requests.length;
  const recorded = await attemptDelivery(delivery.id);
  const [attempt] = await db().select().from(attempts).where(eq(attempts.deliveryId, delivery.id));
  const [after] = await db().select().from(deliveries).where(eq(deliveries.id, delivery.id));
  return { recorded, received: receiver.requests.slice(before), attempt, delivery: after, messageId: sent.message.id };
}

describe("formats", () => {
  it("sends each format with the content type of its body, signed", async () => {
    const raw = await deliverOnce({ payloadFormat: "raw" });
    expect(raw.received[0]).toMatchObject({ headers: { "content-type": "application/json" }, verifiedBy: [0] });
    expect(JSON.parse(raw.received[0].body)).toEqual(payload);

    const form = await deliverOnce({ payloadFormat: "form" });
    expect(form.received[0]).toMatchObject({ headers: { "content-type": "application/x-www-form-urlencoded" }, verifiedBy: [0] });
    const fields = new URLSearchParams(form.received[0].body);
    expect([fields.get("type"), fields.get("data[orderId]"), fields.get("data[lines][0][qty]")]).toEqual(["order.paid", "o_1", "2"]);

    const xml = await deliverOnce({ payloadFormat: "xml" });
    expect(xml.received[0]).toMatchObject({ headers: { "content-type": "application/xml; charset=utf-8" }, verifiedBy: [0] });
    expect(new XMLParser({ parseTagValue: false }).parse(xml.received[0].body).webhook).toMatchObject({ type: "order.paid", data: { orderId: "o_1", amount: "4200", lines: { sku: "a", qty: "2" } } });
  });
});

describe("compression", () => {
  it("gzips a body at or above the threshold; the receiver verifies the signature on the decoded bytes, whose hash is recorded", async () => {
    const big = { ...payload, notes: "n".repeat(3000) };
    const { received, attempt } = await deliverOnce({ compression: "gzip", compressionThresholdBytes: 1024 }, { payload: big });
    const [request] = received;
    expect(request.headers["content-encoding"]).toBe("gzip");
    expect(request.wireBytes).toBeLessThan(request.body.length);
    expect(request.verifiedBy).toEqual([0]);
    expect(JSON.parse(request.body).data).toEqual(big);
    expect(attempt.requestHeaders["content-encoding"]).toBe("gzip");
    expect(createHash("sha256").update(request.body).digest("hex")).toBe(attempt.requestBodySha256);
  });

  it("leaves a body under the threshold uncompressed", async () => {
    const { received } = await deliverOnce({ compression: "gzip" });
    expect(received[0].headers["content-encoding"]).toBeUndefined();
    expect(received[0].verifiedBy).toEqual([0]);
  });
});

describe("transformations", () => {
  it("reshape the payload and headers before the format; the receiver gets the transformed body, signed", async () => {
    const { received } = await deliverOnce({
      transformationEnabled: true,
      transformation: `function handler(webhook) {
        webhook.payload = { text: "Order " + webhook.payload.orderId + " paid" };
        webhook.headers["x-shaped"] = "yes";
        return webhook;
      }`,
    });
    expect(received[0].verifiedBy).toEqual([0]);
    expect(received[0].headers["x-shaped"]).toBe("yes");
    expect(JSON.parse(received[0].body)).toMatchObject({ type: "order.paid", data: { text: "Order o_1 paid" } });
  });

  it("a disabled transformation does not run", async () => {
    const { received } = await deliverOnce({ transformationEnabled: false, transformation: "function handler(w) { w.payload = 1; return w }" });
    expect(JSON.parse(received[0].body).data).toEqual(payload);
  });

  it("a failure is recorded on the attempt as transformation_error with its line, and not retried", async () => {
    const { received, attempt, delivery, recorded } = await deliverOnce({
      transformationEnabled: true,
      transformation: "function handler(webhook) {\n  const customer = webhook.payload.customer;\n  return customer.id;\n}",
    });
    expect(received).toHaveLength(0);
    expect(attempt).toMatchObject({ succeeded: false, errorClass: "transformation_error", responseStatus: null });
    expect(attempt.errorMessage).toContain("TypeError");
    expect(attempt.errorMessage).toContain("(line 3)");
    expect(recorded).toMatchObject({ status: "failed", nextAttemptAt: null });
    expect(delivery).toMatchObject({ status: "failed", nextAttemptAt: null, attemptCount: 1 });
    // Nothing is due: a second attempt is skipped as final.
    expect(await attemptDelivery(delivery.id)).toMatchObject({ status: "skipped", reason: "final" });
  });

  it("a cancel skips the delivery and records why", async () => {
    const { received, attempt, delivery } = await deliverOnce({ transformationEnabled: true, transformation: "function handler(webhook) { webhook.cancel = webhook.payload.amount > 1000; return webhook }" });
    expect(received).toHaveLength(0);
    expect(delivery).toMatchObject({ status: "cancelled", nextAttemptAt: null });
    expect(attempt).toMatchObject({ errorClass: "cancelled", errorMessage: expect.stringContaining("webhook.cancel") });
  });

  it("is refused when saved if it does not compile, with the line", async () => {
    await expect(createEndpoint({ url: `${receiver.url}/x`, transformation: "function handler(w) {\n  return w.(;\n}" }, ctx)).rejects.toMatchObject({
      issues: [expect.objectContaining({ path: ["transformation"], message: expect.stringContaining("Line 2") })],
    });
  });
});

describe("version pinning", () => {
  // v1 { amount_cents }, v2 { amount: { cents } }, v3 { amount: { cents, currency } }; each version converts to the one before.
  async function versionedType(name: string, options: { v2Converter?: string } = {}) {
    const type = await createEventType({ name, schema: { type: "object", required: ["amount_cents"], properties: { amount_cents: { type: "integer" } }, additionalProperties: false } }, ctx);
    await addEventTypeVersion(
      {
        eventTypeId: type.id,
        schema: { type: "object", required: ["amount"], properties: { amount: { type: "object", required: ["cents"] } } },
        converter: options.v2Converter ?? "function handler(w) { w.payload = { amount_cents: w.payload.amount.cents }; return w }",
      },
      ctx,
    );
    await addEventTypeVersion(
      {
        eventTypeId: type.id,
        schema: { type: "object", required: ["amount"], properties: { amount: { type: "object", required: ["cents", "currency"] } } },
        converter: "function handler(w) { w.payload = { amount: { cents: w.payload.amount.cents } }; return w }",
      },
      ctx,
    );
    return type;
  }
  const v3 = { amount: { cents: 1234, currency: "EUR" } };

  it("converts a v3 message down the chain to the pinned v1, valid against v1's schema", async () => {
    await versionedType("invoice.created");
    const { received, attempt } = await deliverOnce({ versionPin: 1 }, { eventType: "invoice.created", payload: v3 });
    expect(attempt.errorClass).toBeNull();
    expect(JSON.parse(received[0].body).data).toEqual({ amount_cents: 1234 });
    const v2 = await deliverOnce({ versionPin: 2 }, { eventType: "invoice.created", payload: v3 });
    expect(JSON.parse(v2.received[0].body).data).toEqual({ amount: { cents: 1234 } });
    const latest = await deliverOnce({}, { eventType: "invoice.created", payload: v3 });
    expect(JSON.parse(latest.received[0].body).data).toEqual(v3);
  });

  it("a converted payload its pinned schema refuses is a schema_mismatch on the attempt, never sent", async () => {
    await versionedType("invoice.voided", { v2Converter: "function handler(w) { w.payload = { amount_cents: String(w.payload.amount.cents) }; return w }" });
    const { received, attempt, delivery } = await deliverOnce({ versionPin: 1 }, { eventType: "invoice.voided", payload: v3 });
    expect(received).toHaveLength(0);
    expect(attempt).toMatchObject({ errorClass: "schema_mismatch", errorMessage: expect.stringContaining("amount_cents") });
    expect(delivery).toMatchObject({ status: "failed", nextAttemptAt: null });
  });

  it("a version without a converter is a schema_mismatch", async () => {
    const type = await createEventType({ name: "invoice.sent" }, ctx);
    await addEventTypeVersion({ eventTypeId: type.id, schema: null }, ctx);
    const { attempt } = await deliverOnce({ versionPin: 1 }, { eventType: "invoice.sent", payload: {} });
    expect(attempt).toMatchObject({ errorClass: "schema_mismatch", errorMessage: expect.stringContaining("no converter") });
  });
});

describe("connections", () => {
  it("apply their transformation after the JSON template, inbound to outbound", async () => {
    const { endpoint, secret } = await createEndpoint({ url: `${receiver.url}/inbound` }, ctx);
    receiver.secrets = [secret];
    const source = await createSource({ name: "shop", verification: { provider: "none" } }, ctx);
    await createConnection(
      {
        sourceId: source.id,
        endpointId: endpoint.id,
        transform: { eventType: "shop.{{body.kind}}", payload: { total: "{{body.total}}" } },
        transformationEnabled: true,
        transformation: "function handler(webhook) { if (webhook.payload.total < 10) webhook.cancel = true; webhook.payload = { total: webhook.payload.total * 100, kind: webhook.eventType }; return webhook }",
      },
      ctx,
    );
    const small = await postInbound(source.url, { body: JSON.stringify({ kind: "order", total: 5 }) });
    expect((await storedRequest(small.json.id as string)).messageIds).toHaveLength(0);
    const big = await postInbound(source.url, { body: JSON.stringify({ kind: "order", total: 25 }) });
    const { messageIds } = await storedRequest(big.json.id as string);
    const [message] = await db().select().from(messages).where(inArray(messages.id, messageIds));
    expect(message).toMatchObject({ eventType: "shop.order", payload: { total: 2500, kind: "shop.order" } });
    const [delivery] = await db().select().from(deliveries).where(eq(deliveries.messageId, message.id));
    const before = receiver.requests.length;
    await attemptDelivery(delivery.id);
    expect(receiver.requests[before]).toMatchObject({ verifiedBy: [0] });
    expect(JSON.parse(receiver.requests[before].body).data).toEqual({ total: 2500, kind: "shop.order" });
  });
});
