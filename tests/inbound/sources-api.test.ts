// /api/v1/sources through its route handlers: CRUD with generated secrets that never leak into views or the audit
// trail, lookup by name, URL regeneration, requests and their detail, connections, replay, and workspace isolation.
import { desc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as sourcesRoute from "@/app/api/v1/sources/route";
import * as sourceRoute from "@/app/api/v1/sources/[id]/route";
import * as tokenRoute from "@/app/api/v1/sources/[id]/token/route";
import * as secretRoute from "@/app/api/v1/sources/[id]/secret/route";
import * as requestsRoute from "@/app/api/v1/sources/[id]/requests/route";
import * as requestRoute from "@/app/api/v1/sources/[id]/requests/[requestId]/route";
import * as replayRoute from "@/app/api/v1/sources/[id]/requests/[requestId]/replay/route";
import * as connectionsRoute from "@/app/api/v1/sources/[id]/connections/route";
import * as connectionRoute from "@/app/api/v1/sources/[id]/connections/[connectionId]/route";
import { db } from "@/db";
import { auditLog, sources } from "@/db/schema";
import { buildOpenApiDocument } from "@/lib/api/openapi";
import { closeHttpClient } from "@/lib/net/http-client";
import { createEndpoint } from "@/lib/outbound/endpoints";
import { createApiKey } from "@/lib/keys/service";
import { apiRequest, noParams } from "@/tests/helpers/api";
import { createOwner } from "@/tests/helpers/factories";
import { startChaosReceiver, type ChaosReceiver } from "@/tests/helpers/chaos-receiver";
import { postInbound } from "@/tests/inbound/helpers";
import type { Id } from "@/lib/platform/id-types";

let key: string;
let workspaceId: string;
let strangerKey: string;
let receiver: ChaosReceiver;
let ctx: Awaited<ReturnType<typeof createOwner>>["ctx"];

beforeAll(async () => {
  const owner = await createOwner();
  ctx = owner.ctx;
  workspaceId = owner.workspace.id;
  key = (await createApiKey({ name: "admin", scopes: ["sources:write"], ipAllowlist: "" }, ctx)).key;
  strangerKey = (await createApiKey({ name: "stranger", scopes: ["sources:write"], ipAllowlist: "" }, (await createOwner()).ctx)).key;
  receiver = await startChaosReceiver();
});
afterAll(async () => {
  await closeHttpClient();
  await receiver.close();
});

type Json = Record<string, unknown>;
const params = <P extends Json>(p: P) => ({ params: Promise.resolve(p) });

async function call(handler: (request: never, route: never) => Promise<Response>, path: string, options: { method?: string; body?: unknown; key?: string; params?: Json } = {}) {
  const response = await handler(apiRequest(path, { method: options.method, body: options.body, key: options.key ?? key }) as never, (options.params ? params(options.params) : noParams) as never);
  return { status: response.status, json: (await response.json()) as Json & { error?: { code: string } } };
}

describe("sources CRUD", () => {
  it("creates with a generated secret that appears only when revealed", async () => {
    const created = await call(sourcesRoute.POST, "/api/v1/sources", { method: "POST", body: { name: "Stripe live", verification: { provider: "stripe" } } });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ name: "Stripe live", provider: "stripe", verification: { provider: "stripe", toleranceSeconds: 300, withheld: ["secret"] } });
    expect(String(created.json.url)).toMatch(/\/in\/[0-9A-Za-z]{22,}$/);
    const id = created.json.id as Id<"src">;

    const secret = await call(secretRoute.GET, `/api/v1/sources/${id}/secret`, { params: { id } });
    expect(secret.json).toMatchObject({ provider: "stripe", secrets: { secret: expect.stringMatching(/^whsec_/) } });
    const plain = (secret.json.secrets as Json).secret as string;
    expect(JSON.stringify(created.json)).not.toContain(plain);

    const [stored] = await db().select().from(sources).where(eq(sources.id, id));
    expect(stored.verificationEncrypted).not.toContain(plain);
    const audit = await db().select().from(auditLog).where(eq(auditLog.workspaceId, workspaceId)).orderBy(desc(auditLog.createdAt));
    expect(audit.some((a) => a.action === "source.secret_reveal" && a.targetId === id)).toBe(true);
    expect(JSON.stringify(audit)).not.toContain(plain);
    expect(JSON.stringify(audit)).not.toContain(stored.token);
  });

  it("finds by id or name, updates keeping the secret, and refuses duplicate names", async () => {
    const created = await call(sourcesRoute.POST, "/api/v1/sources", { method: "POST", body: { name: "github-app", verification: { provider: "github", secret: "gh-secret" } } });
    const id = created.json.id as string;
    expect((await call(sourceRoute.GET, "/api/v1/sources/github-app", { params: { id: "github-app" } })).json.id).toBe(id);
    const updated = await call(sourceRoute.PATCH, `/api/v1/sources/${id}`, { method: "PATCH", params: { id }, body: { description: "from the GitHub App", verification: { provider: "github" }, ipAllowlist: ["192.30.252.0/22"] } });
    expect(updated.json).toMatchObject({ description: "from the GitHub App", ipAllowlist: ["192.30.252.0/22"] });
    expect(((await call(secretRoute.GET, "", { params: { id } })).json.secrets as Json).secret).toBe("gh-secret");

    const duplicate = await call(sourcesRoute.POST, "/api/v1/sources", { method: "POST", body: { name: "github-app" } });
    expect(duplicate.status).toBe(409);
    const invalid = await call(sourcesRoute.POST, "/api/v1/sources", { method: "POST", body: { name: "bad", ipAllowlist: ["not-an-ip"], verification: { provider: "generic_hmac", secret: "x" } } });
    expect(invalid.status).toBe(422);
    expect(JSON.stringify(invalid.json)).toContain("verification.header");
    expect(JSON.stringify(invalid.json)).toContain("not-an-ip");
    // A broken JSON Schema is reported at its place inside jsonSchema, in plain words.
    const badSchema = await call(sourcesRoute.POST, "/api/v1/sources", { method: "POST", body: { name: "bad-schema", jsonSchema: { type: "object", properties: { id: { type: "strin" } } } } });
    expect(badSchema.status).toBe(422);
    expect(badSchema.json).toMatchObject({
      error: { issues: [{ path: "jsonSchema.properties.id.type", message: 'Must be one of: "array", "boolean", "integer", "null", "number", "object", "string"' }] },
    });
  });

  it("regenerates the URL, lists, and deletes", async () => {
    const created = await call(sourcesRoute.POST, "/api/v1/sources", { method: "POST", body: { name: "to delete" } });
    const id = created.json.id as string;
    const regenerated = await call(tokenRoute.POST, "", { method: "POST", params: { id } });
    expect(regenerated.json.url).not.toBe(created.json.url);
    expect((await postInbound(created.json.url as string, { body: "{}" })).response.status).toBe(404);
    expect((await postInbound(regenerated.json.url as string, { body: "{}" })).response.status).toBe(200);

    const list = await call(sourcesRoute.GET, "/api/v1/sources?limit=2");
    expect(list.json).toMatchObject({ hasMore: true });
    expect((list.json.data as Json[]).length).toBe(2);

    expect((await call(sourceRoute.DELETE, "", { method: "DELETE", params: { id } })).json).toEqual({ id, deleted: true });
    expect((await call(sourceRoute.GET, "", { params: { id } })).status).toBe(404);
    expect((await postInbound(regenerated.json.url as string, { body: "{}" })).response.status).toBe(404);
  });

  it("answers 404 for another workspace's source, everywhere", async () => {
    const created = await call(sourcesRoute.POST, "/api/v1/sources", { method: "POST", body: { name: "private" } });
    const id = created.json.id as string;
    for (const [handler, method] of [[sourceRoute.GET, "GET"], [sourceRoute.PATCH, "PATCH"], [sourceRoute.DELETE, "DELETE"], [secretRoute.GET, "GET"], [tokenRoute.POST, "POST"], [requestsRoute.GET, "GET"], [connectionsRoute.GET, "GET"]] as const) {
      const result = await call(handler as never, "", { method, params: { id }, key: strangerKey, body: method === "PATCH" ? { name: "x" } : undefined });
      expect(result.status, `${method} ${handler.name}`).toBe(404);
    }
  });
});

describe("requests, connections and replay through the API", () => {
  it("lists requests with verdicts, shows one, connects an endpoint and replays", async () => {
    const created = await call(sourcesRoute.POST, "/api/v1/sources", { method: "POST", body: { name: "api flow", verification: { provider: "api_key_header", header: "x-key", value: "k" } } });
    const id = created.json.id as string;
    const good = await postInbound(created.json.url as string, { body: '{"ok":true}', headers: { "x-key": "k" } });
    const bad = await postInbound(created.json.url as string, { body: '{"ok":false}' });

    const list = await call(requestsRoute.GET, `/api/v1/sources/${id}/requests`, { params: { id } });
    expect((list.json.data as Json[]).map((r) => [r.id, r.verdict, r.reason])).toEqual([
      [bad.response.headers.get("x-switchboard-request-id"), "rejected", "missing_header"],
      [good.json.id, "accepted", null],
    ]);
    const rejectedOnly = await call(requestsRoute.GET, `/api/v1/sources/${id}/requests?verdict=rejected`, { params: { id } });
    expect((rejectedOnly.json.data as Json[]).length).toBe(1);

    const requestId = good.json.id as string;
    const detail = await call(requestRoute.GET, "", { params: { id, requestId } });
    expect(detail.json).toMatchObject({ id: requestId, verdict: "accepted", tunnelResponses: [] });
    expect(Buffer.from(detail.json.body as string, "base64").toString()).toBe('{"ok":true}');
    const wrongRequest = await call(requestRoute.GET, "", { params: { id, requestId: id } });
    expect([wrongRequest.status, (wrongRequest.json.error as Json).message]).toEqual([404, "The request was not found."]);

    const { endpoint } = await createEndpoint({ url: `${receiver.url}/ok` }, ctx);
    const connection = await call(connectionsRoute.POST, "", { method: "POST", params: { id }, body: { endpointId: endpoint.id, filter: { path: "body.ok", op: "eq", value: true }, transform: { eventType: "custom.thing" } } });
    expect(connection.status).toBe(201);
    const badFilter = await call(connectionsRoute.POST, "", { method: "POST", params: { id }, body: { endpointId: endpoint.id, filter: { path: "body.ok", op: "matches", value: 1 } } });
    expect(badFilter.status).toBe(422);
    const badTransform = await call(connectionsRoute.POST, "", { method: "POST", params: { id }, body: { endpointId: endpoint.id, transform: { payload: "{{secrets.all}}" } } });
    expect(badTransform.status).toBe(422);
    const wrongKind = await call(connectionsRoute.POST, "", { method: "POST", params: { id }, body: { endpointId: id } });
    expect([wrongKind.status, (wrongKind.json.error as Json).message]).toEqual([404, "The endpoint was not found."]);
    const connectionId = connection.json.id as string;
    // An id of another kind (here the endpoint's) names no connection: not_found, as an unknown connection id answers.
    for (const wrong of [endpoint.id, "con_unknown"]) {
      const patched = await call(connectionRoute.PATCH, "", { method: "PATCH", params: { id, connectionId: wrong }, body: { enabled: false } });
      expect([patched.status, (patched.json.error as Json).code, (patched.json.error as Json).message]).toEqual([404, "not_found", "The connection was not found."]);
    }
    expect((await call(connectionRoute.PATCH, "", { method: "PATCH", params: { id, connectionId }, body: { enabled: false } })).json.enabled).toBe(false);
    expect(((await call(connectionsRoute.GET, "", { params: { id } })).json.data as Json[]).length).toBe(1);
    expect((await call(connectionRoute.DELETE, "", { method: "DELETE", params: { id, connectionId } })).json.deleted).toBe(true);

    const toUrl = await call(replayRoute.POST, "", { method: "POST", params: { id, requestId }, body: { url: `${receiver.url}/ok` } });
    expect(toUrl.json).toMatchObject({ kind: "url", ok: true, status: 200 });
    expect(receiver.requestsTo("/ok").at(-1)?.body).toBe('{"ok":true}');
    const toEndpoint = await call(replayRoute.POST, "", { method: "POST", params: { id, requestId }, body: { endpointId: endpoint.id } });
    expect(toEndpoint.json).toMatchObject({ kind: "endpoint", endpointId: endpoint.id });
  });

  it("documents every /sources operation in the OpenAPI document", () => {
    const document = buildOpenApiDocument("http://localhost:3000/api/v1");
    const paths = Object.keys(document.paths ?? {});
    for (const path of ["/sources", "/sources/{id}", "/sources/{id}/token", "/sources/{id}/secret", "/sources/{id}/requests", "/sources/{id}/requests/{requestId}", "/sources/{id}/requests/{requestId}/replay", "/sources/{id}/requests/{requestId}/responses", "/sources/{id}/stream", "/sources/{id}/connections", "/sources/{id}/connections/{connectionId}"]) {
      expect(paths).toContain(path);
    }
  });
});
