// Checksum-valid keys that do not exist each cost a database query, so their lookups are limited per client address.
import { describe, expect, it } from "vitest";
import { GET as ping } from "@/app/api/v1/ping/route";
import { generateApiKey } from "@/lib/keys/format";
import { createApiKey } from "@/lib/keys/service";
import { clearKeyCache } from "@/lib/keys/verify";
import { RULES } from "@/lib/platform/ratelimit";
import { apiRequest, noParams } from "../helpers/api";
import { createOwner } from "../helpers/factories";

const unknownKey = () => generateApiKey("live").key;
const code = async (response: Response) => ((await response.json()) as { error: { code: string } }).error.code;

describe("unknown API keys", () => {
  it("are limited per client address: 429 rate_limited with Retry-After, other addresses unaffected", async () => {
    const address = "198.51.100.77";
    for (let i = 0; i < RULES.unknownKeysPerIp.limit; i++) {
      const response = await ping(apiRequest("/api/v1/ping", { key: unknownKey(), ip: address }), noParams);
      expect([response.status, await code(response)]).toEqual([401, "unknown_api_key"]);
    }
    const refused = await ping(apiRequest("/api/v1/ping", { key: unknownKey(), ip: address }), noParams);
    expect([refused.status, await code(refused)]).toEqual([429, "rate_limited"]);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    // Refused before the lookup from then on, with the same answer.
    const again = await ping(apiRequest("/api/v1/ping", { key: unknownKey(), ip: address }), noParams);
    expect([again.status, await code(again)]).toEqual([429, "rate_limited"]);
    expect(again.headers.get("retry-after")).not.toBeNull();

    const elsewhere = await ping(apiRequest("/api/v1/ping", { key: unknownKey(), ip: "198.51.100.78" }), noParams);
    expect([elsewhere.status, await code(elsewhere)]).toEqual([401, "unknown_api_key"]);
  });

  it("never count a key that exists", async () => {
    const { ctx } = await createOwner();
    const { key } = await createApiKey({ name: "real", scopes: ["endpoints:read"], ipAllowlist: "" }, ctx);
    const address = "198.51.100.79";
    for (let i = 0; i < RULES.unknownKeysPerIp.limit + 5; i++) {
      clearKeyCache(); // each request looks the key up
      expect((await ping(apiRequest("/api/v1/ping", { key, ip: address }), noParams)).status).toBe(200);
    }
    const unknown = await ping(apiRequest("/api/v1/ping", { key: unknownKey(), ip: address }), noParams);
    expect(unknown.status).toBe(401);
  });
});
