import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { GET as ping } from "@/app/api/v1/ping/route";
import { db } from "@/db";
import { apiKeys, apiKeyUsageDaily, auditLog, devMailbox, memberships } from "@/db/schema";
import { createApiKey, keyUsage, listApiKeys, revealRotatedKey, rotateDueKeys, rotationHistory } from "@/lib/keys/service";
import { clearKeyCache } from "@/lib/keys/verify";
import { flushKeyUsage, resetKeyUsageForTests } from "@/lib/keys/usage";
import { apiRequest, noParams } from "../helpers/api";
import { createOwner, createUser } from "../helpers/factories";

describe("API key management", () => {
  it("stores only a hash and a display start, shows the key once, and audits without secrets", async () => {
    const { ctx, workspace } = await createOwner();
    const { key, apiKey } = await createApiKey({ name: "deploy", scopes: ["endpoints:write"], ipAllowlist: "10.0.0.0/8", expiresInDays: "30" }, ctx);
    const [row] = await db().select().from(apiKeys).where(eq(apiKeys.id, apiKey.id));
    expect(row.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(row)).not.toContain(key);
    expect(key.startsWith(row.start)).toBe(true);
    expect(apiKey).not.toHaveProperty("hash");
    expect(apiKey.expiresAt!.getTime()).toBeGreaterThan(Date.now() + 29 * 86400_000);
    const [audit] = await db().select().from(auditLog).where(eq(auditLog.targetId, apiKey.id));
    expect(audit.action).toBe("api_key.create");
    expect(JSON.stringify(audit)).not.toContain(key);
    expect(JSON.stringify(audit)).not.toContain(row.hash);
    expect((await listApiKeys(workspace.id)).map((k) => k.id)).toEqual([apiKey.id]);
  });

  it("rejects bad settings with field-level messages", async () => {
    const { ctx } = await createOwner();
    await expect(createApiKey({ name: "", scopes: [], ipAllowlist: "not-an-ip" }, ctx)).rejects.toMatchObject({
      issues: expect.arrayContaining([
        expect.objectContaining({ path: ["name"] }),
        expect.objectContaining({ path: ["scopes"] }),
        expect.objectContaining({ path: ["ipAllowlist"], message: expect.stringContaining("not-an-ip") }),
      ]),
    });
    await expect(createApiKey({ name: "x", scopes: ["endpoints:read"], ipAllowlist: "", rotationOverlapHours: 0 }, ctx)).rejects.toThrow(/at least 1 hour/);
  });

  it("counts daily usage and writes last_used_at at most once a minute", async () => {
    resetKeyUsageForTests();
    const { ctx, workspace } = await createOwner();
    const { key, apiKey } = await createApiKey({ name: "hot", scopes: ["endpoints:read"], ipAllowlist: "" }, ctx);
    for (let i = 0; i < 5; i++) expect((await ping(apiRequest("/api/v1/ping", { key }), noParams)).status).toBe(200);
    await flushKeyUsage();
    const [first] = await db().select().from(apiKeys).where(eq(apiKeys.id, apiKey.id));
    expect(first.lastUsedAt).not.toBeNull();
    for (let i = 0; i < 3; i++) await ping(apiRequest("/api/v1/ping", { key }), noParams);
    await flushKeyUsage();
    const [second] = await db().select().from(apiKeys).where(eq(apiKeys.id, apiKey.id));
    expect(second.lastUsedAt).toEqual(first.lastUsedAt);
    const [usage] = await db().select().from(apiKeyUsageDaily).where(eq(apiKeyUsageDaily.keyId, apiKey.id));
    expect(usage.count).toBe(8);
    const { byKey, days } = await keyUsage(workspace.id, 7);
    expect(days).toHaveLength(7);
    expect(byKey.get(apiKey.id)).toEqual([0, 0, 0, 0, 0, 0, 8]);
  });

  it("the scheduled rotation rolls due keys only, keeps the new key for one reveal, and tells owners and admins", async () => {
    const { ctx, workspace, user } = await createOwner();
    const [admin, viewer] = [await createUser(), await createUser()];
    await db().insert(memberships).values([
      { workspaceId: workspace.id, userId: admin.id, role: "admin" },
      { workspaceId: workspace.id, userId: viewer.id, role: "viewer" },
    ]);
    const due = await createApiKey({ name: "due", scopes: ["endpoints:read"], ipAllowlist: "", rotationPolicyDays: "30", rotationOverlapHours: "6" }, ctx);
    const notDue = await createApiKey({ name: "later", scopes: ["endpoints:read"], ipAllowlist: "", rotationPolicyDays: "30" }, ctx);
    const noPolicy = await createApiKey({ name: "manual", scopes: ["endpoints:read"], ipAllowlist: "" }, ctx);
    await db().update(apiKeys).set({ nextRotationAt: new Date(Date.now() - 1000) }).where(eq(apiKeys.id, due.apiKey.id));

    const rotated = await rotateDueKeys();
    expect(rotated).toEqual([{ oldKeyId: due.apiKey.id, newKeyId: expect.any(String) }]);
    expect(await rotateDueKeys()).toEqual([]); // nothing is due twice

    const keys = await listApiKeys(workspace.id);
    const fresh = keys.find((k) => k.id === rotated[0].newKeyId)!;
    const old = keys.find((k) => k.id === due.apiKey.id)!;
    expect(fresh).toMatchObject({ name: "due", rotatedFrom: due.apiKey.id, awaitingReveal: true, rotationPolicyDays: 30 });
    expect(fresh.nextRotationAt!.getTime()).toBeGreaterThan(Date.now() + 29 * 86400_000);
    expect(old.expiresAt!.getTime()).toBeLessThanOrEqual(Date.now() + 6 * 3600_000);
    expect(old.nextRotationAt).toBeNull();
    expect(keys.find((k) => k.id === notDue.apiKey.id)!.expiresAt).toBeNull();
    expect(keys.find((k) => k.id === noPolicy.apiKey.id)!.expiresAt).toBeNull();
    expect(await rotationHistory(workspace.id, [due.apiKey.id])).toEqual([expect.objectContaining({ reason: "scheduled", newKeyId: fresh.id })]);

    const mail = await db().select().from(devMailbox);
    const rotationMail = mail.filter((m) => m.subject.includes('"due" was rotated')).map((m) => m.to).sort();
    expect(rotationMail).toEqual([admin.email, user.email].sort());

    const revealed = await revealRotatedKey({ keyId: fresh.id }, ctx);
    clearKeyCache();
    expect((await ping(apiRequest("/api/v1/ping", { key: revealed.key }), noParams)).status).toBe(200);
    expect((await ping(apiRequest("/api/v1/ping", { key: due.key }), noParams)).status).toBe(200); // still in its overlap
    await expect(revealRotatedKey({ keyId: fresh.id }, ctx)).rejects.toMatchObject({ code: "conflict" });
  });
});
