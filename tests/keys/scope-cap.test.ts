import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { GET as auditLogRoute } from "@/app/api/v1/audit-log/route";
import { GET as ping } from "@/app/api/v1/ping/route";
import { db } from "@/db";
import { apiKeys, memberships } from "@/db/schema";
import { can, ROLES } from "@/lib/auth/permissions";
import { createApiKey, listApiKeys, rollApiKey, rotateDueKeys } from "@/lib/keys/service";
import { API_SCOPES } from "@/lib/keys/scopes";
import { clearKeyCache } from "@/lib/keys/verify";
import { apiRequest, noParams } from "../helpers/api";
import { contextFor, createOwner, createUser } from "../helpers/factories";

async function memberOf(workspaceId: string, role: (typeof ROLES)[number]) {
  const user = await createUser();
  await db().insert(memberships).values({ workspaceId, userId: user.id, role });
  return { user, ctx: contextFor(workspaceId, user, role) };
}

describe("a key's scopes are capped by its creator's permissions", () => {
  it("every role × scope: a key is made exactly when the role may manage keys and holds that scope's permission", async () => {
    const { workspace } = await createOwner();
    const members = Object.fromEntries(await Promise.all(ROLES.map(async (role) => [role, await memberOf(workspace.id, role)] as const)));
    const outcomes: string[] = [];
    const expected: string[] = [];
    for (const role of ROLES) {
      for (const scope of API_SCOPES) {
        const allowed = can(role, "keys:write") && can(role, scope);
        expected.push(`${role} ${scope} ${allowed ? "created" : "forbidden"}`);
        const made = await createApiKey({ name: `${role}-${scope}`, scopes: [scope], ipAllowlist: "" }, members[role].ctx).then(
          () => "created",
          (error: { code?: string }) => error.code ?? String(error),
        );
        outcomes.push(`${role} ${scope} ${made}`);
      }
    }
    expect(outcomes).toEqual(expected);
    // The table is not trivially one-sided: the developer row has both outcomes.
    expect(outcomes).toContain("developer audit:read forbidden");
    expect(outcomes).toContain("developer endpoints:write created");
  });

  it("a developer cannot mint a key that reads the audit log; an admin's key can, through the API", async () => {
    const { workspace } = await createOwner();
    const developer = await memberOf(workspace.id, "developer");
    await expect(createApiKey({ name: "sneaky", scopes: ["endpoints:read", "audit:read"], ipAllowlist: "" }, developer.ctx)).rejects.toMatchObject({
      code: "forbidden",
      message: expect.stringContaining("audit:read"),
    });
    expect(await listApiKeys(workspace.id)).toEqual([]);

    const admin = await memberOf(workspace.id, "admin");
    const { key } = await createApiKey({ name: "auditor", scopes: ["audit:read"], ipAllowlist: "" }, admin.ctx);
    expect((await auditLogRoute(apiRequest("/api/v1/audit-log", { key }), noParams)).status).toBe(200);
  });

  it("a developer cannot roll an admin's audit key into one of their own", async () => {
    const { workspace } = await createOwner();
    const admin = await memberOf(workspace.id, "admin");
    const developer = await memberOf(workspace.id, "developer");
    const { apiKey } = await createApiKey({ name: "auditor", scopes: ["audit:read"], ipAllowlist: "" }, admin.ctx);
    await expect(db().transaction((tx) => rollApiKey({ keyId: apiKey.id }, developer.ctx, tx))).rejects.toMatchObject({ code: "forbidden" });
  });

  it("a scheduled rotation keeps only the scopes the creator's current role still allows", async () => {
    const { workspace } = await createOwner();
    const admin = await memberOf(workspace.id, "admin");
    const leaver = await memberOf(workspace.id, "admin");
    const demoted = await createApiKey({ name: "demoted", scopes: ["audit:read", "endpoints:write"], ipAllowlist: "", rotationPolicyDays: "30" }, admin.ctx);
    const orphaned = await createApiKey({ name: "orphaned", scopes: ["messages:write"], ipAllowlist: "", rotationPolicyDays: "30" }, leaver.ctx);
    await db().update(memberships).set({ role: "developer" }).where(eq(memberships.userId, admin.user.id));
    await db().delete(memberships).where(eq(memberships.userId, leaver.user.id));
    await db().update(apiKeys).set({ nextRotationAt: new Date(Date.now() - 1000) }).where(eq(apiKeys.workspaceId, workspace.id));

    const rotated = await rotateDueKeys();
    const scopesOf = async (oldKeyId: string) => {
      const newKeyId = rotated.find((r) => r.oldKeyId === oldKeyId)!.newKeyId;
      const [row] = await db().select().from(apiKeys).where(eq(apiKeys.id, newKeyId));
      return row.scopes;
    };
    expect(await scopesOf(demoted.apiKey.id)).toEqual(["endpoints:write"]);
    expect(await scopesOf(orphaned.apiKey.id)).toEqual([]);
  });
});

describe("the API acts with the key's scopes, not a stand-in role", () => {
  it("the context a handler gets carries exactly the key's scope permissions and no role", async () => {
    const { ctx } = await createOwner();
    const { key } = await createApiKey({ name: "narrow", scopes: ["endpoints:write"], ipAllowlist: "" }, ctx);
    clearKeyCache();
    const { apiRoute, ok } = await import("@/lib/api/handler");
    const seen = apiRoute({}, async ({ ctx: keyCtx }) => ok({ hasRole: "role" in keyCtx, permissions: [...keyCtx.permissions].sort() }));
    const response = await seen(apiRequest("/api/v1/ping", { key }), noParams);
    expect(await response.json()).toEqual({ hasRole: false, permissions: ["endpoints:read", "endpoints:write"] });
    expect((await ping(apiRequest("/api/v1/ping", { key }), noParams)).status).toBe(200);
  });
});
