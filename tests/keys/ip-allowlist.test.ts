import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { GET as ping } from "@/app/api/v1/ping/route";
import { db } from "@/db";
import { apiKeys } from "@/db/schema";
import { createApiKey } from "@/lib/keys/service";
import { clearKeyCache } from "@/lib/keys/verify";
import { apiRequest, noParams } from "../helpers/api";
import { createOwner } from "../helpers/factories";

describe("a key's IP allowlist", () => {
  it("fails closed when a stored entry no longer parses: every address is refused", async () => {
    const { ctx } = await createOwner();
    const { key, apiKey } = await createApiKey({ name: "pinned", scopes: ["endpoints:read"], ipAllowlist: "0.0.0.0/0, ::/0" }, ctx);
    clearKeyCache();
    expect((await ping(apiRequest("/api/v1/ping", { key }), noParams)).status).toBe(200);

    // Saving validates entries, so only a write around the app (tampering, a bad migration) can leave one like this.
    await db().update(apiKeys).set({ ipAllowlist: ["127.0.0.1", "not-an-address"] }).where(eq(apiKeys.id, apiKey.id));
    clearKeyCache();
    const response = await ping(apiRequest("/api/v1/ping", { key }), noParams);
    expect(response.status).toBe(403);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe("ip_not_allowed");
  });

  it("an empty allowlist still allows every address", async () => {
    const { ctx } = await createOwner();
    const { key } = await createApiKey({ name: "open", scopes: ["endpoints:read"], ipAllowlist: "" }, ctx);
    clearKeyCache();
    expect((await ping(apiRequest("/api/v1/ping", { key }), noParams)).status).toBe(200);
  });
});
