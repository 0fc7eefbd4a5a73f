// The chaos receiver over a real HTTP socket: its route handler served by node:http on 127.0.0.1, called with fetch and
// with Switchboard's own webhook client (what an endpoint pointed at it gets). Latency is asserted as a lower bound only.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as route from "@/app/api/chaos/[[...path]]/route";
import { sendWebhook } from "@/lib/net/http-client";
import { CHAOS_LIMITS } from "@/lib/testing";

let server: http.Server;
let base: string;

beforeAll(async () => {
  server = http.createServer(async (req, res) => {
    const controller = new AbortController();
    res.on("close", () => controller.abort());
    const hasBody = !["GET", "HEAD"].includes(req.method ?? "GET");
    const headers = new Headers(Object.entries(req.headers).flatMap(([k, v]) => (typeof v === "string" ? [[k, v] as [string, string]] : [])));
    const request = new Request(`http://${req.headers.host}${req.url}`, {
      method: req.method,
      headers,
      signal: controller.signal,
      ...(hasBody ? { body: Readable.toWeb(req) as ReadableStream<Uint8Array>, duplex: "half" } : {}),
    } as RequestInit);
    const handler = route[req.method as "GET" | "POST" | "PUT" | "PATCH" | "DELETE"];
    const response = await handler(request);
    res.writeHead(response.status, Object.fromEntries(response.headers));
    res.end(Buffer.from(await response.arrayBuffer()));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/chaos`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const post = (query: string, path = "") => fetch(`${base}${path}${query}`, { method: "POST", headers: { "content-type": "application/json" }, body: '{"type":"ping"}' });

describe("chaos receiver", () => {
  it("answers 200 with a JSON description by default, on any path below it and any method", async () => {
    const response = await post("", "/orders/eu");
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ chaos: { status: 200, latency: 0 } });
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect((await fetch(`${base}?status=201`, { method: "PUT", body: "x" })).status).toBe(201);
    expect((await fetch(`${base}?status=202`)).status).toBe(202);
  });

  it("answers the status asked for, across the range", async () => {
    for (const status of [200, 204, 301, 404, 410, 429, 500, 503, 599]) {
      const response = await post(`?status=${status}`);
      expect(response.status).toBe(status);
      expect(response.headers.get("x-chaos-status")).toBe(String(status));
      await response.arrayBuffer();
    }
  });

  it("waits at least the latency asked for before answering", async () => {
    const started = performance.now();
    const response = await post("?status=503&latency=400");
    expect(response.status).toBe(503);
    expect(performance.now() - started).toBeGreaterThanOrEqual(400);
  });

  it("sets Retry-After, which Switchboard's webhook client reads as the delay asked for", async () => {
    const response = await post("?status=429&retryAfter=30");
    expect(response.headers.get("retry-after")).toBe("30");
    const result = await sendWebhook({ url: `${base}?status=503&retryAfter=120`, body: "{}", headers: { "content-type": "application/json" }, policy: { allowPrivate: true, allowlist: [] } });
    expect(result).toMatchObject({ ok: false, status: 503, errorClass: "http_status", retryAfterSeconds: 120 });
  });

  it("answers a body of exactly the size asked for", async () => {
    for (const size of [0, 1, 1024, CHAOS_LIMITS.maxBodyBytes]) {
      const response = await post(`?bodySize=${size}`);
      expect(response.status).toBe(200);
      expect((await response.arrayBuffer()).byteLength).toBe(size);
    }
  });

  it("times out Switchboard's client when the latency is past the endpoint's timeout", async () => {
    const started = performance.now();
    const result = await sendWebhook({ url: `${base}?latency=1500`, body: "{}", timeoutMs: 300, policy: { allowPrivate: true, allowlist: [] } });
    expect(result).toMatchObject({ ok: false, errorClass: "timeout" });
    expect(performance.now() - started).toBeGreaterThanOrEqual(300);
  });

  it("refuses parameters out of range, malformed, repeated or unknown with a 400 naming each", async () => {
    const cases: [string, string, RegExp][] = [
      ["?status=99", "status", /at least 200/],
      ["?status=600", "status", /at most 599/],
      ["?status=abc", "status", /whole number/],
      ["?latency=30001", "latency", /at most 30000 milliseconds/],
      ["?latency=-5", "latency", /whole number/],
      ["?latency=1.5", "latency", /whole number/],
      ["?retryAfter=86401", "retryAfter", /at most 86400 seconds/],
      ["?bodySize=1048577", "bodySize", /at most 1048576 bytes/],
      ["?status=204&bodySize=10", "bodySize", /has no body/],
      ["?status=500&status=200", "status", /more than once/],
      ["?latncy=100", "latncy", /not a chaos parameter/],
      ["?url=http://169.254.169.254/", "url", /not a chaos parameter/],
    ];
    for (const [query, path, message] of cases) {
      const response = await post(query);
      expect(response.status, query).toBe(400);
      const { error } = (await response.json()) as { error: { code: string; message: string; issues: { path: string; message: string }[] } };
      expect(error.code).toBe("bad_request");
      expect(error.issues.map((i) => i.path), query).toContain(path);
      expect(error.message, query).toMatch(message);
    }
  });

  it("holds at most its cap of delayed requests at once, refusing more with 429 until they finish", async () => {
    const held = Array.from({ length: CHAOS_LIMITS.maxWaiting }, () => fetch(`${base}?latency=1500`));
    // Each held request is counted once its handler runs; a refusal is the positive signal that the cap is reached.
    let refused: Response | undefined;
    for (let i = 0; i < 100 && !refused; i++) {
      const response = await fetch(`${base}?latency=10`);
      if (response.status === 429) refused = response;
      else await response.arrayBuffer();
    }
    expect(refused?.status).toBe(429);
    expect(refused?.headers.get("retry-after")).toBe("1");
    expect(((await refused!.json()) as { error: { code: string } }).error.code).toBe("rate_limited");
    const answers = await Promise.all(held);
    expect(answers.every((r) => r.status === 200)).toBe(true);
    // Once they are answered the receiver takes delayed requests again.
    expect((await fetch(`${base}?latency=10`)).status).toBe(200);
  });
});
