// The receiver's limits and storage: body cap and decompression-bomb guard, Content-Encoding, IP allowlist behind
// trusted proxies, the per-source rate limit on real Redis, de-duplication, JSON Schema checks, exact storage of bytes
// and headers, URL tokens, and 503 (never 2xx) when the database is down.
import { createHmac, randomBytes } from "node:crypto";
import { brotliCompressSync, deflateRawSync, deflateSync, gzipSync } from "node:zlib";
import { eq } from "drizzle-orm";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDb, db } from "@/db";
import { sources } from "@/db/schema";
import { resetEnvForTests } from "@/lib/platform/env";
import { flushRejectionCounts } from "@/lib/inbound/ingest";
import { resetRateLimiterForTests } from "@/lib/platform/ratelimit";
import { closeRedis } from "@/lib/platform/redis";
import { createBin, createSource, regenerateSourceToken, updateSource } from "@/lib/inbound/sources";
import type { RequestContext } from "@/lib/api/request-context";
import { createOwner } from "@/tests/helpers/factories";
import { awayFromBoundary, deleteKeys, redisUrl } from "@/tests/platform/ratelimit/helpers";
import { postInbound, requestsOf, storedRequest } from "./helpers";

let ctx: RequestContext;
let counter = 0;
beforeAll(async () => {
  ctx = (await createOwner()).ctx;
});

const open = (extra: Record<string, unknown> = {}) => createSource({ name: `limits ${++counter}`, ...extra }, ctx);

async function rejectedRow(response: Response) {
  return storedRequest(response.headers.get("x-switchboard-request-id")!);
}

describe("storage", () => {
  it("stores the raw bytes, headers, path suffix, query and client address exactly", async () => {
    const src = await open();
    const bytes = Buffer.concat([randomBytes(64), Buffer.from([0xff, 0xfe, 0x00, 0xc3])]);
    const { response, json } = await postInbound(src.url, {
      body: bytes,
      path: "/github/events",
      headers: { "content-type": "application/octet-stream", "x-custom": "One", "x-forwarded-for": "198.51.100.4" },
    });
    expect(response.status).toBe(200);
    const row = await storedRequest(json.id as string);
    expect(row.body?.equals(bytes)).toBe(true);
    expect(row.bodySize).toBe(bytes.length);
    expect(row.path).toBe("/github/events");
    expect(row.ip).toBe("198.51.100.4");
    expect(row.headers).toContainEqual(["x-custom", "One"]);
    expect(row.headers).toContainEqual(["content-type", "application/octet-stream"]);

    const withQuery = await postInbound(`${src.url}`, { body: "{}", path: "?a=1&b=two" });
    expect((await storedRequest(withQuery.json.id as string)).query).toBe("a=1&b=two");
  });

  it("answers 404 for an unknown token and stops answering an old token once regenerated", async () => {
    expect((await postInbound("http://x/in/notarealtoken000000000000", { body: "{}" })).response.status).toBe(404);
    const src = await open();
    expect((await postInbound(src.url, { body: "{}" })).response.status).toBe(200);
    const regenerated = await regenerateSourceToken({ id: src.id }, ctx);
    expect(regenerated.url).not.toBe(src.url);
    expect((await postInbound(src.url, { body: "{}" })).response.status).toBe(404);
    expect((await postInbound(regenerated.url, { body: "{}" })).response.status).toBe(200);
  });

  it("answers 404 once a request bin has expired", async () => {
    const bin = await createBin(ctx);
    expect((await postInbound(bin.url, { body: "{}" })).response.status).toBe(200);
    await db().update(sources).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(sources.id, bin.id));
    await regenerateSourceToken({ id: bin.id }, ctx); // forgets the cached entry, as any change does
    const [row] = await db().select().from(sources).where(eq(sources.id, bin.id));
    expect((await postInbound(`http://x/in/${row.token}`, { body: "{}" })).response.status).toBe(404);
  });

  it("answers Slack's URL verification with its challenge", async () => {
    const src = await open({ verification: { provider: "slack", secret: "slack-secret" } });
    const body = JSON.stringify({ type: "url_verification", challenge: "c-123" });
    const ts = Math.floor(Date.now() / 1000);
    const signature = `v0=${createHmac("sha256", "slack-secret").update(`v0:${ts}:${body}`).digest("hex")}`;
    const { json } = await postInbound(src.url, { body, headers: { "x-slack-request-timestamp": String(ts), "x-slack-signature": signature } });
    expect(json).toEqual({ challenge: "c-123" });
  });
});

describe("body size and encodings", () => {
  it("answers 413 when Content-Length declares too much, without reading", async () => {
    const src = await open({ maxBodyBytes: 2048 });
    const { response, json } = await postInbound(src.url, { body: "x".repeat(4096), headers: { "content-length": "4096" } });
    expect(response.status).toBe(413);
    expect(json.error?.code).toBe("payload_too_large");
    const row = await rejectedRow(response);
    expect(row).toMatchObject({ verdict: "rejected", reason: "body_too_large", body: null });
    expect(row.detail).toContain("2 KiB limit");
  });

  it("answers 413 when a streamed body without Content-Length grows past the cap", async () => {
    const src = await open({ maxBodyBytes: 4096 });
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        // An endless sender: the receiver must stop reading, or this test never ends.
        sent += 1024;
        controller.enqueue(new Uint8Array(1024));
      },
    });
    const { response } = await postInbound(src.url, { stream });
    expect(response.status).toBe(413);
    expect(sent).toBeLessThan(64 * 1024);
    expect((await rejectedRow(response)).reason).toBe("body_too_large");
  });

  it("accepts a body at exactly the cap", async () => {
    const src = await open({ maxBodyBytes: 2048 });
    expect((await postInbound(src.url, { body: "y".repeat(2048) })).response.status).toBe(200);
  });

  it("decodes gzip, deflate (zlib and raw) and br, storing the decoded bytes", async () => {
    const src = await open();
    const body = JSON.stringify({ hello: "world", n: [1, 2, 3] });
    const encoded: [string, Buffer][] = [
      ["gzip", gzipSync(body)],
      ["deflate", deflateSync(body)],
      ["deflate", deflateRawSync(body)],
      ["br", brotliCompressSync(body)],
      ["gzip, br", brotliCompressSync(gzipSync(body))],
    ];
    for (const [encoding, bytes] of encoded) {
      const { response, json } = await postInbound(src.url, { body: bytes, headers: { "content-encoding": encoding } });
      expect(response.status, encoding).toBe(200);
      expect((await storedRequest(json.id as string)).body?.toString()).toBe(body);
    }
  });

  it("answers 413 for a gzip bomb, and does not keep it", async () => {
    const src = await open();
    const bomb = gzipSync(Buffer.alloc(64 * 1024 * 1024));
    expect(bomb.length).toBeLessThan(1024 * 1024);
    const { response, json } = await postInbound(src.url, { body: bomb, headers: { "content-encoding": "gzip" } });
    expect(response.status).toBe(413);
    expect(json.error?.code).toBe("payload_too_large");
    const row = await rejectedRow(response);
    expect(row).toMatchObject({ reason: "inflated_too_large", body: null });
    expect(row.detail).toContain("inflates beyond");
  });

  it("answers 413 for a brotli bomb too", async () => {
    const src = await open({ maxBodyBytes: 64 * 1024 });
    const { response } = await postInbound(src.url, { body: brotliCompressSync(Buffer.alloc(8 * 1024 * 1024)), headers: { "content-encoding": "br" } });
    expect(response.status).toBe(413);
  });

  it("answers 415 for an unknown encoding and 400 for corrupt data, keeping the bytes", async () => {
    const src = await open();
    const unknown = await postInbound(src.url, { body: "abc", headers: { "content-encoding": "compress" } });
    expect(unknown.response.status).toBe(415);
    expect((await rejectedRow(unknown.response)).reason).toBe("unsupported_encoding");
    const corrupt = await postInbound(src.url, { body: "definitely not gzip", headers: { "content-encoding": "gzip" } });
    expect(corrupt.response.status).toBe(400);
    const row = await rejectedRow(corrupt.response);
    expect(row.reason).toBe("malformed_encoding");
    expect(row.body?.toString()).toBe("definitely not gzip");
  });
});

describe("IP allowlist", () => {
  it("accepts listed addresses (v4 and v6) and rejects others with 403, stored", async () => {
    const src = await open({ ipAllowlist: ["203.0.113.0/24", "2001:db8::/32"] });
    expect((await postInbound(src.url, { body: "{}", ip: "203.0.113.9" })).response.status).toBe(200);
    expect((await postInbound(src.url, { body: "{}", ip: "2001:db8::5" })).response.status).toBe(200);
    const denied = await postInbound(src.url, { body: "{}", ip: "198.51.100.1" });
    expect(denied.response.status).toBe(403);
    expect(denied.json.error?.code).toBe("ip_not_allowed");
    const row = await rejectedRow(denied.response);
    expect(row).toMatchObject({ verdict: "rejected", reason: "ip_not_allowed", ip: "198.51.100.1" });
    expect(row.detail).toContain("198.51.100.1 is not in this source's IP allowlist");
  });
});

describe("per-source rate limit on Redis", () => {
  let redis: Redis;
  beforeAll(() => {
    redis = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
    process.env.REDIS_URL = redisUrl;
    resetEnvForTests();
    resetRateLimiterForTests();
  });
  afterAll(async () => {
    delete process.env.REDIS_URL;
    resetEnvForTests();
    resetRateLimiterForTests();
    await closeRedis();
    await redis.quit();
  });

  it("answers 429 with Retry-After past the source's limit, and stores the refusal", async () => {
    const src = await open({ rateLimitPerMinute: 3 });
    await awayFromBoundary(60_000, 5_000);
    for (let i = 0; i < 3; i++) expect((await postInbound(src.url, { body: `{"n":${i}}` })).response.status).toBe(200);
    const limited = await postInbound(src.url, { body: '{"n":3}' });
    expect(limited.response.status).toBe(429);
    expect(Number(limited.response.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(limited.json.error?.code).toBe("rate_limited");
    expect(await rejectedRow(limited.response)).toMatchObject({ reason: "rate_limited", status: 429 });
    // The counter lives in Redis, not in this process.
    const keys = await redis.keys(`switchboard:ratelimit:inbound:${src.id}*`);
    expect(keys.length).toBeGreaterThan(0);
    await deleteKeys(redis, `switchboard:ratelimit:inbound:${src.id}`);
  });
});

describe("de-duplication", () => {
  it("drops a repeated delivery id and counts it on the original", async () => {
    const src = await open({ deduplicate: true, dedupHeader: "X-Delivery" });
    const first = await postInbound(src.url, { body: '{"a":1}', headers: { "x-delivery": "d-1" } });
    const again = await postInbound(src.url, { body: '{"a":1}', headers: { "x-delivery": "d-1" } });
    const third = await postInbound(src.url, { body: '{"a":1}', headers: { "x-delivery": "d-1" } });
    const other = await postInbound(src.url, { body: '{"a":2}', headers: { "x-delivery": "d-2" } });
    expect(first.response.status).toBe(200);
    expect(again.response.status).toBe(200);
    expect(again.json).toEqual({ id: first.json.id, status: "duplicate" });
    expect(third.response.headers.get("x-switchboard-duplicate-of")).toBe(first.json.id);
    expect(other.json.id).not.toBe(first.json.id);
    const rows = await requestsOf(src.id);
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({ id: first.json.id, duplicateCount: 2, dedupKey: "d-1" });
  });

  it("uses the provider's delivery id when no header is configured", async () => {
    const src = await open({ deduplicate: true, verification: { provider: "github", secret: "s" } });
    const { sign } = await import("@octokit/webhooks-methods");
    const headers = { "x-hub-signature-256": await sign("s", "{}"), "x-github-delivery": "gh-77" };
    await postInbound(src.url, { body: "{}", headers });
    expect((await postInbound(src.url, { body: "{}", headers })).json.status).toBe("duplicate");
  });

  it("does not de-duplicate when switched off", async () => {
    const src = await open({ dedupHeader: "X-Delivery" });
    await postInbound(src.url, { body: "{}", headers: { "x-delivery": "same" } });
    await postInbound(src.url, { body: "{}", headers: { "x-delivery": "same" } });
    expect(await requestsOf(src.id)).toHaveLength(2);
  });
});

describe("JSON Schema check", () => {
  it("rejects with 422 and a path, and accepts a matching body", async () => {
    const src = await open({ jsonSchema: { type: "object", required: ["id"], properties: { id: { type: "string" } } } });
    const bad = await postInbound(src.url, { body: JSON.stringify({ id: 5 }) });
    expect(bad.response.status).toBe(422);
    expect(await rejectedRow(bad.response)).toMatchObject({ reason: "schema_mismatch" });
    const notJson = await postInbound(src.url, { body: "id=5" });
    expect((await rejectedRow(notJson.response)).reason).toBe("invalid_json");
    expect((await postInbound(src.url, { body: JSON.stringify({ id: "x" }) })).response.status).toBe(200);

    await updateSource({ id: src.id, jsonSchema: { type: "object", required: ["other"] } }, ctx);
    expect((await postInbound(src.url, { body: JSON.stringify({ id: "x" }) })).response.status).toBe(422);
  });

  it("refuses to save an invalid schema", async () => {
    await expect(open({ jsonSchema: { type: "no-such-type" } })).rejects.toThrow();
  });
});

describe("a flood of rejections", () => {
  it("stores up to the limit and counts the rest on the source", async () => {
    const src = await open({ verification: { provider: "api_key_header", header: "X-Key", value: "k" } });
    const statuses = new Set<number>();
    for (let i = 0; i < 310; i++) statuses.add((await postInbound(src.url, { body: "{}" })).response.status);
    expect([...statuses]).toEqual([401]);
    await flushRejectionCounts();
    expect(await requestsOf(src.id)).toHaveLength(300);
    const [row] = await db().select().from(sources).where(eq(sources.id, src.id));
    expect(row.rejectionsNotStored).toBe(10);
  });
});

describe("when the database is down", () => {
  it("answers 503, never 2xx", async () => {
    const src = await open();
    expect((await postInbound(src.url, { body: "{}" })).response.status).toBe(200);
    const working = process.env.DATABASE_URL;
    await closeDb();
    process.env.DATABASE_URL = "postgres://postgres@127.0.0.1:1/nothing";
    resetEnvForTests();
    try {
      const down = await postInbound(src.url, { body: "{}" });
      expect(down.response.status).toBe(503);
      expect(down.json.error?.code).toBe("database_unavailable");
    } finally {
      await closeDb();
      process.env.DATABASE_URL = working;
      resetEnvForTests();
    }
  });
});
