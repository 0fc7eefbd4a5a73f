// Applications: CRUD, search and cursor pages over the public API; uid uniqueness per workspace; isolation; sends
// addressed to an application (by id, by uid, created on first use) reaching only its endpoints; and a delete that
// takes the endpoints with it, cancels their pending deliveries and is audited.
import { and, eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as applicationsRoute from "@/app/api/v1/applications/route";
import * as applicationRoute from "@/app/api/v1/applications/[id]/route";
import * as endpointsRoute from "@/app/api/v1/endpoints/route";
import * as eventTypesRoute from "@/app/api/v1/event-types/route";
import * as messagesRoute from "@/app/api/v1/messages/route";
import { db } from "@/db";
import { applications, auditLog, deliveries, endpoints, messages } from "@/db/schema";
import { attemptDelivery } from "@/lib/outbound/attempt";
import { closeHttpClient } from "@/lib/net/http-client";
import { getOrCreateApplication } from "@/lib/applications";
import { apiRequest, noParams } from "../helpers/api";
import { createOwner, createOwnerWithKey } from "../helpers/factories";
import { startVerifyingReceiver, type VerifyingReceiver } from "../helpers/verifying-receiver";
import type { Id } from "@/lib/platform/id-types";

let receiver: VerifyingReceiver;
let receiverUrl: string;

beforeAll(async () => {
  receiver = await startVerifyingReceiver();
  receiverUrl = receiver.url;
});
afterAll(async () => {
  await closeHttpClient();
  await receiver.close();
});

type Json = Record<string, unknown> & { error?: { code: string } };
const params = <T>(value: T) => ({ params: Promise.resolve(value) });
const read = async (response: Response) => ({ status: response.status, body: (response.status === 204 ? null : await response.json()) as Json });

/** A tiny client over the route handlers, as a program holding `key` would call them. */
function client(key: string) {
  return {
    createApp: (body: unknown) => applicationsRoute.POST(apiRequest("/api/v1/applications", { method: "POST", key, body }), noParams).then(read),
    listApps: (query = "") => applicationsRoute.GET(apiRequest(`/api/v1/applications${query}`, { key }), noParams).then(read),
    getApp: (id: string) => applicationRoute.GET(apiRequest(`/api/v1/applications/${id}`, { key }), params({ id })).then(read),
    patchApp: (id: string, body: unknown) => applicationRoute.PATCH(apiRequest(`/api/v1/applications/${id}`, { method: "PATCH", key, body }), params({ id })).then(read),
    deleteApp: (id: string) => applicationRoute.DELETE(apiRequest(`/api/v1/applications/${id}`, { method: "DELETE", key }), params({ id })).then(read),
    createEndpoint: (body: unknown) => endpointsRoute.POST(apiRequest("/api/v1/endpoints", { method: "POST", key, body }), noParams).then(read),
    listEndpoints: (query = "") => endpointsRoute.GET(apiRequest(`/api/v1/endpoints${query}`, { key }), noParams).then(read),
    createEventType: (name: string) => eventTypesRoute.POST(apiRequest("/api/v1/event-types", { method: "POST", key, body: { name } }), noParams).then(read),
    send: (body: unknown) => messagesRoute.POST(apiRequest("/api/v1/messages", { method: "POST", key, body }), noParams).then(read),
    listMessages: (query = "") => messagesRoute.GET(apiRequest(`/api/v1/messages${query}`, { key }), noParams).then(read),
  };
}

const deliveredTo = async (messageId: Id<"msg">) =>
  (await db().select({ endpointId: deliveries.endpointId }).from(deliveries).where(eq(deliveries.messageId, messageId))).map((d) => d.endpointId).sort();

describe("applications API", () => {
  it("creates, reads by id and by uid, updates and lists with search and cursor pages", async () => {
    const api = client((await createOwnerWithKey()).key);
    const acme = await api.createApp({ name: "Acme Corp", uid: "cus_acme", metadata: { plan: "pro" }, rateLimitPerSecond: 20 });
    expect(acme.status).toBe(201);
    expect(acme.body).toMatchObject({ name: "Acme Corp", uid: "cus_acme", metadata: { plan: "pro" }, rateLimitPerSecond: 20 });
    expect(acme.body.id).toMatch(/^app_/);
    const id = acme.body.id as string;

    expect((await api.getApp(id)).body).toMatchObject({ id, uid: "cus_acme" });
    expect((await api.getApp("cus_acme")).body).toMatchObject({ id, name: "Acme Corp" });

    const patched = await api.patchApp("cus_acme", { name: "Acme Inc", metadata: { plan: "enterprise" } });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ id, name: "Acme Inc", uid: "cus_acme", metadata: { plan: "enterprise" }, rateLimitPerSecond: 20 });

    for (const name of ["Beta One", "beta two", "Gamma"]) expect((await api.createApp({ name })).status).toBe(201);
    const betas = await api.listApps("?search=BETA");
    expect((betas.body.data as { name: string }[]).map((a) => a.name)).toEqual(["beta two", "Beta One"]);
    const byUid = await api.listApps("?search=cus_acme");
    expect((byUid.body.data as { id: string }[]).map((a) => a.id)).toEqual([id]);
    // A LIKE wildcard in the search is a literal character, not "anything".
    expect((await api.listApps("?search=%25")).body.data).toEqual([]);

    // Two at a time, newest first, every application exactly once.
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: Json } = await api.listApps(`?limit=2${cursor ? `&cursor=${cursor}` : ""}`);
      seen.push(...(page.body.data as { name: string }[]).map((a) => a.name));
      cursor = page.body.nextCursor as string | null;
    } while (cursor);
    expect(seen).toEqual(["Gamma", "beta two", "Beta One", "Acme Inc"]);

    const removeUid = await api.patchApp(id, { uid: null });
    expect(removeUid.body.uid).toBeNull();
    expect((await api.getApp("cus_acme")).status).toBe(404);
  });

  it("keeps a uid unique in its workspace (409), allows it in another, and refuses a uid shaped like an id", async () => {
    const first = client((await createOwnerWithKey()).key);
    const second = client((await createOwnerWithKey()).key);
    expect((await first.createApp({ name: "A", uid: "shared" })).status).toBe(201);
    const clash = await first.createApp({ name: "B", uid: "shared" });
    expect(clash.status).toBe(409);
    expect(clash.body.error?.code).toBe("conflict");
    const other = await first.createApp({ name: "C", uid: "other" });
    expect((await first.patchApp(other.body.id as string, { uid: "shared" })).status).toBe(409);
    expect((await second.createApp({ name: "A elsewhere", uid: "shared" })).status).toBe(201);
    expect((await first.createApp({ name: "D", uid: "app_123" })).status).toBe(422);
  });

  it("answers 404 for another workspace's application, wherever it is named, and changes nothing", async () => {
    const mine = client((await createOwnerWithKey()).key);
    const theirs = client((await createOwnerWithKey()).key);
    const app = await theirs.createApp({ name: "Theirs", uid: "theirs" });
    const id = app.body.id as string;
    await mine.createEventType("thing.happened");
    for (const ref of [id, "theirs"]) {
      expect((await mine.getApp(ref)).status).toBe(404);
      expect((await mine.patchApp(ref, { name: "Mine now" })).status).toBe(404);
      expect((await mine.deleteApp(ref)).status).toBe(404);
      expect((await mine.createEndpoint({ url: receiverUrl, application: ref })).status).toBe(404);
      expect((await mine.listEndpoints(`?application=${ref}`)).status).toBe(404);
      expect((await mine.listMessages(`?application=${ref}`)).status).toBe(404);
      expect((await mine.send({ eventType: "thing.happened", payload: {}, application: ref })).status).toBe(404);
    }
    expect((await theirs.getApp(id)).body).toMatchObject({ name: "Theirs" });
  });
});

describe("endpoints and sends by application", () => {
  it("puts an endpoint created without an application into the default one, made on first use", async () => {
    const { key, ctx } = await createOwnerWithKey();
    const api = client(key);
    const first = await api.createEndpoint({ url: receiverUrl });
    const second = await api.createEndpoint({ url: receiverUrl });
    expect(first.status).toBe(201);
    const defaults = await db().select().from(applications).where(eq(applications.workspaceId, ctx.workspaceId));
    expect(defaults).toHaveLength(1);
    expect(defaults[0]).toMatchObject({ uid: "default", name: "Default" });
    expect([first.body.applicationId, second.body.applicationId]).toEqual([defaults[0].id, defaults[0].id]);
  });

  it("sends by id, by uid and created on first use, each only to that application's matching endpoints", async () => {
    const { key } = await createOwnerWithKey();
    const api = client(key);
    await api.createEventType("order.placed");
    const acme = (await api.createApp({ name: "Acme", uid: "acme" })).body.id as string;
    const globex = (await api.createApp({ name: "Globex", uid: "globex" })).body.id as string;
    const acmeEndpoint = (await api.createEndpoint({ url: receiverUrl, application: acme })).body.id as string;
    const acmeOther = (await api.createEndpoint({ url: receiverUrl, application: "acme", eventTypes: ["invoice.paid"] })).body.id as string;
    const globexEndpoint = (await api.createEndpoint({ url: receiverUrl, application: "globex" })).body.id as string;
    expect(acmeOther).toBeDefined();

    const listed = await api.listEndpoints("?application=acme");
    expect((listed.body.data as { id: string }[]).map((e) => e.id).sort()).toEqual([acmeEndpoint, acmeOther].sort());

    const byId = await api.send({ eventType: "order.placed", payload: {}, application: acme });
    expect(byId.status).toBe(202);
    expect(byId.body).toMatchObject({ applicationId: acme, deliveryCount: 1 });
    expect(await deliveredTo(byId.body.id as Id<"msg">)).toEqual([acmeEndpoint]);

    const byUid = await api.send({ eventType: "order.placed", payload: {}, application: "globex" });
    expect(byUid.body).toMatchObject({ applicationId: globex, deliveryCount: 1 });
    expect(await deliveredTo(byUid.body.id as Id<"msg">)).toEqual([globexEndpoint]);

    // Without an application a send reaches every application's matching endpoints, as before applications.
    const everyone = await api.send({ eventType: "order.placed", payload: {} });
    expect(everyone.body).toMatchObject({ applicationId: null, deliveryCount: 2 });
    expect(await deliveredTo(everyone.body.id as Id<"msg">)).toEqual([acmeEndpoint, globexEndpoint].sort());

    // Created on first use: the application exists afterwards, and has no endpoints yet to deliver to.
    const fresh = await api.send({ eventType: "order.placed", payload: {}, application: { uid: "initech", name: "Initech" } });
    expect(fresh.status).toBe(202);
    expect(fresh.body.deliveryCount).toBe(0);
    const initech = await api.getApp("initech");
    expect(initech.body).toMatchObject({ name: "Initech", id: fresh.body.applicationId });
    // The same uid again reuses it (its name stays), and the new endpoint now receives.
    const initechEndpoint = (await api.createEndpoint({ url: receiverUrl, application: "initech" })).body.id as string;
    const again = await api.send({ eventType: "order.placed", payload: {}, application: { uid: "initech", name: "Renamed?" } });
    expect(again.body).toMatchObject({ applicationId: initech.body.id, deliveryCount: 1 });
    expect(await deliveredTo(again.body.id as Id<"msg">)).toEqual([initechEndpoint]);
    expect((await api.getApp("initech")).body.name).toBe("Initech");
    expect((await api.listApps("?search=initech")).body.data).toHaveLength(1);

    // Message lists filter by application: only the messages addressed to it.
    const acmeMessages = await api.listMessages("?application=acme");
    expect((acmeMessages.body.data as { id: string }[]).map((m) => m.id)).toEqual([byId.body.id]);
    const initechMessages = await api.listMessages(`?application=${initech.body.id}`);
    expect((initechMessages.body.data as { id: string }[]).map((m) => m.id)).toEqual([again.body.id, fresh.body.id]);
  });

  it("creates an application on first use in the send's transaction: a refused send leaves none behind", async () => {
    const { key, ctx } = await createOwnerWithKey();
    const api = client(key);
    await api.createEventType("order.placed");
    expect((await api.send({ eventType: "order.placed", payload: {}, eventId: "evt_1" })).status).toBe(202);
    const duplicate = await api.send({ eventType: "order.placed", payload: {}, eventId: "evt_1", application: { uid: "ghost", name: "Ghost" } });
    expect(duplicate.status).toBe(409);
    expect(await db().select().from(applications).where(and(eq(applications.workspaceId, ctx.workspaceId), eq(applications.uid, "ghost")))).toEqual([]);
  });

  it("makes one application when concurrent first uses name the same uid", async () => {
    const { ctx } = await createOwner();
    const made = await Promise.all(Array.from({ length: 5 }, () => getOrCreateApplication({ uid: "race", name: "Race" }, ctx)));
    expect(new Set(made.map((a) => a.id)).size).toBe(1);
    const rows = await db().select().from(applications).where(and(eq(applications.workspaceId, ctx.workspaceId), eq(applications.uid, "race")));
    expect(rows).toHaveLength(1);
    const audits = await db().select().from(auditLog).where(and(eq(auditLog.workspaceId, ctx.workspaceId), eq(auditLog.action, "application.create")));
    expect(audits).toHaveLength(1);
  });
});

describe("deleting an application", () => {
  it("deletes its endpoints and messages, cancels their pending deliveries, audits it, and leaves other applications alone", async () => {
    const { key, ctx } = await createOwnerWithKey();
    const api = client(key);
    await api.createEventType("order.placed");
    const doomed = (await api.createApp({ name: "Doomed", uid: "doomed" })).body.id as string;
    const kept = (await api.createApp({ name: "Kept", uid: "kept" })).body.id as string;
    // Paused endpoints, so their deliveries stay pending until something happens to them.
    const doomedEndpoints = [
      (await api.createEndpoint({ url: receiverUrl, application: doomed, paused: true })).body.id as Id<"ep">,
      (await api.createEndpoint({ url: receiverUrl, application: doomed, paused: true })).body.id as Id<"ep">,
    ];
    const keptCreated = await api.createEndpoint({ url: receiverUrl, application: kept });
    const keptEndpoint = keptCreated.body.id as string;
    receiver.secrets = [keptCreated.body.secret as string];
    const toDoomed = await api.send({ eventType: "order.placed", payload: {}, application: "doomed" });
    const toAll = await api.send({ eventType: "order.placed", payload: {} });
    expect(toDoomed.body.deliveryCount).toBe(2);
    expect(toAll.body.deliveryCount).toBe(3);
    const pending = await db().select().from(deliveries).where(inArray(deliveries.endpointId, doomedEndpoints));
    expect(pending.map((d) => d.status)).toEqual(["pending", "pending", "pending", "pending"]);

    expect((await api.deleteApp("doomed")).status).toBe(204);

    expect((await api.getApp(doomed)).status).toBe(404);
    expect(await db().select().from(endpoints).where(inArray(endpoints.id, doomedEndpoints))).toEqual([]);
    expect(await db().select().from(deliveries).where(inArray(deliveries.endpointId, doomedEndpoints))).toEqual([]);
    expect(await db().select().from(messages).where(eq(messages.id, toDoomed.body.id as Id<"msg">))).toEqual([]);
    // The workspace-wide message stays, with its delivery to the other application's endpoint, which still goes out.
    expect(await deliveredTo(toAll.body.id as Id<"msg">)).toEqual([keptEndpoint]);
    const [keptDelivery] = await db().select().from(deliveries).where(eq(deliveries.messageId, toAll.body.id as Id<"msg">));
    expect((await attemptDelivery(keptDelivery.id)).status).toBe("succeeded");
    expect(receiver.requests.at(-1)?.verifiedBy).toEqual([0]);

    const [audit] = await db().select().from(auditLog).where(and(eq(auditLog.workspaceId, ctx.workspaceId), eq(auditLog.action, "application.delete")));
    expect(audit).toMatchObject({ targetType: "application", targetId: doomed, actorType: "api_key" });
    expect(audit.after).toEqual({ endpointIds: expect.arrayContaining(doomedEndpoints), cancelledDeliveries: 4, apiKeyIds: [] });
    expect(audit.before).toMatchObject({ name: "Doomed", uid: "doomed" });
  });
});
