// Slack through the real adapter and delivery path against the local stand-in (tests/helpers/slack-stand-in.ts): the
// OAuth connect with its state checks (single use, bound to the session that started it, short-lived), delivery of
// a message to the picked channel, every Slack failure mapped to its code and retryability (table-driven, through
// the real client), 429's Retry-After, the Events API's verification (the Slack vector) and its uninstall events,
// and disconnecting.
import { createHmac } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/db";
import { attempts, auditLog, deliveries, endpoints, integrationOauthStates } from "@/db/schema";
import { contextFromPortalSession, type RequestContext } from "@/lib/api/request-context";
import { createApplication } from "@/lib/applications/applications";
import { completeConnect, disconnect, handleSlackEvent, listConnections, PERMANENT_SLACK_ERRORS, slackAdapter, startConnect } from "@/lib/integrations";
import { attemptDelivery } from "@/lib/outbound/attempt";
import { createEventType } from "@/lib/outbound/event-types";
import { sendMessage } from "@/lib/outbound/send";
import { resetEnvForTests } from "@/lib/platform/env";
import { CHANNELS, startSlackStandIn, type SlackStandIn } from "@/tests/helpers/slack-stand-in";
import { createOwner, createUser, contextFor, testRequest } from "@/tests/helpers/factories";
import { vectors } from "@/tests/signing/vectors";
import type { Id } from "@/lib/platform/id-types";

const SIGNING_SECRET = "test-signing-secret-for-events";
let slack: SlackStandIn;
let owner: Awaited<ReturnType<typeof createOwner>>;
let ctx: RequestContext;
let app: { id: Id<"app"> };

beforeAll(async () => {
  slack = await startSlackStandIn();
  Object.assign(process.env, slack.env(SIGNING_SECRET));
  resetEnvForTests();
  owner = await createOwner();
  ctx = owner.ctx;
  app = await createApplication({ name: "Acme", uid: "acme" }, ctx);
  await createEventType({ name: "invoice.paid" }, ctx);
});

afterAll(async () => {
  await slack.close();
});

/** Starts a connect as `as` and answers it as Slack would after the user picked `channel`. */
async function connectSlack(as: RequestContext, application = app.id, channel = CHANNELS[1].id) {
  const { url } = await startConnect({ integration: "slack", application }, as);
  const authorize = new URL(url);
  const state = authorize.searchParams.get("state")!;
  const code = slack.grantCode(authorize.searchParams.get("redirect_uri")!, channel);
  return { state, code, complete: () => completeConnect({ integration: "slack", state, code }, as) };
}

async function deliverOnce(endpointId: Id<"ep">, payload: unknown = { invoiceId: "inv_1", amount: 42 }) {
  const sent = await sendMessage({ eventType: "invoice.paid", payload, application: app.id }, ctx);
  const [delivery] = await db().select().from(deliveries).where(and(eq(deliveries.messageId, sent.message.id), eq(deliveries.endpointId, endpointId)));
  const result = await attemptDelivery(delivery.id);
  const [attempt] = await db().select().from(attempts).where(eq(attempts.deliveryId, delivery.id));
  return { result, attempt, messageId: sent.message.id };
}

describe("connect", () => {
  it("asks for the incoming-webhook and chat:write scopes and makes a slack endpoint with encrypted secrets", async () => {
    const { url } = await startConnect({ integration: "slack", application: app.id }, ctx);
    const authorize = new URL(url);
    expect(authorize.origin + authorize.pathname).toBe(slack.authorizeUrl);
    expect(authorize.searchParams.get("scope")).toBe("incoming-webhook,chat:write");
    expect(authorize.searchParams.get("redirect_uri")).toMatch(/\/api\/integrations\/slack\/callback$/);

    const flow = await connectSlack(ctx);
    const endpoint = await flow.complete();
    expect(endpoint).toMatchObject({ kind: "slack", applicationId: app.id, url: `slack://${slack.team.id}/C0ALERTS`, description: "Slack #alerts in Stand-in Corp" });
    const [row] = await db().select().from(endpoints).where(eq(endpoints.id, endpoint.id));
    expect(row.integration!.config).toMatchObject({ teamId: slack.team.id, channelId: "C0ALERTS", channelName: "alerts", teamUrl: expect.stringContaining("slack.invalid") });
    expect(row.integration!.secrets.botToken).toMatch(/^v1\./);
    expect(JSON.stringify(row.integration)).not.toContain("xoxb-");
    const [audit] = await db().select().from(auditLog).where(and(eq(auditLog.action, "integration.connect"), eq(auditLog.targetId, endpoint.id)));
    expect(audit.actorId).toBe(owner.user.id);
    expect(JSON.stringify(audit.after)).not.toContain("xoxb-");
  });

  it("refuses a replayed state, after the first use went through", async () => {
    const flow = await connectSlack(ctx);
    await flow.complete();
    await expect(completeConnect({ integration: "slack", state: flow.state, code: slack.grantCode("x") }, ctx)).rejects.toMatchObject({ code: "conflict", message: expect.stringMatching(/already used/) });
  });

  it("refuses a state started by another member, and by a portal session, leaving it usable by its own", async () => {
    const flow = await connectSlack(ctx);
    const other = await createUser();
    const stranger = contextFor(ctx.workspaceId, other, "owner");
    await expect(completeConnect({ integration: "slack", state: flow.state, code: flow.code }, stranger)).rejects.toMatchObject({ code: "forbidden" });
    const portal = contextFromPortalSession({ id: "ps_foreign", workspaceId: ctx.workspaceId, applicationId: app.id, applicationName: "Acme", readOnly: false }, testRequest());
    await expect(completeConnect({ integration: "slack", state: flow.state, code: flow.code }, portal)).rejects.toMatchObject({ code: "forbidden" });
    expect(slack.calls.filter((c) => c === "oauth.v2.access").length).toBeGreaterThan(0);
    await expect(flow.complete()).resolves.toMatchObject({ kind: "slack" });
  });

  it("refuses an expired state", async () => {
    const flow = await connectSlack(ctx);
    await db().update(integrationOauthStates).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(integrationOauthStates.workspaceId, ctx.workspaceId));
    await expect(flow.complete()).rejects.toMatchObject({ code: "conflict", message: expect.stringMatching(/expired/) });
  });

  it("a portal session connects for its own application only, through the portal's callback", async () => {
    const other = await createApplication({ name: "Globex", uid: "globex" }, ctx);
    const portal = contextFromPortalSession({ id: "ps_acme", workspaceId: ctx.workspaceId, applicationId: app.id, applicationName: "Acme", readOnly: false }, testRequest());
    await expect(startConnect({ integration: "slack", application: other.id }, portal)).rejects.toMatchObject({ code: "not_found" });
    const { url } = await startConnect({ integration: "slack", application: app.id }, portal);
    expect(new URL(url).searchParams.get("redirect_uri")).toMatch(/\/portal\/integrations\/slack\/callback$/);
    const readOnly = contextFromPortalSession({ id: "ps_ro", workspaceId: ctx.workspaceId, applicationId: app.id, applicationName: "Acme", readOnly: true }, testRequest());
    await expect(startConnect({ integration: "slack", application: app.id }, readOnly)).rejects.toMatchObject({ code: "forbidden" });
  });

  it("an unconfigured Slack says which variables to set, and refuses to start", async () => {
    const saved = process.env.SLACK_CLIENT_ID;
    try {
      delete process.env.SLACK_CLIENT_ID;
      delete process.env.SLACK_CLIENT_SECRET;
      resetEnvForTests();
      expect(slackAdapter.status()).toEqual({ configured: false, missing: [expect.objectContaining({ variable: "SLACK_CLIENT_ID" }), expect.objectContaining({ variable: "SLACK_CLIENT_SECRET" })] });
      await expect(startConnect({ integration: "slack", application: app.id }, ctx)).rejects.toMatchObject({ code: "conflict", message: expect.stringContaining("SLACK_CLIENT_ID") });
    } finally {
      Object.assign(process.env, slack.env(SIGNING_SECRET), { SLACK_CLIENT_ID: saved });
      resetEnvForTests();
    }
    expect(slackAdapter.status()).toEqual({ configured: true });
  });
});

describe("delivery", () => {
  let endpointId: Id<"ep">;
  beforeAll(async () => {
    endpointId = (await (await connectSlack(ctx)).complete()).id;
  });

  it("posts the event to the picked channel with the bot token, as Block Kit, and logs Slack's answer", async () => {
    const { result, attempt, messageId } = await deliverOnce(endpointId);
    expect(result.status).toBe("succeeded");
    const posted = await slack.nextMessage((m) => m.text.includes(messageId));
    expect(posted.channel).toBe("C0ALERTS");
    expect(posted.token).toMatch(/^xoxb-/);
    expect(posted.blocks?.[0]).toEqual({ type: "header", text: { type: "plain_text", text: "invoice.paid" } });
    expect(JSON.stringify(posted.blocks)).toContain("inv_1");
    expect(attempt).toMatchObject({ succeeded: true, responseStatus: 200, url: `${slack.apiUrl}/chat.postMessage` });
    expect(JSON.parse(attempt.responseBody!)).toMatchObject({ ok: true, channel: "C0ALERTS" });
    expect(JSON.stringify(attempt.requestHeaders)).not.toContain("xoxb-");
  });

  it("a 429 is retried after Slack's Retry-After", async () => {
    slack.failNext({ status: 429, retryAfter: 120 });
    const { result, attempt } = await deliverOnce(endpointId);
    expect(result.status).toBe("failed");
    expect(attempt).toMatchObject({ succeeded: false, errorClass: "rate_limited", responseStatus: 429 });
    expect(result.nextAttemptAt!.getTime() - attempt.createdAt.getTime()).toBeGreaterThanOrEqual(120_000);
  });

  it("channel_not_found ends the delivery at once, with the code and what to do", async () => {
    slack.failNext({ error: "channel_not_found" });
    const { result, attempt } = await deliverOnce(endpointId);
    expect(result).toMatchObject({ status: "exhausted", nextAttemptAt: null });
    expect(attempt).toMatchObject({ errorClass: "channel_not_found", errorMessage: PERMANENT_SLACK_ERRORS.channel_not_found });
  });

  // Every Slack failure the adapter maps, through the real client and the stand-in: its code and whether it is retried.
  const table: { failure: Parameters<SlackStandIn["failNext"]>[0]; code: string; retryable: boolean }[] = [
    ...Object.keys(PERMANENT_SLACK_ERRORS).map((error) => ({ failure: { error }, code: error, retryable: false })),
    ...["ratelimited", "internal_error", "fatal_error", "service_unavailable", "request_timeout", "some_new_error"].map((error) => ({ failure: { error }, code: error, retryable: true })),
    { failure: { status: 429, retryAfter: 3 }, code: "rate_limited", retryable: true },
    { failure: { status: 500 }, code: "slack_unavailable", retryable: true },
  ];
  it.each(table)("$code → retryable $retryable", async ({ failure, code, retryable }) => {
    slack.failNext(failure);
    const delivery = { workspaceId: ctx.workspaceId, messageId: "msg_x", eventType: "invoice.paid", timestamp: new Date(), payload: {}, endpoint: { id: endpointId, timeoutMs: 5000 }, config: { channelId: "C0ALERTS" }, secrets: { botToken: "xoxb-unused" } };
    const error = await slackAdapter.deliver(delivery, { body: "{}", contentType: "application/json" }).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: "IntegrationError", code, retryable });
    expect((error as Error).message.length).toBeGreaterThan(10);
  });

  it("an unreachable Slack is a retryable network failure", async () => {
    const saved = process.env.SLACK_API_BASE_URL;
    process.env.SLACK_API_BASE_URL = "http://127.0.0.1:9/api";
    resetEnvForTests();
    try {
      const { result, attempt } = await deliverOnce(endpointId);
      expect(result.status).toBe("failed");
      expect(attempt.errorClass).toBe("network");
    } finally {
      process.env.SLACK_API_BASE_URL = saved;
      resetEnvForTests();
    }
  });

  it("a template's Slack message is posted as it is", async () => {
    const { defaultSlackMessage, slackMessageFrom } = await import("@/lib/integrations");
    expect(slackMessageFrom(JSON.stringify({ text: "Paid", blocks: [{ type: "divider" }] }))).toEqual({ text: "Paid", blocks: [{ type: "divider" }] });
    expect(slackMessageFrom(JSON.stringify({ type: "invoice.paid", data: {} }))).toBeNull();
    expect(slackMessageFrom("not json")).toBeNull();
    const long = defaultSlackMessage({ eventType: "x", messageId: "msg_1", timestamp: new Date(0), payload: { text: "a".repeat(5000) } });
    expect((long.blocks![1] as { text: { text: string } }).text.text.length).toBeLessThanOrEqual(3000);
  });
});

describe("Events API", () => {
  const sign = (body: string, timestamp: number, secret = SIGNING_SECRET) =>
    new Headers({ "x-slack-request-timestamp": String(timestamp), "x-slack-signature": `v0=${createHmac("sha256", secret).update(`v0:${timestamp}:${body}`).digest("hex")}`, "content-type": "application/json" });
  const now = () => Math.floor(Date.now() / 1000);

  it("verifies Slack's published vector, and refuses it changed, stale or under another secret", () => {
    const [v] = vectors.slack.cases;
    process.env.SLACK_SIGNING_SECRET = v.secret;
    resetEnvForTests();
    try {
      const headers = new Headers({ "x-slack-request-timestamp": String(v.timestamp), "x-slack-signature": v.signature });
      expect(slackAdapter.verifyInbound!({ rawBody: Buffer.from(v.body), headers, now: v.timestamp })).toEqual({ ok: true });
      expect(slackAdapter.verifyInbound!({ rawBody: Buffer.from(v.body + "x"), headers, now: v.timestamp }).ok).toBe(false);
      expect(slackAdapter.verifyInbound!({ rawBody: Buffer.from(v.body), headers, now: v.timestamp + 301 }).ok).toBe(false);
    } finally {
      process.env.SLACK_SIGNING_SECRET = SIGNING_SECRET;
      resetEnvForTests();
    }
    const [v2] = vectors.slack.cases;
    const headers = new Headers({ "x-slack-request-timestamp": String(v2.timestamp), "x-slack-signature": v2.signature });
    expect(slackAdapter.verifyInbound!({ rawBody: Buffer.from(v2.body), headers, now: v2.timestamp }).ok).toBe(false);
  });

  it("answers the url_verification challenge, and refuses an unsigned one", async () => {
    const body = JSON.stringify({ type: "url_verification", token: "legacy", challenge: "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P" });
    await expect(handleSlackEvent({ rawBody: Buffer.from(body), headers: sign(body, now()) })).resolves.toEqual({ status: 200, body: { challenge: "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P" } });
    const refused = await handleSlackEvent({ rawBody: Buffer.from(body), headers: sign(body, now(), "wrong") });
    expect(refused.status).toBe(401);
  });

  it("app_uninstalled disables the Slack workspace's connections and drops their tokens, audited; others stay", async () => {
    const target = (await (await connectSlack(ctx)).complete()).id;
    const body = JSON.stringify({ type: "event_callback", team_id: slack.team.id, api_app_id: "A0STANDIN", event: { type: "app_uninstalled" }, event_id: "Ev1", event_time: now() });
    const answer = await handleSlackEvent({ rawBody: Buffer.from(body), headers: sign(body, now()) });
    expect(answer.status).toBe(200);
    const [row] = await db().select().from(endpoints).where(eq(endpoints.id, target));
    expect(row).toMatchObject({ status: "disabled", disabledReason: expect.stringContaining("uninstalled") });
    expect(row.integration!.secrets).toEqual({});
    expect(row.integration!.config.channelId).toBe("C0ALERTS");
    const [audit] = await db().select().from(auditLog).where(and(eq(auditLog.action, "integration.uninstalled"), eq(auditLog.targetId, target)));
    expect(audit.actorType).toBe("system");
    // Slack retries events: the second is a no-op.
    await expect(handleSlackEvent({ rawBody: Buffer.from(body), headers: sign(body, now()) })).resolves.toMatchObject({ status: 200, body: { disconnected: 0 } });
    // tokens_revoked of another team touches nothing here.
    const other = JSON.stringify({ type: "event_callback", team_id: "T0OTHER", event: { type: "tokens_revoked", tokens: { bot: ["U0BOT"] } } });
    await expect(handleSlackEvent({ rawBody: Buffer.from(other), headers: sign(other, now()) })).resolves.toMatchObject({ body: { disconnected: 0 } });
  });
});

describe("disconnect", () => {
  it("revokes the token at Slack, deletes the endpoint and audits it; another application's connection is not found", async () => {
    const endpoint = await (await connectSlack(ctx)).complete();
    const [row] = await db().select().from(endpoints).where(eq(endpoints.id, endpoint.id));
    const portal = contextFromPortalSession({ id: "ps_other", workspaceId: ctx.workspaceId, applicationId: "app_other", applicationName: "Other", readOnly: false }, testRequest());
    await expect(disconnect({ endpointId: endpoint.id }, portal)).rejects.toMatchObject({ code: "not_found" });
    expect((await listConnections(ctx)).some((c) => c.endpointId === endpoint.id)).toBe(true);
    await disconnect({ endpointId: endpoint.id }, ctx);
    expect(await db().select().from(endpoints).where(eq(endpoints.id, endpoint.id))).toEqual([]);
    const { decryptSecret } = await import("@/lib/platform/crypto");
    expect(slack.isRevoked(decryptSecret(row.integration!.secrets.botToken))).toBe(true);
    const [audit] = await db().select().from(auditLog).where(and(eq(auditLog.action, "integration.disconnect"), eq(auditLog.targetId, endpoint.id)));
    expect(audit.actorId).toBe(owner.user.id);
  });
});
