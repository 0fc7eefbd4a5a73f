// IFTTT's service protocol through its routes: every endpoint with and without the service key (or the user's
// token), the OAuth authorization-code flow issuing an application-limited key, the trigger's limit and cursor
// pages, the action creating a message, the realtime notification reaching a local stand-in (node:http on
// 127.0.0.1), and the realtime API's failures mapped to their codes and retryability.
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/db";
import { apiKeys, auditLog, deliveries, endpoints, messages } from "@/db/schema";
import { contextFromPortalSession } from "@/lib/api/request-context";
import { createApplication } from "@/lib/applications/applications";
import { approveAuthorization, checkAuthorizeRequest, iftttRealtimeError } from "@/lib/integrations";
import type { DeliveryResult } from "@/lib/net";
import { attemptDelivery } from "@/lib/outbound/attempt";
import { createEventType } from "@/lib/outbound/event-types";
import { sendMessage } from "@/lib/outbound/send";
import { resetEnvForTests } from "@/lib/platform/env";
import { POST as sendEvent } from "@/app/api/integrations/ifttt/v1/actions/send_event/route";
import { POST as actionOptions } from "@/app/api/integrations/ifttt/v1/actions/send_event/fields/event_type/options/route";
import { POST as token } from "@/app/api/integrations/ifttt/v1/oauth/token/route";
import { GET as status } from "@/app/api/integrations/ifttt/v1/status/route";
import { POST as testSetup } from "@/app/api/integrations/ifttt/v1/test/setup/route";
import { POST as trigger } from "@/app/api/integrations/ifttt/v1/triggers/new_event/route";
import { POST as triggerOptions } from "@/app/api/integrations/ifttt/v1/triggers/new_event/fields/event_type/options/route";
import { DELETE as deleteIdentity } from "@/app/api/integrations/ifttt/v1/triggers/new_event/trigger_identity/[identity]/route";
import { GET as userInfo } from "@/app/api/integrations/ifttt/v1/user/info/route";
import { createOwner, testRequest } from "@/tests/helpers/factories";
import { startVerifyingReceiver, type VerifyingReceiver } from "@/tests/helpers/verifying-receiver";
import type { Id } from "@/lib/platform/id-types";

const SERVICE_KEY = "ifttt-service-key-for-tests";
const REDIRECT = "https://ifttt.com/channels/switchboard/authorize";
let realtime: VerifyingReceiver;
let owner: Awaited<ReturnType<typeof createOwner>>;
let app: { id: Id<"app">; name: string };
let accessToken: string;

type Handler = (request: Request, route: { params: Promise<Record<string, string>> }) => Promise<Response>;
const params = (values: Record<string, string> = {}) => ({ params: Promise.resolve(values) });

function call(handler: Handler, options: { method?: string; body?: unknown; serviceKey?: string; token?: string; values?: Record<string, string> } = {}) {
  const headers = new Headers({ "content-type": "application/json", accept: "application/json", "x-forwarded-for": "127.0.0.1" });
  if (options.serviceKey) headers.set("ifttt-service-key", options.serviceKey);
  if (options.token) headers.set("authorization", `Bearer ${options.token}`);
  const method = options.method ?? "POST";
  const request = new Request("http://127.0.0.1:3000/api/integrations/ifttt/v1/x", { method, headers, body: method === "GET" || method === "DELETE" ? undefined : JSON.stringify(options.body ?? {}) });
  return handler(request, params(options.values));
}

async function json(response: Response) {
  return { status: response.status, body: (await response.json()) as Record<string, unknown> & { data?: unknown; errors?: { message: string; status?: string }[] } };
}

/** The OAuth flow as IFTTT and the user go through it: approve for `app`, then trade the code. */
async function connectIfttt(ctx = owner.ctx) {
  const request = checkAuthorizeRequest({ client_id: "ifttt-client", redirect_uri: REDIRECT, response_type: "code", state: "st8" });
  const back = new URL(await approveAuthorization({ request, application: app.id }, ctx));
  const code = back.searchParams.get("code")!;
  const form = { grant_type: "authorization_code", code, client_id: "ifttt-client", client_secret: "ifttt-secret", redirect_uri: REDIRECT };
  const exchange = () => token(new Request("http://127.0.0.1:3000/x", { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams(form).toString() }));
  return { back, exchange };
}

beforeAll(async () => {
  realtime = await startVerifyingReceiver();
  realtime.forceStatus = 200;
  owner = await createOwner();
  Object.assign(process.env, {
    IFTTT_SERVICE_KEY: SERVICE_KEY,
    IFTTT_CLIENT_ID: "ifttt-client",
    IFTTT_CLIENT_SECRET: "ifttt-secret",
    IFTTT_REALTIME_URL: realtime.url,
    IFTTT_TEST_WORKSPACE: owner.workspace.slug,
  });
  resetEnvForTests();
  app = await createApplication({ name: "Acme", uid: "acme" }, owner.ctx);
  await createEventType({ name: "order.shipped", description: "An order left the warehouse." }, owner.ctx);
  await createEventType({ name: "user.created" }, owner.ctx);
  const { exchange } = await connectIfttt();
  accessToken = ((await (await exchange()).json()) as { access_token: string }).access_token;
});

afterAll(async () => {
  await realtime.close();
});

describe("authentication", () => {
  const serviceEndpoints: [string, Handler, string][] = [
    ["GET /status", status as Handler, "GET"],
    ["POST /test/setup", testSetup as Handler, "POST"],
    ["DELETE /triggers/new_event/trigger_identity/{id}", deleteIdentity as Handler, "DELETE"],
  ];
  it.each(serviceEndpoints)("%s answers 200 with the service key, 401 without it or with another", async (_, handler, method) => {
    expect((await call(handler, { method, serviceKey: SERVICE_KEY, values: { identity: "ti_1" } })).status).toBe(200);
    const without = await json(await call(handler, { method, values: { identity: "ti_1" } }));
    expect(without.status).toBe(401);
    expect(without.body.errors![0].message).toMatch(/IFTTT-Service-Key/);
    expect((await call(handler, { method, serviceKey: "wrong", values: { identity: "ti_1" } })).status).toBe(401);
  });

  const userEndpoints: [string, Handler, string, unknown][] = [
    ["GET /user/info", userInfo as Handler, "GET", undefined],
    ["POST /triggers/new_event", trigger as Handler, "POST", { triggerFields: { event_type: "order.shipped" } }],
    ["POST /triggers/new_event/fields/event_type/options", triggerOptions as Handler, "POST", {}],
    ["POST /actions/send_event", sendEvent as Handler, "POST", { actionFields: { event_type: "user.created", payload: "{}" } }],
    ["POST /actions/send_event/fields/event_type/options", actionOptions as Handler, "POST", {}],
  ];
  it.each(userEndpoints)("%s answers 200 with the user's token, 401 without one or with a bad one", async (_, handler, method, body) => {
    expect((await call(handler, { method, token: accessToken, body })).status).toBe(200);
    expect((await json(await call(handler, { method, body }))).body.errors).toHaveLength(1);
    expect((await call(handler, { method, body })).status).toBe(401);
    expect((await call(handler, { method, body, token: "sb_live_not_a_key" })).status).toBe(401);
  });

  it("shows what to set when IFTTT is not configured (503), never a crash", async () => {
    delete process.env.IFTTT_SERVICE_KEY;
    resetEnvForTests();
    try {
      const answer = await json(await call(status as Handler, { method: "GET", serviceKey: SERVICE_KEY }));
      expect(answer).toEqual({ status: 503, body: { errors: [{ message: expect.stringContaining("IFTTT_SERVICE_KEY") }] } });
    } finally {
      process.env.IFTTT_SERVICE_KEY = SERVICE_KEY;
      resetEnvForTests();
    }
  });
});

describe("OAuth", () => {
  it("issues an application-limited key with IFTTT's scopes only, and an ifttt endpoint for the application, once per code", async () => {
    const { back, exchange } = await connectIfttt();
    expect(back.origin + back.pathname).toBe(REDIRECT);
    expect(back.searchParams.get("state")).toBe("st8");
    const first = await exchange();
    const issued = (await first.json()) as { token_type: string; access_token: string };
    expect(issued.token_type).toBe("Bearer");
    const [key] = await db().select().from(apiKeys).where(eq(apiKeys.start, issued.access_token.slice(0, 12)));
    expect(key).toMatchObject({ applicationId: app.id, scopes: ["event_types:read", "messages:read", "messages:write"] });
    const [endpoint] = await db().select().from(endpoints).where(eq(endpoints.url, `ifttt://user/${key.id}`));
    expect(endpoint).toMatchObject({ kind: "ifttt", applicationId: app.id });
    expect(await db().select().from(auditLog).where(and(eq(auditLog.action, "integration.authorize"), eq(auditLog.actorId, owner.user.id)))).not.toEqual([]);

    const replay = await exchange();
    expect(replay.status).toBe(400);
    expect(await replay.json()).toMatchObject({ error: "invalid_grant" });
  });

  it("refuses a wrong client secret, another redirect, and a read-only portal session", async () => {
    const { exchange } = await connectIfttt();
    const wrong = await token(new Request("http://127.0.0.1:3000/x", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ grant_type: "authorization_code", code: "x", client_id: "ifttt-client", client_secret: "nope", redirect_uri: REDIRECT }) }));
    expect(wrong.status).toBe(401);
    expect((await exchange()).status).toBe(200);
    expect(() => checkAuthorizeRequest({ client_id: "ifttt-client", redirect_uri: "https://evil.example/cb", state: "" })).toThrow(/other than IFTTT/);
    const readOnly = contextFromPortalSession({ id: "ps_1", workspaceId: owner.workspace.id, applicationId: app.id, applicationName: "Acme", readOnly: true }, testRequest());
    const request = checkAuthorizeRequest({ client_id: "ifttt-client", redirect_uri: REDIRECT, state: "" });
    await expect(approveAuthorization({ request, application: app.id }, readOnly)).rejects.toThrow(/read-only/);
  });

  it("gives IFTTT's tests a working user from IFTTT_TEST_WORKSPACE, with samples for the trigger and action", async () => {
    const { body } = await json(await call(testSetup as Handler, { serviceKey: SERVICE_KEY }));
    const data = body.data as { accessToken: string; samples: { triggers: { new_event: { event_type: string } } } };
    expect(data.samples.triggers.new_event.event_type).toBe("order.shipped");
    const info = await json(await call(userInfo as Handler, { method: "GET", token: data.accessToken }));
    expect(info.body.data).toMatchObject({ name: expect.stringContaining("IFTTT tests"), id: expect.stringMatching(/^key_/) });
  });
});

describe("trigger and action", () => {
  it("lists the application's events newest first, `limit` at a time with a cursor to the rest, each with meta", async () => {
    const sent = [];
    for (const n of [1, 2, 3]) sent.push((await sendMessage({ eventType: "order.shipped", payload: { n }, application: app.id }, owner.ctx)).message);
    // A workspace-wide send is no application's: IFTTT's user does not see it.
    await sendMessage({ eventType: "order.shipped", payload: { n: 0 } }, owner.ctx);
    const page = async (body: Record<string, unknown>) => (await json(await call(trigger as Handler, { token: accessToken, body: { triggerFields: { event_type: "order.shipped" }, ...body } }))).body;
    const all = await page({});
    expect((all.data as { event_id: string }[]).map((i) => i.event_id)).toEqual(sent.map((m) => m.id).reverse());
    expect(all.cursor).toBeUndefined();
    const first = await page({ limit: 2 });
    expect((first.data as { event_id: string }[]).map((i) => i.event_id)).toEqual([sent[2].id, sent[1].id]);
    expect((first.data as Record<string, unknown>[])[0]).toMatchObject({ event_type: "order.shipped", payload: '{"n":3}', meta: { id: sent[2].id, timestamp: Math.floor(sent[2].createdAt.getTime() / 1000) } });
    const rest = await page({ limit: 2, cursor: first.cursor });
    expect((rest.data as { event_id: string }[]).map((i) => i.event_id)).toEqual([sent[0].id]);
    expect((await page({ limit: 0 })).data).toEqual([]);
  });

  it("refuses a trigger call without its field (400, in IFTTT's error shape)", async () => {
    const answer = await json(await call(trigger as Handler, { token: accessToken, body: { limit: 5 } }));
    expect(answer.status).toBe(400);
    expect(answer.body.errors![0].message).toMatch(/trigger fields/);
  });

  it("the action creates a message in the token's application; an unknown event type is SKIP", async () => {
    const answer = await json(await call(sendEvent as Handler, { token: accessToken, body: { actionFields: { event_type: "user.created", payload: '{"email":"ada@example.com"}' } } }));
    const [{ id }] = answer.body.data as { id: Id<"msg"> }[];
    const [message] = await db().select().from(messages).where(eq(messages.id, id));
    expect(message).toMatchObject({ applicationId: app.id, eventType: "user.created", payload: { email: "ada@example.com" } });
    const skipped = await json(await call(sendEvent as Handler, { token: accessToken, body: { actionFields: { event_type: "no.such" } } }));
    expect(skipped).toMatchObject({ status: 400, body: { errors: [{ status: "SKIP" }] } });
  });

  it("offers the catalog as the event_type field's options", async () => {
    const { body } = await json(await call(triggerOptions as Handler, { token: accessToken }));
    expect(body.data).toEqual([{ label: "order.shipped: An order left the warehouse.", value: "order.shipped" }, { label: "user.created", value: "user.created" }]);
  });
});

describe("realtime", () => {
  it("a new event of the application notifies IFTTT's realtime API with the service key, naming the user", async () => {
    const [endpoint] = await db().select().from(endpoints).where(and(eq(endpoints.kind, "ifttt"), eq(endpoints.applicationId, app.id))).limit(1);
    const sent = await sendMessage({ eventType: "order.shipped", payload: { n: 9 }, application: app.id }, owner.ctx);
    const [delivery] = await db().select().from(deliveries).where(and(eq(deliveries.messageId, sent.message.id), eq(deliveries.endpointId, endpoint.id)));
    realtime.requests.length = 0;
    expect((await attemptDelivery(delivery.id)).status).toBe("succeeded");
    const [notification] = realtime.requests;
    expect(notification.headers["ifttt-service-key"]).toBe(SERVICE_KEY);
    expect(notification.headers["x-request-id"]).toBeTruthy();
    expect(JSON.parse(notification.body)).toEqual({ data: [{ user_id: endpoint.integration!.config.userId }] });
  });

  const result = (r: Partial<DeliveryResult>): DeliveryResult => ({ ok: false, bodyTruncated: false, abortRequested: false, durationMs: 3, ...r });
  it.each([
    [{ status: 401 }, "ifttt_service_key_refused", false],
    [{ status: 403 }, "ifttt_service_key_refused", false],
    [{ status: 429 }, "rate_limited", true],
    [{ status: 500 }, "ifttt_unavailable", true],
    [{ status: 503 }, "ifttt_unavailable", true],
    [{ status: 400 }, "ifttt_rejected", false],
    [{ errorClass: "timeout" as const }, "timeout", true],
    [{ errorClass: "connect" as const }, "network", true],
  ])("realtime answer %o is %s (retryable %s)", (failure, code, retryable) => {
    const error = iftttRealtimeError(result(failure), "https://realtime.ifttt.com/v1/notifications");
    expect({ code: error.code, retryable: error.retryable }).toEqual({ code, retryable });
  });
});
