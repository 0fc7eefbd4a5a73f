import { eq, sql } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { GET as auditLogRoute } from "@/app/api/v1/audit-log/route";
import { GET as ping } from "@/app/api/v1/ping/route";
import { db } from "@/db";
import { apiKeys, workspaces } from "@/db/schema";
import { resetEnvForTests } from "@/lib/platform/env";
import { generateApiKey } from "@/lib/keys/format";
import { createApiKey, revokeApiKey, rollApiKey } from "@/lib/keys/service";
import { clearKeyCache } from "@/lib/keys/verify";
import { resetRateLimiterForTests } from "@/lib/platform/ratelimit";
import { apiRequest, noParams } from "../helpers/api";
import { createOwner } from "../helpers/factories";

async function newKey(overrides: Record<string, unknown> = {}) {
  const owner = await createOwner();
  const { key, apiKey } = await createApiKey({ name: "ci", scopes: ["endpoints:read"], ipAllowlist: "", ...overrides }, owner.ctx);
  return { ...owner, key, apiKey };
}

async function errorCode(response: Response) {
  return ((await response.json()) as { error: { code: string } }).error.code;
}

describe("API key authentication", () => {
  it("answers ping with the key's workspace and scopes", async () => {
    const { key, workspace, apiKey } = await newKey({ scopes: ["endpoints:read", "messages:write"] });
    const response = await ping(apiRequest("/api/v1/ping", { key }), noParams);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      workspace: { id: workspace.id, name: workspace.name, slug: workspace.slug },
      key: { id: apiKey.id, name: "ci", environment: "live", scopes: ["endpoints:read", "messages:write"], applicationId: null },
    });
    expect(response.headers.get("x-request-id")).toBeTruthy();
  });

  it("gives every failure its own code and status", async () => {
    const { key, ctx, apiKey } = await newKey();
    const cases: [string, Record<string, string>, number, string][] = [
      ["missing", {}, 401, "missing_api_key"],
      ["not bearer", { authorization: `Basic ${key}` }, 401, "malformed_api_key"],
      ["garbage", { authorization: "Bearer hello" }, 401, "malformed_api_key"],
      ["typo", { authorization: `Bearer ${key.slice(0, -1)}${key.endsWith("a") ? "b" : "a"}` }, 401, "malformed_api_key"],
      ["unknown", { authorization: `Bearer ${generateApiKey("live").key}` }, 401, "unknown_api_key"],
    ];
    for (const [, headers, status, code] of cases) {
      const response = await ping(apiRequest("/api/v1/ping", { headers }), noParams);
      expect([response.status, await errorCode(response)]).toEqual([status, code]);
    }

    const scope = await auditLogRoute(apiRequest("/api/v1/audit-log", { key }), noParams);
    expect([scope.status, await errorCode(scope)]).toEqual([403, "missing_scope"]);

    await db().update(apiKeys).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(apiKeys.id, apiKey.id));
    clearKeyCache();
    const expired = await ping(apiRequest("/api/v1/ping", { key }), noParams);
    expect([expired.status, await errorCode(expired)]).toEqual([401, "expired_api_key"]);

    await db().update(apiKeys).set({ expiresAt: null }).where(eq(apiKeys.id, apiKey.id));
    await revokeApiKey({ keyId: apiKey.id }, ctx);
    const revoked = await ping(apiRequest("/api/v1/ping", { key }), noParams);
    expect([revoked.status, await errorCode(revoked)]).toEqual([401, "revoked_api_key"]);
  });

  it("enforces the key's IP allowlist (IPv4 and IPv6)", async () => {
    const { key } = await newKey({ ipAllowlist: "10.1.0.0/16, 2001:db8::/32" });
    const blocked = await ping(apiRequest("/api/v1/ping", { key, ip: "127.0.0.1" }), noParams);
    expect([blocked.status, await errorCode(blocked)]).toEqual([403, "ip_not_allowed"]);
    expect((await ping(apiRequest("/api/v1/ping", { key, ip: "10.1.2.3" }), noParams)).status).toBe(200);
    expect((await ping(apiRequest("/api/v1/ping", { key, ip: "2001:db8::7" }), noParams)).status).toBe(200);
  });

  it("a revocation made elsewhere reaches a warm cache through LISTEN/NOTIFY", async () => {
    const { key, apiKey } = await newKey();
    expect((await ping(apiRequest("/api/v1/ping", { key }), noParams)).status).toBe(200); // cached now
    // Another instance revokes: a raw update plus the notification, as revokeApiKey sends it.
    await db().transaction(async (tx) => {
      await tx.update(apiKeys).set({ revokedAt: new Date() }).where(eq(apiKeys.id, apiKey.id));
      await tx.execute(sql`select pg_notify('api_key_changed', ${(await tx.select().from(apiKeys).where(eq(apiKeys.id, apiKey.id)))[0].hash})`);
    });
    await expect.poll(async () => (await ping(apiRequest("/api/v1/ping", { key }), noParams)).status, { timeout: 4000 }).toBe(401);
  });

  it("rolling keeps both keys working for the overlap, then only the new one", async () => {
    const { key: oldKey, apiKey, ctx } = await newKey();
    const rolled = await rollApiKey({ keyId: apiKey.id, overlapHours: 2 }, ctx);
    expect(rolled.oldKey.expiresAt!.getTime()).toBeGreaterThan(Date.now() + 3600_000);
    expect(rolled.apiKey.scopes).toEqual(apiKey.scopes);
    expect((await ping(apiRequest("/api/v1/ping", { key: oldKey }), noParams)).status).toBe(200);
    expect((await ping(apiRequest("/api/v1/ping", { key: rolled.key }), noParams)).status).toBe(200);
    // The overlap ends.
    await db().update(apiKeys).set({ expiresAt: new Date(Date.now() - 1) }).where(eq(apiKeys.id, apiKey.id));
    clearKeyCache();
    expect(await errorCode(await ping(apiRequest("/api/v1/ping", { key: oldKey }), noParams))).toBe("expired_api_key");
    expect((await ping(apiRequest("/api/v1/ping", { key: rolled.key }), noParams)).status).toBe(200);
  });

  it("never shows one workspace's data to another's key", async () => {
    const a = await newKey({ scopes: ["audit:read"] });
    const b = await newKey({ scopes: ["audit:read"] });
    const body = (await (await auditLogRoute(apiRequest("/api/v1/audit-log", { key: a.key }), noParams)).json()) as { data: { id: string; target: { id: string } }[] };
    expect(body.data.length).toBeGreaterThan(0);
    const bIds = new Set([b.workspace.id, b.apiKey.id]);
    expect(body.data.some((e) => bIds.has(e.target.id ?? ""))).toBe(false);
    expect(JSON.stringify(body)).not.toContain(b.workspace.id);
  });
});

describe.each([
  ["in-process limiter", undefined],
  ["real Redis", process.env.REDIS_URL ?? "redis://127.0.0.1:6379"],
])("rate limits with the %s", (_name, redisUrl) => {
  const original = process.env.REDIS_URL;
  beforeEach(() => {
    if (redisUrl) process.env.REDIS_URL = redisUrl;
    else delete process.env.REDIS_URL;
    resetEnvForTests();
    resetRateLimiterForTests();
  });
  afterEach(() => {
    process.env.REDIS_URL = original;
    resetEnvForTests();
    resetRateLimiterForTests();
  });

  it("answers 429 with Retry-After and RateLimit headers past the workspace's limit", async () => {
    const { key, workspace } = await newKey();
    await db().update(workspaces).set({ apiRateLimitPerMinute: 2 }).where(eq(workspaces.id, workspace.id));
    clearKeyCache();
    const first = await ping(apiRequest("/api/v1/ping", { key }), noParams);
    expect(first.headers.get("ratelimit-limit")).toBe("2");
    expect(first.headers.get("ratelimit-remaining")).toBe("1");
    await ping(apiRequest("/api/v1/ping", { key }), noParams);
    const third = await ping(apiRequest("/api/v1/ping", { key }), noParams);
    expect(third.status).toBe(429);
    expect(await errorCode(third)).toBe("rate_limited");
    expect(third.headers.get("ratelimit-remaining")).toBe("0");
    expect(Number(third.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(Number(third.headers.get("ratelimit-reset"))).toBeLessThanOrEqual(60);
  });
});
