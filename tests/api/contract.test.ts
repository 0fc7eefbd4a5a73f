// The API answers as its OpenAPI document says. Every route handler call in the unit tests passes through the
// contract check (tests/setup/contract.ts); this file makes sure that check can fail, and drives the answers the
// document once missed: 404 on every {id} operation, 422 on input errors, nullable timestamps, and 401's headers.
import { readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import * as endpointsRoute from "@/app/api/v1/endpoints/route";
import * as endpointRoute from "@/app/api/v1/endpoints/[id]/route";
import * as recoverRoute from "@/app/api/v1/endpoints/[id]/recover/route";
import * as importRoute from "@/app/api/v1/event-types/import/route";
import * as eventTypesRoute from "@/app/api/v1/event-types/route";
import * as versionsRoute from "@/app/api/v1/event-types/[id]/versions/route";
import { GET as openApiDocument } from "@/app/api/v1/openapi.json/route";
import { GET as ping } from "@/app/api/v1/ping/route";
import * as sourcesRoute from "@/app/api/v1/sources/route";
import * as sourceRoute from "@/app/api/v1/sources/[id]/route";
import { createApiKey } from "@/lib/keys/service";
import { API_SCOPES } from "@/lib/keys/scopes";
import { apiRequest, noParams } from "../helpers/api";
import { checkedRouteModule, checkResponse } from "../helpers/contract";
import { createOwner } from "../helpers/factories";

const params = <T>(value: T) => ({ params: Promise.resolve(value) });
type Handler = (request: Request, context: unknown) => Promise<Response>;

async function keyWithEveryScope() {
  const owner = await createOwner();
  return (await createApiKey({ name: "all", scopes: [...API_SCOPES], ipAllowlist: "" }, owner.ctx)).key;
}

describe("the contract check", () => {
  it("refuses an undocumented status, a body off its schema, a missing required header and an unknown operation", async () => {
    const withRateLimit = { "ratelimit-limit": "1", "ratelimit-remaining": "0", "ratelimit-reset": "1" };
    await expect(checkResponse("GET", "/api/v1/ping", Response.json({}, { status: 418, headers: withRateLimit }))).rejects.toThrow(/answered 418, which GET \/ping does not document/);
    await expect(checkResponse("GET", "/api/v1/ping", Response.json({ workspace: {} }, { headers: withRateLimit }))).rejects.toThrow(/does not match GET \/ping's schema/);
    await expect(checkResponse("GET", "/api/v1/endpoints/ep_1", Response.json({ error: { code: "not_found", message: "x" } }, { status: 404 }))).rejects.toThrow(/without its documented RateLimit-Limit header/);
    await expect(checkResponse("GET", "/api/v1/nowhere", Response.json({}))).rejects.toThrow(/no operation in the OpenAPI document/);
    await expect(checkResponse("GET", "/api/v1/endpoints/ep_1", Response.json({ error: { code: "not_found", message: "x" } }, { status: 404, headers: withRateLimit }))).resolves.toBeUndefined();
  });

  it("wraps a route module so that a handler answering off the document throws", async () => {
    const headers = { "ratelimit-limit": "1", "ratelimit-remaining": "0", "ratelimit-reset": "1" };
    const checked = checkedRouteModule({ GET: async () => Response.json({ pong: true }, { headers }) }, "/api/v1/ping");
    await expect(checked.GET()).rejects.toThrow(/does not match GET \/ping's schema/);
  });
});

describe("the document and the routes", () => {
  it("describe the same operations: every documented one has a handler, every handler is documented", async () => {
    const document = (await openApiDocument().json()) as { paths: Record<string, Record<string, unknown>> };
    const documented = Object.entries(document.paths).flatMap(([template, operations]) => Object.keys(operations).map((method) => ({ method: method.toUpperCase(), segments: template.split("/").filter(Boolean) })));
    const root = path.resolve(import.meta.dirname, "../../app/api/v1");
    const handlers: { method: string; segments: string[] }[] = [];
    for (const entry of readdirSync(root, { recursive: true, withFileTypes: true })) {
      const route = path.relative(root, entry.parentPath).split(path.sep).join("/");
      // The Svix-compatible routes follow Svix's own API, not this document; tests/e2e/svix-sdk.e2e.ts drives them
      // with Svix's SDK and checks docs/svix-migration.md's list of covered calls.
      if (entry.name !== "route.ts" || route === "openapi.json" || route === "[[...path]]" || route.startsWith("(svix)")) continue;
      const routeModule = (await import(`@/app/api/v1/${route}/route`)) as Record<string, unknown>;
      for (const method of Object.keys(routeModule).filter((name) => /^[A-Z]+$/.test(name))) handlers.push({ method, segments: route.split("/") });
    }
    // A dynamic segment of a route ([action]) may serve several documented paths (pause, resume, ...).
    const serves = (handler: (typeof handlers)[number], operation: (typeof documented)[number]) =>
      handler.method === operation.method &&
      handler.segments.length === operation.segments.length &&
      handler.segments.every((segment, i) => segment.startsWith("[") || segment === operation.segments[i]);
    const name = ({ method, segments }: { method: string; segments: string[] }) => `${method} /${segments.join("/")}`;
    expect(documented.filter((operation) => !handlers.some((handler) => serves(handler, operation))).map(name)).toEqual([]);
    expect(handlers.filter((handler) => !documented.some((operation) => serves(handler, operation))).map(name)).toEqual([]);
  });
});

describe("answers as documented", () => {
  it("every {id} operation answers 404 for an id the workspace does not have", async () => {
    const key = await keyWithEveryScope();
    const root = path.resolve(import.meta.dirname, "../../app/api/v1");
    const routes = readdirSync(root, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.name === "route.ts" && entry.parentPath.includes("[id]"))
      .map((entry) => path.relative(root, entry.parentPath).split(path.sep).join("/"));
    const answered: string[] = [];
    for (const route of routes) {
      // Imported through the alias, as the tests do, so the contract check wraps it.
      const routeModule = (await import(`@/app/api/v1/${route}/route`)) as Record<string, Handler | undefined>;
      // A mocked module refuses reads of exports it lacks, so the methods are taken from its keys.
      for (const method of Object.keys(routeModule).filter((name) => ["GET", "POST", "PATCH", "DELETE"].includes(name))) {
        const handler = routeModule[method]!;
        const values = { id: "ep_doesnotexist", requestId: "req_doesnotexist", connectionId: "con_doesnotexist", action: "pause" };
        const pathname = `/api/v1/${route.replace(/\[([^\]]+)\]/g, (_, name: keyof typeof values) => values[name])}`;
        // Bodies valid enough to reach the lookup where the operation takes one.
        const body = method === "GET" || method === "DELETE" ? undefined : { since: new Date().toISOString(), listener: "l", targetUrl: "http://localhost", status: 200, durationMs: 1, endpointId: "ep_x", overlapSeconds: 3600 };
        const response = await handler(apiRequest(pathname, { method, key, body }), params(values));
        answered.push(`${method} ${route} ${response.status}`);
      }
    }
    expect(answered.length).toBeGreaterThan(20);
    expect(answered.filter((line) => !/ (404|422)$/.test(line))).toEqual([]);
  });

  it("input errors on versions, import and recover answer a documented 422", async () => {
    const key = await keyWithEveryScope();
    const created = await eventTypesRoute.POST(apiRequest("/api/v1/event-types", { method: "POST", key, body: { name: "order.placed" } }), noParams);
    expect(created.status).toBe(201);
    const versions = await versionsRoute.POST(apiRequest("/api/v1/event-types/order.placed/versions", { method: "POST", key, body: { schema: "not a schema" } }), params({ id: "order.placed" }));
    expect(versions.status).toBe(422);
    const imported = await importRoute.POST(apiRequest("/api/v1/event-types/import", { method: "POST", key, body: { openapi: "3.1.0", webhooks: "none" } }), noParams);
    expect(imported.status).toBe(422);
    const endpoint = (await (await endpointsRoute.POST(apiRequest("/api/v1/endpoints", { method: "POST", key, body: { url: "https://127.0.0.1/hooks" } }), noParams)).json()) as { id: string };
    const recovered = await recoverRoute.POST(apiRequest(`/api/v1/endpoints/${endpoint.id}/recover`, { method: "POST", key, body: { since: "yesterday" } }), params({ id: endpoint.id }));
    expect(recovered.status).toBe(422);
  });

  it("null timestamps validate: a fresh endpoint and a permanent source", async () => {
    const key = await keyWithEveryScope();
    const created = await endpointsRoute.POST(apiRequest("/api/v1/endpoints", { method: "POST", key, body: { url: "https://127.0.0.1/hooks" } }), noParams);
    const endpoint = (await created.json()) as { id: string; disabledAt: null; firstFailureAt: null };
    expect(endpoint).toMatchObject({ disabledAt: null, firstFailureAt: null });
    expect((await endpointRoute.GET(apiRequest(`/api/v1/endpoints/${endpoint.id}`, { key }), params({ id: endpoint.id }))).status).toBe(200);
    const source = (await (await sourcesRoute.POST(apiRequest("/api/v1/sources", { method: "POST", key, body: { name: "plain" } }), noParams)).json()) as { id: string; expiresAt: null };
    expect(source.expiresAt).toBeNull();
    expect((await sourceRoute.GET(apiRequest(`/api/v1/sources/${source.id}`, { key }), params({ id: source.id }))).status).toBe(200);
  });

  it("a 401 carries RateLimit headers and a Bearer challenge", async () => {
    const missing = await ping(apiRequest("/api/v1/ping"), noParams);
    expect(missing.status).toBe(401);
    expect(missing.headers.get("www-authenticate")).toBe('Bearer realm="switchboard"');
    expect(Number(missing.headers.get("ratelimit-limit"))).toBeGreaterThan(0);
    expect(missing.headers.get("ratelimit-remaining")).toMatch(/^\d+$/);
    const malformed = await ping(apiRequest("/api/v1/ping", { key: "sb_live_nope" }), noParams);
    expect(malformed.status).toBe(401);
    expect(malformed.headers.get("www-authenticate")).toBe('Bearer realm="switchboard", error="invalid_token"');
    expect(malformed.headers.get("ratelimit-reset")).toMatch(/^\d+$/);
  });

  it("documents 404 on every {id} operation and 422 wherever input is taken", async () => {
    const document = (await openApiDocument().json()) as { paths: Record<string, Record<string, { responses: Record<string, unknown>; requestBody?: unknown; parameters?: { in: string }[] }>> };
    for (const [template, operations] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        if (template.includes("{")) expect(operation.responses, `${method} ${template}`).toHaveProperty("404");
        if (operation.requestBody || operation.parameters?.some((p) => p.in === "query")) expect(operation.responses, `${method} ${template}`).toHaveProperty("422");
      }
    }
  });
});
