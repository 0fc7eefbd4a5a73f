// The testing page's two sends, against a real database and real loopback HTTP: a sample to an endpoint (the test
// message, then its attempt through the delivery path, read back as stored), and a provider sample signed with a
// source's secret and posted over the network to the source's /in/<token> (served here by node:http), with its verdict.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/db";
import { deliveries } from "@/db/schema";
import { PROVIDER_SAMPLES, providerSampleBody } from "@/lib/inbound/provider-samples";
import { postProviderSample } from "@/lib/inbound/sample-post";
import { createSource } from "@/lib/inbound/sources";
import { createEndpoint, pauseEndpoint } from "@/lib/outbound/endpoints";
import { createEventType } from "@/lib/outbound/event-types";
import { attemptSample, sendSample } from "@/lib/outbound/sample-send";
import { resetEnvForTests } from "@/lib/platform/env";
import { verifyInbound } from "@/lib/signing";
import { signInbound } from "@/lib/signing/providers";
import type { RequestContext } from "@/lib/api/request-context";
import { startAppAdapter } from "@/tests/cli/app-adapter";
import { startChaosReceiver, type ChaosReceiver } from "@/tests/helpers/chaos-receiver";
import { createOwner } from "@/tests/helpers/factories";

let receiver: ChaosReceiver;
let app: Awaited<ReturnType<typeof startAppAdapter>>;
let ctx: RequestContext;
const savedAppUrl = process.env.APP_URL;

beforeAll(async () => {
  receiver = await startChaosReceiver();
  app = await startAppAdapter();
  // Sources' URLs are built from APP_URL: here, the adapter serving the /in/<token> route.
  process.env.APP_URL = app.url;
  resetEnvForTests();
  ({ ctx } = await createOwner());
  await createEventType({ name: "invoice.paid", schema: { type: "object", required: ["amount"] }, samplePayload: { amount: 4200 } }, ctx);
});

afterAll(async () => {
  process.env.APP_URL = savedAppUrl;
  resetEnvForTests();
  await app?.close();
  await receiver?.close();
});

describe("a sample sent to an endpoint", () => {
  it("is attempted at once and answers with the stored attempt: request as sent, response, timing", async () => {
    const { endpoint } = await createEndpoint({ url: `${receiver.url}/rate-limited?retry-after=60` }, ctx);
    const sent = await sendSample({ endpointId: endpoint.id, eventType: "invoice.paid" }, ctx);
    const result = await attemptSample(sent, ctx);
    expect(result.note).toBeNull();
    expect(result.attempt).toMatchObject({ number: 1, trigger: "manual", responseStatus: 429, succeeded: false, errorClass: "http_status" });
    expect(result.attempt!.requestHeaders["webhook-signature"]).toMatch(/^v1,/);
    expect(result.attempt!.responseHeaders?.["retry-after"]).toBe("60");
    expect(result.attempt!.durationMs).toBeGreaterThanOrEqual(0);
    expect(JSON.parse(result.requestBody as string)).toMatchObject({ type: "invoice.paid", data: { amount: 4200 } });
    // The receiver got exactly that request, and the delivery waits for its retry (Retry-After honoured).
    expect(receiver.requestsTo("/rate-limited")).toHaveLength(1);
    expect(receiver.requestsTo("/rate-limited")[0].body).toBe(result.requestBody);
    const [delivery] = await db().select().from(deliveries).where(eq(deliveries.id, sent.deliveryId));
    expect(delivery.status).toBe("failed");
    expect(delivery.nextAttemptAt!.getTime() - result.attempt!.createdAt.getTime()).toBeGreaterThanOrEqual(10_000);
  });

  it("sends an edited payload, checked against the event type's schema", async () => {
    const { endpoint } = await createEndpoint({ url: `${receiver.url}/ok` }, ctx);
    const result = await attemptSample(await sendSample({ endpointId: endpoint.id, eventType: "invoice.paid", payload: { amount: 1 } }, ctx), ctx);
    expect(result.attempt).toMatchObject({ succeeded: true, responseStatus: 200, responseBody: '{"received":true}' });
    await expect(sendSample({ endpointId: endpoint.id, eventType: "invoice.paid", payload: { total: 1 } }, ctx)).rejects.toThrow(/does not match invoice.paid/);
  });

  it("says why there is no attempt when the endpoint is paused", async () => {
    const { endpoint } = await createEndpoint({ url: `${receiver.url}/ok` }, ctx);
    await pauseEndpoint({ id: endpoint.id }, ctx);
    const result = await attemptSample(await sendSample({ endpointId: endpoint.id, eventType: "invoice.paid" }, ctx), ctx);
    expect(result.attempt).toBeNull();
    expect(result.note).toMatch(/paused/);
  });

  it("refuses another workspace's delivery", async () => {
    const { endpoint } = await createEndpoint({ url: `${receiver.url}/ok` }, ctx);
    const sent = await sendSample({ endpointId: endpoint.id, eventType: "invoice.paid" }, ctx);
    const other = await createOwner();
    await expect(attemptSample(sent, other.ctx)).rejects.toThrow(/not found/);
  });
});

describe("a provider sample posted to a source", () => {
  it("carries each provider's event header, and its signature verifies under the provider's own scheme", () => {
    for (const sample of PROVIDER_SAMPLES) {
      const body = Buffer.from(providerSampleBody(sample));
      const headers = { ...sample.headers, ...signInbound({ provider: sample.provider, secret: "s3cret" }, body) };
      expect(verifyInbound({ provider: sample.provider, secret: "s3cret" }, { rawBody: body, headers, url: "https://x.test/in/t" }).ok, sample.id).toBe(true);
    }
    const header = (id: string, name: string) => PROVIDER_SAMPLES.find((s) => s.id === id)!.headers[name];
    expect(header("github.push", "x-github-event")).toBe("push");
    expect(header("shopify.orders.create", "x-shopify-topic")).toBe("orders/create");
    expect((PROVIDER_SAMPLES.find((s) => s.id === "stripe.payment_intent.succeeded")!.body as { type: string }).type).toBe("payment_intent.succeeded");
  });

  it("is accepted when signed with the source's secret, and stored with the provider's headers", async () => {
    for (const provider of ["stripe", "github", "shopify", "slack"] as const) {
      const source = await createSource({ name: `${provider} test`, verification: { provider } }, ctx);
      const sample = PROVIDER_SAMPLES.find((s) => s.provider === provider)!;
      const result = await postProviderSample({ sourceId: source.id, sampleId: sample.id }, ctx);
      expect(result, provider).toMatchObject({ verdict: "accepted", signedWith: "source_secret", url: source.url, response: { status: 200 } });
      expect(result.requestId).toMatch(/^req_/);
      expect(result.request.body).toBe(providerSampleBody(sample));
    }
  });

  it("is rejected with the source's reason when signed with a wrong secret or not at all", async () => {
    const source = await createSource({ name: "github strict", verification: { provider: "github" } }, ctx);
    const wrong = await postProviderSample({ sourceId: source.id, sampleId: "github.push", signing: "wrong_secret" }, ctx);
    expect(wrong).toMatchObject({ verdict: "rejected", signedWith: "wrong_secret", response: { status: 401 } });
    expect(wrong.reason).toMatch(/Verification failed \(no_matching_signature\)/);
    expect(wrong.detail).toMatch(/X-Hub-Signature-256 does not match/);
    const unsigned = await postProviderSample({ sourceId: source.id, sampleId: "github.push", signing: "unsigned" }, ctx);
    expect(unsigned).toMatchObject({ verdict: "rejected", signedWith: "unsigned" });
    expect(unsigned.detail).toMatch(/missing X-Hub-Signature-256/);
  });

  it("answers Slack's URL check with its challenge", async () => {
    const source = await createSource({ name: "slack events", verification: { provider: "slack" } }, ctx);
    const result = await postProviderSample({ sourceId: source.id, sampleId: "slack.url_verification" }, ctx);
    expect(result.verdict).toBe("accepted");
    expect(JSON.parse(result.response!.body)).toEqual({ challenge: "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P" });
  });

  it("refuses an unknown sample and another workspace's source", async () => {
    const source = await createSource({ name: "none", verification: { provider: "none" } }, ctx);
    await expect(postProviderSample({ sourceId: source.id, sampleId: "stripe.nope" }, ctx)).rejects.toThrow(/no provider sample/);
    const other = await createOwner();
    await expect(postProviderSample({ sourceId: source.id, sampleId: "github.push" }, other.ctx)).rejects.toThrow(/not found/);
  });
});
