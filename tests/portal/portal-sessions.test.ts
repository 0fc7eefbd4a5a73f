// Consumer portal sessions: the API's link (on APP_URL), single use, expiry, expire-all, hashed storage; the portal
// context's permissions (read-only refuses every mutation); and isolation: another application's endpoint or message
// through the core functions, with the portal context, answers not found and changes nothing.
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import * as accessRoute from "@/app/api/v1/applications/[id]/portal-access/route";
import * as auditRoute from "@/app/api/v1/audit-log/route";
import * as expireRoute from "@/app/api/v1/applications/[id]/portal-access/expire-all/route";
import { db } from "@/db";
import { auditLog, endpoints, portalSessions } from "@/db/schema";
import { authorize, contextFromPortalSession } from "@/lib/api/request-context";
import { createApplication, openPortalLink, portalSessionFromToken } from "@/lib/applications";
import { createEndpoint, pauseEndpoint } from "@/lib/outbound/endpoints";
import { createEventType } from "@/lib/outbound/event-types";
import { sendMessage } from "@/lib/outbound/send";
import { portalFramePolicy } from "@/lib/portal/frame";
import { portalEndpoint, portalMessage } from "@/lib/portal/reads";
import { createApiKey } from "@/lib/keys/service";
import { env } from "@/lib/platform/env";
import { updatePortalSettings } from "@/lib/workspaces/portal-settings";
import { apiRequest } from "../helpers/api";
import { createOwnerWithKey, testRequest } from "../helpers/factories";

const params = (id: string) => ({ params: Promise.resolve({ id }) });

async function setup() {
  const owner = await createOwnerWithKey();
  const mine = await createApplication({ name: "Acme", uid: "acme" }, owner.ctx);
  const theirs = await createApplication({ name: "Globex", uid: "globex" }, owner.ctx);
  const link = async (body: unknown = {}, app = "acme") => {
    const response = await accessRoute.POST(apiRequest(`/api/v1/applications/${app}/portal-access`, { method: "POST", key: owner.key, body }), params(app));
    return { status: response.status, body: await response.json() };
  };
  return { owner, mine, theirs, link };
}

describe("portal sessions", () => {
  it("hands out a single-use link on APP_URL, stores only hashes, and expires", async () => {
    const { link, mine } = await setup();
    const created = await link({ expiresIn: 3600 });
    expect(created.status).toBe(201);
    expect(created.body.url).toBe(`${env().APP_URL}/portal/access/${created.body.token}`);
    expect(created.body.readOnly).toBe(false);

    const opened = await openPortalLink(created.body.token, testRequest());
    expect(opened?.session.applicationId).toBe(mine.id);
    // A second open of the same link finds nothing.
    expect(await openPortalLink(created.body.token, testRequest())).toBeNull();
    expect((await portalSessionFromToken(opened!.sessionToken))?.id).toBe(created.body.sessionId);

    const [row] = await db().select().from(portalSessions).where(eq(portalSessions.id, created.body.sessionId));
    const stored = JSON.stringify(row);
    expect(stored).not.toContain(created.body.token);
    expect(stored).not.toContain(opened!.sessionToken);

    // Past its expiry the session is gone.
    await db().update(portalSessions).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(portalSessions.id, row.id));
    expect(await portalSessionFromToken(opened!.sessionToken)).toBeNull();
  });

  it("lets the workspace's origins frame the link and the session's pages, nobody else, and anyone the ended page", async () => {
    const { link, owner } = await setup();
    await db().transaction((tx) => updatePortalSettings({ displayName: "", logoUrl: "", accentColor: "", accentColorDark: "", frameOrigins: "https://app.acme.test http://127.0.0.1:4000" }, owner.ctx, tx));
    const listed = "frame-ancestors 'self' https://app.acme.test http://127.0.0.1:4000";
    const { body } = await link();
    // The link's own response is framed before any session exists: its origins come from the link.
    expect(await portalFramePolicy(`/portal/access/${body.token}`, undefined)).toBe(listed);
    const opened = await openPortalLink(body.token, testRequest());
    expect(await portalFramePolicy("/portal/endpoints/ep_x", opened!.sessionToken)).toBe(listed);
    expect(await portalFramePolicy("/portal", undefined)).toBe("frame-ancestors 'self'");
    expect(await portalFramePolicy("/portal/access/unknown", undefined)).toBe("frame-ancestors 'self'");
    expect(await portalFramePolicy("/portal", "not-a-session")).toBe("frame-ancestors 'self'");
    expect(await portalFramePolicy("/portal/ended", undefined)).toBe("frame-ancestors *");
  });

  it("never gives a link more than its maker holds", async () => {
    const { owner } = await setup();
    const { key } = await createApiKey({ name: "links", scopes: ["applications:write", "endpoints:read", "messages:read", "event_types:read"], ipAllowlist: "" }, owner.ctx);
    const ask = (readOnly: boolean) => accessRoute.POST(apiRequest("/api/v1/applications/acme/portal-access", { method: "POST", key, body: { readOnly } }), params("acme"));
    expect((await ask(true)).status).toBe(201);
    const writable = await ask(false);
    expect(writable.status).toBe(403);
    expect((await writable.json()).error.code).toBe("missing_scope");
    const sessions = await db().select().from(portalSessions).where(eq(portalSessions.workspaceId, owner.ctx.workspaceId));
    expect(sessions.map((s) => s.readOnly)).toEqual([true]);
  });

  it("refuses a lifetime outside 1 hour to 7 days", async () => {
    const { link } = await setup();
    expect((await link({ expiresIn: 60 })).status).toBe(422);
    expect((await link({ expiresIn: 8 * 24 * 3600 })).status).toBe(422);
    expect((await link({}, "no-such-app")).status).toBe(404);
  });

  it("expire-all ends every session of the application, opened or not, and is audited", async () => {
    const { link, owner, mine } = await setup();
    const a = await link();
    const b = await link();
    const opened = await openPortalLink(a.body.token, testRequest());
    const response = await expireRoute.POST(apiRequest("/api/v1/applications/acme/portal-access/expire-all", { method: "POST", key: owner.key }), params("acme"));
    expect(await response.json()).toEqual({ expired: 2 });
    expect(await portalSessionFromToken(opened!.sessionToken)).toBeNull();
    expect(await openPortalLink(b.body.token, testRequest())).toBeNull();
    const actions = (await db().select().from(auditLog).where(eq(auditLog.workspaceId, owner.workspace.id))).filter((r) => r.targetId === mine.id).map((r) => r.action);
    expect(actions).toEqual(expect.arrayContaining(["portal_access.create", "portal_session.open", "portal_access.expire_all"]));
  });
});

describe("portal context", () => {
  it("read-only sessions hold no write permission; writable ones act as the session, audited with its application", async () => {
    const { link, owner, mine } = await setup();
    const ro = await openPortalLink((await link({ readOnly: true })).body.token, testRequest());
    const roCtx = contextFromPortalSession(ro!.session, testRequest());
    for (const permission of ["endpoints:write", "messages:write", "event_types:write", "applications:write"] as const) {
      expect(() => authorize(roCtx, permission)).toThrow(/read-only/);
    }
    authorize(roCtx, "endpoints:read");

    const rw = await openPortalLink((await link()).body.token, testRequest());
    const ctx = contextFromPortalSession(rw!.session, testRequest());
    expect(ctx.applicationId).toBe(mine.id);
    const { endpoint } = await createEndpoint({ url: "https://example.com/hook", application: mine.id }, ctx);
    const [entry] = await db().select().from(auditLog).where(eq(auditLog.targetId, endpoint.id));
    expect(entry).toMatchObject({ actorType: "portal_session", actorId: rw!.session.id, actorLabel: "Portal: Acme", action: "endpoint.create", workspaceId: owner.workspace.id });

    // The audit API shows the portal session as the actor (its response passes the contract check).
    const audit = await auditRoute.GET(apiRequest("/api/v1/audit-log?limit=100", { key: owner.key }), { params: Promise.resolve({}) });
    expect(audit.status).toBe(200);
    const { data } = await audit.json();
    expect(data.find((e: { target: { id: string } }) => e.target.id === endpoint.id)?.actor).toEqual({ type: "portal_session", id: rw!.session.id, label: "Portal: Acme" });
  });

  it("another application's endpoint and message answer not found through the portal, and nothing changes", async () => {
    const { link, owner, theirs } = await setup();
    const other = await createEndpoint({ url: "https://example.com/other", application: theirs.id }, owner.ctx);
    await createEventType({ name: "thing.happened" }, owner.ctx);
    const sent = await sendMessage({ eventType: "thing.happened", payload: {}, application: theirs.id }, owner.ctx);
    const rw = await openPortalLink((await link()).body.token, testRequest());
    const ctx = contextFromPortalSession(rw!.session, testRequest());

    await expect(portalEndpoint(ctx, other.endpoint.id)).rejects.toMatchObject({ code: "not_found" });
    await expect(portalMessage(ctx, sent.message.id)).rejects.toMatchObject({ code: "not_found" });
    // What a forged pause action runs: the core function itself refuses another application's id.
    await expect(pauseEndpoint({ id: other.endpoint.id }, ctx)).rejects.toMatchObject({ code: "not_found" });
    const [after] = await db().select().from(endpoints).where(eq(endpoints.id, other.endpoint.id));
    expect(after.status).toBe("enabled");
  });
});
