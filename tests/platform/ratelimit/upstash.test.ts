import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import type { Redis } from "ioredis";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { resetEnvForTests } from "@/lib/platform/env";
import { createRateLimiter, type RateLimitResult } from "@/lib/platform/ratelimit";
import { createUpstashCompatibleRedis } from "@/lib/platform/redis";
import { awayFromBoundary, connectRedis, deleteKeys, uniquePrefix } from "./helpers";

/**
 * A loopback stand-in for the Upstash REST API. The client batches its commands into POSTs to /pipeline: a JSON array
 * of commands, answered by an array of `{ result }` or `{ error }`, with strings base64-encoded when the client asks.
 * Scripts run on this machine's Redis through the adapter, because real Upstash accepts the shebang flag that
 * Redis 7.0 refuses.
 */
function upstashStandIn(redis: Redis) {
  const adapter = createUpstashCompatibleRedis(redis);
  const requests: IncomingHttpHeaders[] = [];
  const encode = (value: unknown, base64: boolean): unknown =>
    Array.isArray(value)
      ? value.map((v) => encode(v, base64))
      : typeof value === "string" && base64
        ? Buffer.from(value).toString("base64")
        : value;

  async function execute(command: unknown[], base64: boolean) {
    const [name, scriptOrSha, numKeys, ...rest] = command as [string, string, number, ...unknown[]];
    try {
      if (name !== "eval" && name !== "evalsha") throw new Error(`ERR stand-in does not implement ${name}`);
      const result = await adapter[name](scriptOrSha, rest.slice(0, numKeys) as string[], rest.slice(numKeys));
      return { result: encode(result, base64) };
    } catch (error) {
      return { error: error instanceof Error ? error.message : String(error) };
    }
  }

  const server = createServer(async (req, res) => {
    requests.push(req.headers);
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = JSON.parse(Buffer.concat(chunks).toString()) as unknown[];
    const base64 = req.headers["upstash-encoding"] === "base64";
    res.setHeader("content-type", "application/json");
    if (req.url !== "/pipeline") {
      res.statusCode = 404;
      res.end(JSON.stringify({ error: `stand-in does not implement ${req.url}` }));
      return;
    }
    res.end(JSON.stringify(await Promise.all((body as unknown[][]).map((command) => execute(command, base64)))));
  });
  return { server, requests };
}

let redis: Redis;
let standIn: ReturnType<typeof upstashStandIn>;
let url: string;
const prefix = uniquePrefix();

beforeAll(async () => {
  redis = connectRedis();
  standIn = upstashStandIn(redis);
  standIn.server.listen(0, "127.0.0.1");
  await new Promise((resolve) => standIn.server.once("listening", resolve));
  url = `http://127.0.0.1:${(standIn.server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  standIn.server.closeAllConnections();
  await new Promise((resolve) => standIn.server.close(resolve));
  await deleteKeys(redis, prefix);
  await redis.quit();
});

describe("upstash rate limiter", () => {
  const saved = { url: process.env.UPSTASH_REDIS_REST_URL, token: process.env.UPSTASH_REDIS_REST_TOKEN };
  afterEach(() => {
    for (const [name, value] of [
      ["UPSTASH_REDIS_REST_URL", saved.url],
      ["UPSTASH_REDIS_REST_TOKEN", saved.token],
    ] as const) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    resetEnvForTests();
  });

  it("is built from the environment without touching the network", () => {
    process.env.UPSTASH_REDIS_REST_URL = "https://example-123.upstash.io";
    process.env.UPSTASH_REDIS_REST_TOKEN = "token";
    resetEnvForTests();
    expect(() => createRateLimiter("upstash")).not.toThrow();
  });

  it("says which variables are missing when it is not configured", () => {
    delete process.env.UPSTASH_REDIS_REST_URL;
    delete process.env.UPSTASH_REDIS_REST_TOKEN;
    resetEnvForTests();
    expect(() => createRateLimiter("upstash")).toThrow(/UPSTASH_REDIS_REST_URL/);
  });

  it("limits through the REST API with the configured token", async () => {
    const rl = createRateLimiter("upstash", { upstash: { url, token: "test-token" }, keyPrefix: prefix, timeoutMs: 20_000 });
    const rule = { limit: 2, windowSeconds: 600 };
    await awayFromBoundary(600_000, 5_000);
    const results: RateLimitResult[] = [];
    for (let i = 0; i < 3; i++) results.push(await rl.limit("api", "key_1", rule));
    // Once refused, the identifier is blocked in the instance's ephemeral cache until the reset, without a request.
    const requestsBefore = standIn.requests.length;
    results.push(await rl.limit("api", "key_1", rule));
    expect(standIn.requests.length).toBe(requestsBefore);

    expect(results.map((r) => r.success)).toEqual([true, true, false, false]);
    expect(results.map((r) => r.remaining)).toEqual([1, 0, 0, 0]);
    for (const r of results) expect(r).toMatchObject({ limit: 2, reset: results[0].reset });
    expect(results[0].reset % 600_000).toBe(0);
    expect(await rl.limit("api", "key_2", rule)).toMatchObject({ success: true, remaining: 1 });

    for (const headers of standIn.requests) expect(headers.authorization).toBe("Bearer test-token");
    expect(await redis.keys(`${prefix}:api:*`)).toHaveLength(2);
  });
});
