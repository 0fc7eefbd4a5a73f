// The one request context: what each way in (API key, dashboard member, the system) builds, and the checks they share.
import { describe, expect, it } from "vitest";
import { GET as getEventTypeRoute } from "@/app/api/v1/event-types/[id]/route";
import { db } from "@/db";
import { memberships } from "@/db/schema";
import { apiRoute, ok } from "@/lib/api/handler";
import { authorize, memberContextForSlug, systemContext } from "@/lib/api/request-context";
import { ALL_PERMISSIONS, permissionsOf, ROLES, type Role } from "@/lib/auth/permissions";
import { createApiKey } from "@/lib/keys/service";
import { API_SCOPES } from "@/lib/keys/scopes";
import { createEventType } from "@/lib/outbound/event-types";
import { apiRequest, noParams } from "../helpers/api";
import { createOwner, createUser, testRequest } from "../helpers/factories";

const READ_SCOPES = API_SCOPES.filter((scope) => scope.endsWith(":read"));

/** What apiRoute hands its handler for a request with this key. */
async function contextSeenByApi(key: string) {
  const seen = apiRoute({}, async ({ ctx }) => ok({ ...ctx, permissions: [...ctx.permissions].sort() }));
  return (await seen(apiRequest("/api/v1/ping", { key }), noParams)).json();
}

async function memberOf(workspaceId: string, role: Role) {
  const user = await createUser();
  await db().insert(memberships).values({ workspaceId, userId: user.id, role });
  return { type: "user" as const, id: user.id, label: user.email };
}

describe("the context from an API key", () => {
  it("a key with the read scopes gets exactly the read permissions, as itself, with no role", async () => {
    const { ctx } = await createOwner();
    const { key, apiKey } = await createApiKey({ name: "reader", scopes: READ_SCOPES, ipAllowlist: "" }, ctx);
    const seen = await contextSeenByApi(key);
    expect(seen).toEqual({
      workspaceId: ctx.workspaceId,
      actor: { type: "api_key", id: apiKey.id, label: "reader" },
      permissions: [...READ_SCOPES].sort(),
      request: { ip: "127.0.0.1", userAgent: null, requestId: expect.any(String) },
      applicationId: null,
    });
  });

  it("a write scope brings its read, and nothing outside the API's resources (members, keys, settings)", async () => {
    const { ctx } = await createOwner();
    const { key } = await createApiKey({ name: "writer", scopes: ["endpoints:write"], ipAllowlist: "" }, ctx);
    expect((await contextSeenByApi(key)).permissions).toEqual(["endpoints:read", "endpoints:write"]);
  });

  it("is refused a permission it lacks with missing_scope", async () => {
    const { ctx } = await createOwner();
    const { key } = await createApiKey({ name: "reader", scopes: ["event_types:read"], ipAllowlist: "" }, ctx);
    const refused = apiRoute({ scope: "event_types:write" }, async () => ok({}));
    const response = await refused(apiRequest("/api/v1/ping", { key }), noParams);
    expect([response.status, (await response.json()).error.code]).toEqual([403, "missing_scope"]);
  });
});

describe("the context from a dashboard member", () => {
  it("each role's member gets exactly that role's permissions", async () => {
    const { workspace } = await createOwner();
    for (const role of ROLES) {
      const actor = await memberOf(workspace.id, role);
      const resolved = await memberContextForSlug(actor, workspace.slug, undefined, testRequest());
      expect(resolved.role).toBe(role);
      expect(resolved.ctx).toEqual({ workspaceId: workspace.id, actor, permissions: permissionsOf(role), request: expect.any(Object), applicationId: null });
      expect("role" in resolved.ctx).toBe(false);
    }
  });

  it("a member whose role lacks the permission is refused with forbidden", async () => {
    const { workspace } = await createOwner();
    const viewer = await memberOf(workspace.id, "viewer");
    await expect(memberContextForSlug(viewer, workspace.slug, "endpoints:write", testRequest())).rejects.toMatchObject({ code: "forbidden" });
    await expect(memberContextForSlug(viewer, workspace.slug, "endpoints:read", testRequest())).resolves.toMatchObject({ role: "viewer" });
  });
});

describe("another workspace is not found, whichever way in", () => {
  it("by slug for a signed-in user (the check the page guard and the server actions share), by id for an API key", async () => {
    const mine = await createOwner();
    const theirs = await createOwner();
    const me = { type: "user" as const, id: mine.user.id, label: mine.user.email };

    // The page guard (requireWorkspace) and workspaceAction both resolve the session's context through this.
    await expect(memberContextForSlug(me, theirs.workspace.slug, undefined, testRequest())).rejects.toMatchObject({ code: "not_found" });
    await expect(memberContextForSlug(me, theirs.workspace.slug, "endpoints:read", testRequest())).rejects.toMatchObject({ code: "not_found" });
    await expect(memberContextForSlug(me, "no-such-workspace", undefined, testRequest())).rejects.toMatchObject({ code: "not_found" });

    const theirType = await createEventType({ name: "invoice.paid" }, theirs.ctx);
    const { key } = await createApiKey({ name: "all", scopes: API_SCOPES, ipAllowlist: "" }, mine.ctx);
    const response = await getEventTypeRoute(apiRequest(`/api/v1/event-types/${theirType.id}`, { key }), { params: Promise.resolve({ id: theirType.id }) });
    expect([response.status, (await response.json()).error.code]).toEqual([404, "not_found"]);
  });
});

describe("the system's context", () => {
  it("acts as the system, with every resource permission but not ownership", () => {
    const ctx = systemContext("ws_1", "scheduled rotation");
    expect(ctx.actor).toEqual({ type: "system", id: null, label: "scheduled rotation" });
    expect([...ctx.permissions].sort()).toEqual([...ALL_PERMISSIONS].sort());
    expect(() => authorize(ctx, "owners:write")).toThrow(expect.objectContaining({ code: "forbidden" }));
  });
});
