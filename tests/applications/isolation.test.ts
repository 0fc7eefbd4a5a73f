// Isolation of one application (issue 13, DESIGN.md §6): a key limited to one application, and a portal session,
// try every other application's endpoints, messages, attempts, deliveries and actions, and the workspace-level things
// (a broadcast's progress, sources, the audit log): every one answers 404 and the database is unchanged afterwards. Their own
// application works. The last test walks every operation of the OpenAPI document, so a route added later cannot
// forget the limit.
import { readdirSync } from "node:fs";
import path from "node:path";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import * as applicationsRoute from "@/app/api/v1/applications/route";
import * as applicationRoute from "@/app/api/v1/applications/[id]/route";
import * as endpointsRoute from "@/app/api/v1/endpoints/route";
import * as endpointRoute from "@/app/api/v1/endpoints/[id]/route";
import * as eventTypesRoute from "@/app/api/v1/event-types/route";
import * as messagesRoute from "@/app/api/v1/messages/route";
import * as messageRoute from "@/app/api/v1/messages/[id]/route";
import * as broadcastRoute from "@/app/api/v1/messages/broadcast/route";
import * as endpointAttemptsRoute from "@/app/api/v1/endpoints/[id]/attempts/route";
import * as messageAttemptsRoute from "@/app/api/v1/messages/[id]/attempts/route";
import { GET as openApiDocument } from "@/app/api/v1/openapi.json/route";
import { GET as ping } from "@/app/api/v1/ping/route";
import { db, sql } from "@/db";
import { apiKeys, attempts, deliveries, endpoints } from "@/db/schema";
import { contextFromPortalSession } from "@/lib/api/request-context";
import { createApplication, createPortalAccess, deleteApplication, getOrCreateApplication, listApplications, openPortalLink, resolveApplication, updateApplication } from "@/lib/applications";
import { createApiKey } from "@/lib/keys/service";
import { APPLICATION_KEY_SCOPES } from "@/lib/keys/scopes";
import { clearKeyCache } from "@/lib/keys/verify";
import { createBroadcast, getBroadcast } from "@/lib/outbound/broadcast";
import { createEndpoint, deleteEndpoint, getEndpoint, getEndpointHealth, listEndpoints, pauseEndpoint, resumeEndpoint, revealEndpointSecret, rotateEndpointSecret, updateEndpoint } from "@/lib/outbound/endpoints";
import { createEventType } from "@/lib/outbound/event-types";
import { getMessage, listAttempts, listDeliveries, listMessages } from "@/lib/outbound/message-lists";
import { recoverFailedDeliveries, replayMessage } from "@/lib/outbound/replay";
import { sendMessage, sendTestMessage } from "@/lib/outbound/send";
import { createSource } from "@/lib/inbound/sources";
import { apiRequest, noParams } from "../helpers/api";
import { createOwnerWithKey, testRequest } from "../helpers/factories";
import type { Id } from "@/lib/platform/id-types";

type Handler = (request: Request, context: unknown) => Promise<Response>;
const params = <T>(value: T) => ({ params: Promise.resolve(value) });

/** Every row the workspace owns that an action could change, as JSON: the same before and after means nothing changed. */
async function snapshot(workspaceId: string) {
  const tables = ["applications", "endpoints", "endpoint_secrets", "messages", "deliveries", "attempts", "broadcasts", "portal_sessions", "sources", "event_types", "audit_log"];
  const rows: Record<string, unknown> = {};
  for (const table of tables) rows[table] = await sql().unsafe(`select * from ${table} where workspace_id = $1 order by id`, [workspaceId]);
  // Keys too, without what every request updates (last use).
  rows.api_keys = (await db().select().from(apiKeys).where(eq(apiKeys.workspaceId, workspaceId))).map(({ lastUsedAt: _l, ...key }) => key).sort((a, b) => a.id.localeCompare(b.id));
  return JSON.stringify(rows);
}

/** A failed attempt on each delivery of the message, with the delivery left failed: something recover would re-arm. */
async function failDeliveries(messageId: Id<"msg">) {
  const rows = await db().select().from(deliveries).where(eq(deliveries.messageId, messageId));
  for (const d of rows) {
    await db().insert(attempts).values({ deliveryId: d.id, workspaceId: d.workspaceId, messageId, endpointId: d.endpointId, number: 1, trigger: "scheduled", url: "https://example.com/x", requestHeaders: {}, requestBodySha256: "0".repeat(64), succeeded: false, responseStatus: 500, durationMs: 5 });
    await db().update(deliveries).set({ status: "failed", attemptCount: 1, nextAttemptAt: null }).where(eq(deliveries.id, d.id));
  }
}

/**
 * A workspace with two applications (mine: acme, theirs: globex), an endpoint, a message (failed, with an attempt)
 * in each, a workspace-wide message, a broadcast and a source; a key limited to acme with every scope it may hold.
 */
async function setup() {
  const owner = await createOwnerWithKey();
  await createEventType({ name: "thing.happened" }, owner.ctx);
  const mine = await createApplication({ name: "Acme", uid: "acme" }, owner.ctx);
  const theirs = await createApplication({ name: "Globex", uid: "globex" }, owner.ctx);
  const myEndpoint = (await createEndpoint({ url: "https://example.com/acme", application: mine.id }, owner.ctx)).endpoint;
  const theirEndpoint = (await createEndpoint({ url: "https://example.com/globex", application: theirs.id }, owner.ctx)).endpoint;
  const myMessage = (await sendMessage({ eventType: "thing.happened", payload: { n: 1 }, application: mine.id }, owner.ctx)).message;
  const theirMessage = (await sendMessage({ eventType: "thing.happened", payload: { n: 2 }, application: theirs.id }, owner.ctx)).message;
  const wideMessage = (await sendMessage({ eventType: "thing.happened", payload: { n: 3 } }, owner.ctx)).message;
  for (const m of [myMessage, theirMessage, wideMessage]) await failDeliveries(m.id);
  const broadcast = await createBroadcast({ eventType: "thing.happened", payload: {} }, owner.ctx);
  const source = await createSource({ name: "stripe" }, owner.ctx);
  const limited = await createApiKey({ name: "acme only", scopes: [...APPLICATION_KEY_SCOPES], ipAllowlist: "", application: "acme" }, owner.ctx);
  const portal = await openPortalLink((await createPortalAccess({ id: mine.id }, owner.ctx)).token, testRequest());
  const portalCtx = contextFromPortalSession(portal!.session, testRequest());
  return { owner, mine, theirs, myEndpoint, theirEndpoint, myMessage, theirMessage, wideMessage, broadcast, source, limited, portalCtx };
}

async function call(handler: Handler, method: string, pathname: string, key: string, values: Record<string, string> = {}, body?: unknown) {
  const response = await handler(apiRequest(pathname, { method, key, body }), params(values));
  return { status: response.status, body: response.status === 204 ? null : await response.json() };
}

describe("a key limited to one application", () => {
  it("carries its application to the context, and the key list shows it", async () => {
    const { limited, mine } = await setup();
    expect(limited.apiKey.applicationId).toBe(mine.id);
    const pong = await call(ping as Handler, "GET", "/api/v1/ping", limited.key);
    expect(pong.body.key).toMatchObject({ applicationId: mine.id });
  });

  it("sees only its application in lists, and workspace-wide messages not at all", async () => {
    const { limited, mine, myEndpoint, myMessage } = await setup();
    const apps = await call(applicationsRoute.GET as Handler, "GET", "/api/v1/applications", limited.key);
    expect(apps.body.data.map((a: { id: string }) => a.id)).toEqual([mine.id]);
    const eps = await call(endpointsRoute.GET as Handler, "GET", "/api/v1/endpoints", limited.key);
    expect(eps.body.data.map((e: { id: string }) => e.id)).toEqual([myEndpoint.id]);
    const msgs = await call(messagesRoute.GET as Handler, "GET", "/api/v1/messages", limited.key);
    expect(msgs.body.data.map((m: { id: string }) => m.id)).toEqual([myMessage.id]);
    // The catalog is the workspace's, and readable.
    const types = await call(eventTypesRoute.GET as Handler, "GET", "/api/v1/event-types", limited.key);
    expect(types.status).toBe(200);
    expect(types.body.data.map((t: { name: string }) => t.name)).toEqual(["thing.happened"]);
  });

  it("works on its own application: reads, changes, sends (to its application when none is named) and creates endpoints in it", async () => {
    const { limited, mine, myEndpoint, myMessage } = await setup();
    expect((await call(endpointRoute.GET as Handler, "GET", `/api/v1/endpoints/${myEndpoint.id}`, limited.key, { id: myEndpoint.id })).status).toBe(200);
    expect((await call(endpointRoute.PATCH as Handler, "PATCH", `/api/v1/endpoints/${myEndpoint.id}`, limited.key, { id: myEndpoint.id }, { description: "mine" })).body.description).toBe("mine");
    expect((await call(messageRoute.GET as Handler, "GET", `/api/v1/messages/${myMessage.id}`, limited.key, { id: myMessage.id })).status).toBe(200);
    const attemptsOfMine = await call(endpointAttemptsRoute.GET as Handler, "GET", `/api/v1/endpoints/${myEndpoint.id}/attempts`, limited.key, { id: myEndpoint.id });
    // Its endpoint's attempts: of its own message and of the workspace-wide one, which reached its endpoint too.
    expect(attemptsOfMine.body.data).toHaveLength(2);
    expect((await call(messageAttemptsRoute.GET as Handler, "GET", `/api/v1/messages/${myMessage.id}/attempts`, limited.key, { id: myMessage.id })).body.data).toHaveLength(1);
    const sent = await call(messagesRoute.POST as Handler, "POST", "/api/v1/messages", limited.key, {}, { eventType: "thing.happened", payload: {} });
    expect(sent.status).toBe(202);
    expect(sent.body).toMatchObject({ applicationId: mine.id, deliveryCount: 1 });
    expect((await call(messagesRoute.POST as Handler, "POST", "/api/v1/messages", limited.key, {}, { eventType: "thing.happened", payload: {}, application: "acme" })).status).toBe(202);
    const created = await call(endpointsRoute.POST as Handler, "POST", "/api/v1/endpoints", limited.key, {}, { url: "https://example.com/acme-2" });
    expect(created.status).toBe(201);
    expect(created.body.applicationId).toBe(mine.id);
    expect((await call(applicationRoute.PATCH as Handler, "PATCH", `/api/v1/applications/${mine.id}`, limited.key, { id: mine.id }, { name: "Acme Inc" })).body.name).toBe("Acme Inc");
  });

  it("cannot create applications, delete its own, write the catalog or hold workspace-level scopes", async () => {
    const { limited, mine, owner } = await setup();
    expect((await call(applicationsRoute.POST as Handler, "POST", "/api/v1/applications", limited.key, {}, { name: "Another" })).status).toBe(403);
    expect((await call(applicationRoute.DELETE as Handler, "DELETE", `/api/v1/applications/${mine.id}`, limited.key, { id: mine.id })).status).toBe(403);
    expect((await call(eventTypesRoute.POST as Handler, "POST", "/api/v1/event-types", limited.key, {}, { name: "other.thing" })).status).toBe(403);
    // A broadcast goes to every application: refused (reading one is "not found", below).
    expect((await call(broadcastRoute.POST as Handler, "POST", "/api/v1/messages/broadcast", limited.key, {}, { eventType: "thing.happened", payload: {} })).status).toBe(403);
    for (const scope of ["sources:read", "audit:read", "event_types:write"] as const) {
      await expect(createApiKey({ name: "wide", scopes: [scope], ipAllowlist: "", application: mine.id }, owner.ctx)).rejects.toMatchObject({ issues: [expect.objectContaining({ path: ["scopes"] })] });
    }
    await expect(createApiKey({ name: "nowhere", scopes: ["endpoints:read"], ipAllowlist: "", application: "no-such-app" }, owner.ctx)).rejects.toMatchObject({ code: "not_found" });
  });

  it("answers 404 for every other application's object and action, and for workspace-level ones, and changes nothing", async () => {
    const s = await setup();
    const { limited, theirs, theirEndpoint: ep, theirMessage: msg, myMessage, wideMessage, broadcast, source } = s;
    const before = await snapshot(s.owner.workspace.id);
    const attempts: [string, string, Record<string, string>, unknown?][] = [
      ["GET", `endpoints/${ep.id}`, { id: ep.id }],
      ["PATCH", `endpoints/${ep.id}`, { id: ep.id }, { description: "x" }],
      ["DELETE", `endpoints/${ep.id}`, { id: ep.id }],
      ...["pause", "resume", "enable", "disable"].map((action) => ["POST", `endpoints/${ep.id}/${action}`, { id: ep.id, action }, {}] as [string, string, Record<string, string>, unknown]),
      ["GET", `endpoints/${ep.id}/secret`, { id: ep.id }],
      ["POST", `endpoints/${ep.id}/secret/rotate`, { id: ep.id }, {}],
      ["GET", `endpoints/${ep.id}/health`, { id: ep.id }],
      ["GET", `endpoints/${ep.id}/attempts`, { id: ep.id }],
      ["POST", `endpoints/${ep.id}/recover`, { id: ep.id }, { since: new Date(0).toISOString() }],
      ["POST", `endpoints/${ep.id}/cancel-retries`, { id: ep.id }, {}],
      ["GET", `messages/${msg.id}`, { id: msg.id }],
      ["GET", `messages/${msg.id}/attempts`, { id: msg.id }],
      ["POST", `messages/${msg.id}/replay`, { id: msg.id }, {}],
      ["GET", `messages/${wideMessage.id}`, { id: wideMessage.id }],
      ["POST", `messages/${wideMessage.id}/replay`, { id: wideMessage.id }, {}],
      // Its own message, resent to their endpoint.
      ["POST", `messages/${myMessage.id}/replay`, { id: myMessage.id }, { endpointId: ep.id }],
      ["POST", `messages/${msg.id}/cancel-retries`, { id: msg.id }, {}],
      ["POST", `messages/${myMessage.id}/cancel-retries`, { id: myMessage.id }, { endpointId: ep.id }],
      ["POST", "messages", {}, { eventType: "thing.happened", payload: {}, application: theirs.id }],
      ["POST", "messages", {}, { eventType: "thing.happened", payload: {}, application: "globex" }],
      ["POST", "messages", {}, { eventType: "thing.happened", payload: {}, application: { uid: "globex", name: "Globex" } }],
      ["POST", "messages", {}, { eventType: "thing.happened", payload: {}, application: { uid: "initech", name: "Initech" } }],
      ["GET", `messages?application=${theirs.id}`, {}],
      ["GET", `endpoints?application=globex`, {}],
      ["POST", "endpoints", {}, { url: "https://example.com/sneaky", application: theirs.id }],
      ["GET", `applications/${theirs.id}`, { id: theirs.id }],
      ["GET", "applications/globex", { id: "globex" }],
      ["PATCH", `applications/${theirs.id}`, { id: theirs.id }, { name: "Mine now" }],
      ["DELETE", `applications/${theirs.id}`, { id: theirs.id }],
      ["POST", `applications/${theirs.id}/portal-access`, { id: theirs.id }, {}],
      ["POST", `applications/${theirs.id}/portal-access/expire-all`, { id: theirs.id }, {}],
      ["GET", `messages/broadcast/${broadcast.id}`, { id: broadcast.id }],
      ["GET", "sources", {}],
      ["POST", "sources", {}, { name: "mine" }],
      ["GET", `sources/${source.id}`, { id: source.id }],
      ["DELETE", `sources/${source.id}`, { id: source.id }],
      ["GET", "audit-log", {}],
    ];
    const answered: string[] = [];
    for (const [method, target, values, body] of attempts) {
      const routeModule = await routeFor(target);
      const { status, body: answer } = await call(routeModule[method], method, `/api/v1/${target}`, limited.key, values, body);
      answered.push(`${method} ${target} ${status} ${status === 404 ? "" : JSON.stringify(answer)}`.trim());
    }
    expect(answered.filter((line) => !/ 404$/.test(line))).toEqual([]);
    expect(await snapshot(s.owner.workspace.id)).toBe(before);
  });

  it("stops working when its application is deleted: the key goes with it, in every instance's cache at once", async () => {
    const { limited, mine, owner } = await setup();
    expect((await call(ping as Handler, "GET", "/api/v1/ping", limited.key)).status).toBe(200);
    await deleteApplication({ id: mine.id }, owner.ctx);
    // The cache was told (NOTIFY) inside the delete; nothing is cleared by hand here.
    const after = await call(ping as Handler, "GET", "/api/v1/ping", limited.key);
    expect(after.status).toBe(401);
    expect(await db().select().from(apiKeys).where(eq(apiKeys.id, limited.apiKey.id))).toEqual([]);
  });

  it("can only make keys of its own application, and never more than its maker", async () => {
    const { limited, mine, theirs, owner } = await setup();
    clearKeyCache();
    // No API key holds keys:write; a context limited to an application that did (none is built so today) would
    // still make keys of its application only.
    const limitedMaker = { ...owner.ctx, applicationId: mine.id };
    const made = await createApiKey({ name: "sub", scopes: ["endpoints:read"], ipAllowlist: "" }, limitedMaker);
    expect(made.apiKey.applicationId).toBe(mine.id);
    await expect(createApiKey({ name: "sub", scopes: ["endpoints:read"], ipAllowlist: "", application: theirs.id }, limitedMaker)).rejects.toMatchObject({ code: "not_found" });
    expect(limited.apiKey.scopes).toEqual([...APPLICATION_KEY_SCOPES]);
  });
});

describe("a portal session", () => {
  it("reaches none of another application's objects through the core functions, and changes nothing", async () => {
    const s = await setup();
    const { portalCtx: ctx, theirEndpoint: ep, theirMessage: msg, myMessage, wideMessage, theirs, broadcast, myEndpoint } = s;
    const before = await snapshot(s.owner.workspace.id);
    const tries: [string, () => Promise<unknown>][] = [
      ["getEndpoint", () => getEndpoint({ id: ep.id }, ctx)],
      ["updateEndpoint", () => updateEndpoint({ id: ep.id, description: "x" }, ctx)],
      ["deleteEndpoint", () => deleteEndpoint({ id: ep.id }, ctx)],
      ["pauseEndpoint", () => pauseEndpoint({ id: ep.id }, ctx)],
      ["resumeEndpoint", () => resumeEndpoint({ id: ep.id }, ctx)],
      ["revealEndpointSecret", () => revealEndpointSecret({ id: ep.id }, ctx)],
      ["rotateEndpointSecret", () => rotateEndpointSecret({ id: ep.id }, ctx)],
      ["getEndpointHealth", () => getEndpointHealth({ id: ep.id }, ctx)],
      ["sendTestMessage", () => sendTestMessage({ endpointId: ep.id, eventType: "thing.happened" }, ctx)],
      ["recoverFailedDeliveries", () => recoverFailedDeliveries({ endpointId: ep.id, since: new Date(0) }, ctx)],
      ["getMessage", () => getMessage({ id: msg.id }, ctx)],
      ["getMessage (workspace-wide)", () => getMessage({ id: wideMessage.id }, ctx)],
      ["replayMessage", () => replayMessage({ messageId: msg.id }, ctx)],
      ["replayMessage (to their endpoint)", () => replayMessage({ messageId: myMessage.id, endpointId: ep.id }, ctx)],
      ["sendMessage", () => sendMessage({ eventType: "thing.happened", payload: {}, application: theirs.id }, ctx)],
      ["sendMessage (create)", () => sendMessage({ eventType: "thing.happened", payload: {}, application: { uid: "initech", name: "Initech" } }, ctx)],
      ["createEndpoint", () => createEndpoint({ url: "https://example.com/x", application: theirs.id }, ctx)],
      ["listEndpoints", () => listEndpoints({ application: theirs.id }, ctx)],
      ["listMessages", () => listMessages({ application: "globex" }, ctx)],
      ["resolveApplication", () => resolveApplication({ id: theirs.id }, ctx)],
      ["updateApplication", () => updateApplication({ id: theirs.id, name: "x" }, ctx)],
      ["deleteApplication", () => deleteApplication({ id: theirs.id }, ctx)],
      ["getOrCreateApplication", () => getOrCreateApplication({ uid: "globex", name: "Globex" }, ctx)],
      ["createPortalAccess", () => createPortalAccess({ id: theirs.id }, ctx)],
      ["getBroadcast", () => getBroadcast({ id: broadcast.id }, ctx)],
    ];
    const outcomes: string[] = [];
    for (const [name, run] of tries) outcomes.push(await run().then(() => `${name}: succeeded`, (error: { code?: string }) => `${name}: ${error.code}`));
    expect(outcomes.filter((line) => !line.endsWith(": not_found"))).toEqual([]);
    expect(await snapshot(s.owner.workspace.id)).toBe(before);

    // Lists without a filter hold its application's only; attempts and deliveries go by their endpoint's application.
    expect((await listEndpoints({}, ctx)).data.map((e) => e.id)).toEqual([myEndpoint.id]);
    expect((await listMessages({}, ctx)).data.map((m) => m.id)).toEqual([myMessage.id]);
    expect(new Set((await listAttempts({}, ctx)).data.map((a) => a.endpointId))).toEqual(new Set([myEndpoint.id]));
    expect((await listAttempts({ endpointId: ep.id }, ctx)).data).toEqual([]);
    expect(new Set((await listDeliveries({}, ctx)).data.map((d) => d.endpointId))).toEqual(new Set([myEndpoint.id]));
    expect((await listApplications({}, ctx)).data.map((a) => a.id)).toEqual([s.mine.id]);
    // Its own objects work.
    expect((await getEndpoint({ id: myEndpoint.id }, ctx)).id).toBe(myEndpoint.id);
    expect((await recoverFailedDeliveries({ endpointId: myEndpoint.id, since: new Date(0) }, ctx)).count).toBe(2);
    const [rearmed] = await db().select().from(endpoints).where(eq(endpoints.id, ep.id));
    expect(rearmed.status).toBe("enabled");
  });
});

const ROUTES = readdirSync(path.resolve(import.meta.dirname, "../../app/api/v1"), { recursive: true, withFileTypes: true })
  .filter((entry) => entry.name === "route.ts")
  .map((entry) => path.relative(path.resolve(import.meta.dirname, "../../app/api/v1"), entry.parentPath).split(path.sep))
  .filter((segments) => !segments[0].startsWith("[[") && segments[0] !== "openapi.json");

/** The route module serving a path under /api/v1: the folder whose segments match, literal ones preferred. */
async function routeFor(pathname: string): Promise<Record<string, Handler>> {
  const segments = pathname.split("?")[0].split("/").filter(Boolean);
  const literals = (route: string[]) => route.filter((s) => !s.startsWith("[")).length;
  const [route] = ROUTES.filter((r) => r.length === segments.length && r.every((s, i) => s.startsWith("[") || s === segments[i])).sort((a, b) => literals(b) - literals(a));
  if (!route) throw new Error(`No route serves ${pathname}`);
  // Imported through the alias, as the other tests do, so the contract check wraps it.
  const folder = route.join("/");
  return (await import(`@/app/api/v1/${folder}/route`)) as Record<string, Handler>;
}

describe("every operation of the API", () => {
  it("answers a key limited to one application 404 for another application's ids and for workspace-level operations", async () => {
    const s = await setup();
    const { limited } = s;
    const document = (await openApiDocument().json()) as { paths: Record<string, Record<string, unknown>> };
    // The id of another application's object for each kind of {id} path, or null where the path is readable to the
    // limited key (the catalog, shared by the workspace). A new kind of path fails the lookup below until it is added.
    const idFor = (template: string): string | null => {
      if (template.startsWith("/event-types")) return null;
      if (template.startsWith("/messages/broadcast/")) return s.broadcast.id;
      if (template.startsWith("/endpoints/")) return s.theirEndpoint.id;
      if (template.startsWith("/messages/")) return s.theirMessage.id;
      if (template.startsWith("/applications/")) return s.theirs.id;
      if (template.startsWith("/sources/")) return s.source.id;
      // Templates are the whole workspace's: a limited key is answered 404 before any lookup, whatever the id.
      if (template.startsWith("/templates/")) return "tpl_any";
      // Alerting too: rules and alerts are the whole workspace's.
      if (template.startsWith("/alert-rules/")) return "alr_any";
      if (template.startsWith("/alerts/")) return "inc_any";
      // A Zapier subscription is an endpoint: another application's (of any kind) is not the key's to unsubscribe.
      if (template.startsWith("/integrations/zapier/subscriptions/")) return s.theirEndpoint.id;
      throw new Error(`No other application's id is known for ${template}: add the kind of object it names.`);
    };
    // Operations without an id: what a limited key gets. Workspace-level ones are 404; its own lists answer 200.
    const withoutId: Record<string, number> = {
      "GET /ping": 200,
      "GET /audit-log": 404,
      "GET /audit-log/export": 404,
      "GET /attempts/export": 200,
      "GET /applications": 200,
      "POST /applications": 403,
      "GET /event-types": 200,
      "POST /event-types": 403,
      "POST /event-types/import": 403,
      "GET /endpoints": 200,
      "POST /endpoints": 201,
      "GET /messages": 200,
      "POST /messages": 202,
      "POST /messages/broadcast": 403,
      "GET /sources": 404,
      "POST /sources": 404,
      "GET /templates": 404,
      "POST /templates": 404,
      "GET /alert-rules": 404,
      "POST /alert-rules": 404,
      "GET /alerts": 404,
      // Zapier's: the auth test and app definition answer for the key; perform list and subscribe need their fields.
      "GET /integrations/zapier/me": 200,
      "GET /integrations/zapier/app": 200,
      "GET /integrations/zapier/samples": 422,
      "POST /integrations/zapier/subscriptions": 422,
    };
    const before = await snapshot(s.owner.workspace.id);
    const answered: string[] = [];
    for (const [template, operations] of Object.entries(document.paths)) {
      for (const method of Object.keys(operations).map((m) => m.toUpperCase())) {
        const name = `${method} ${template}`;
        if (!template.includes("{")) {
          expect(withoutId, `${name} is not classified: say what a key limited to one application gets`).toHaveProperty([name]);
          continue;
        }
        const id = idFor(template);
        if (id === null) continue;
        const values: Record<string, string> = { id, requestId: "req_any", connectionId: "con_any", action: template.split("/").at(-1)! };
        const pathname = template.replace(/\{([^}]+)\}/g, (_, key: string) => values[key]);
        const routeModule = await routeFor(pathname);
        // Bodies valid enough to reach the lookup where the operation takes one.
        const body = method === "GET" || method === "DELETE" ? undefined : { since: new Date(0).toISOString(), name: "x", url: "https://example.com/x", listener: "l", targetUrl: "http://localhost", status: 200, durationMs: 1, overlapSeconds: 3600 };
        const response = await routeModule[method](apiRequest(`/api/v1${pathname}`, { method, key: limited.key, body }), params(values));
        answered.push(`${name} ${response.status}`);
      }
    }
    expect(answered.length).toBeGreaterThan(25);
    expect(answered.filter((line) => !line.endsWith(" 404"))).toEqual([]);
    expect(await snapshot(s.owner.workspace.id)).toBe(before);
    // And the id-less ones answer as classified (their writes are the limited key's own, so they run last).
    for (const [name, expected] of Object.entries(withoutId)) {
      const [method, target] = name.split(" ");
      const routeModule = await routeFor(target);
      const body = method === "POST" ? (target === "/messages" ? { eventType: "thing.happened", payload: {} } : target === "/event-types/import" ? { openapi: "3.1.0", webhooks: {} } : { name: "x", url: "https://example.com/new", eventType: "thing.happened", payload: {} }) : undefined;
      const response = await routeModule[method](apiRequest(`/api/v1${target}`, { method, key: limited.key, body }), noParams);
      expect(`${name} ${response.status}`).toBe(`${name} ${expected}`);
    }
  });
});
