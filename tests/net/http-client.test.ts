// Every request here goes to the chaos receiver on 127.0.0.1; other hosts only ever reach the injected fake resolver.
import http from "node:http";
import { setImmediate as nextIoTurn } from "node:timers/promises";
import type { AddressInfo, LookupFunction } from "node:net";
import { Agent, buildConnector, request } from "undici";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  closeHttpClient,
  createSafeAgent,
  guardPeerAddress,
  sendWebhook,
  SsrfBlockedError,
  type SafeAgent,
} from "@/lib/net/http-client";
import type { TargetPolicy } from "@/lib/net/ssrf";
import { startChaosReceiver, type ChaosReceiver } from "@/tests/helpers/chaos-receiver";

const openPolicy: TargetPolicy = { allowPrivate: true, allowlist: [] };
const closedPolicy: TargetPolicy = { allowPrivate: false, allowlist: [] };

/** A resolver that answers from a table, asynchronously like dns.lookup, and records the names it was asked. */
function fakeDns(table: Record<string, string[]>, asked: string[] = []): LookupFunction {
  return (hostname, options, callback) => {
    asked.push(hostname);
    setImmediate(() => {
      const list = table[hostname];
      if (!list) {
        return callback(Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: "ENOTFOUND" }), []);
      }
      const addresses = list.map((address) => ({ address, family: address.includes(":") ? 6 : 4 }));
      if (options.all) callback(null, addresses);
      else callback(null, addresses[0].address, addresses[0].family);
    });
  };
}

let receiver: ChaosReceiver;
const agents: Agent[] = [];
const track = <A extends Agent>(agent: A) => {
  agents.push(agent);
  return agent;
};

beforeAll(async () => {
  receiver = await startChaosReceiver();
});

afterAll(async () => {
  await closeHttpClient();
  await Promise.all(agents.map((agent) => agent.close()));
  await receiver.close();
});

describe("sendWebhook against the chaos receiver", () => {
  beforeEach(async () => {
    // A fresh pool per test, so connection counts and reuse are about that test alone.
    await closeHttpClient();
  });

  it("delivers a 2xx and reports status, headers and body", async () => {
    const result = await sendWebhook({
      url: `${receiver.url}/ok`,
      headers: { "content-type": "application/json", "webhook-id": "msg_1" },
      body: '{"type":"invoice.paid"}',
      policy: openPolicy,
    });
    expect(result).toMatchObject({
      ok: true,
      status: 200,
      body: '{"received":true}',
      bodyTruncated: false,
      abortRequested: false,
    });
    expect(result.errorClass).toBeUndefined();
    expect(result.headers?.["content-type"]).toBe("application/json");
    const [seen] = receiver.requestsTo("/ok").slice(-1);
    expect(seen).toMatchObject({ method: "POST", body: '{"type":"invoice.paid"}' });
    expect(seen.headers["webhook-id"]).toBe("msg_1");
  });

  it("uses the environment's policy when none is given", async () => {
    // The test environment sets ALLOW_PRIVATE_TARGETS, which is what lets loopback through here.
    const result = await sendWebhook({ url: `${receiver.url}/ok`, body: "{}" });
    expect(result).toMatchObject({ ok: true, status: 200 });
  });

  it("reports a 500 as an http_status failure", async () => {
    const result = await sendWebhook({ url: `${receiver.url}/fail`, body: "{}", policy: openPolicy });
    expect(result).toMatchObject({ ok: false, status: 500, errorClass: "http_status", body: "internal error" });
  });

  it("reports a 410 as an http_status failure", async () => {
    const result = await sendWebhook({ url: `${receiver.url}/gone`, body: "{}", policy: openPolicy });
    expect(result).toMatchObject({ ok: false, status: 410, errorClass: "http_status" });
  });

  it("reads Retry-After in seconds from a 429", async () => {
    const result = await sendWebhook({ url: `${receiver.url}/rate-limited?retry-after=90`, body: "{}", policy: openPolicy });
    expect(result).toMatchObject({ ok: false, status: 429, errorClass: "http_status", retryAfterSeconds: 90 });
  });

  it("reads Retry-After given as an HTTP date", async () => {
    const at = new Date(Date.now() + 3600_000).toUTCString();
    const result = await sendWebhook({
      url: `${receiver.url}/rate-limited?retry-after=${encodeURIComponent(at)}`,
      body: "{}",
      policy: openPolicy,
    });
    expect(result.status).toBe(429);
    expect(result.retryAfterSeconds).toBeGreaterThan(3000);
    expect(result.retryAfterSeconds).toBeLessThanOrEqual(3600);
  });

  it("does not follow a redirect, and the redirect target is never requested", async () => {
    const result = await sendWebhook({ url: `${receiver.url}/redirect`, body: "{}", policy: openPolicy });
    expect(result).toMatchObject({ ok: false, status: 302, errorClass: "redirect" });
    expect(result.errorMessage).toContain("/redirect-target");
    expect(receiver.requestsTo("/redirect")).toHaveLength(1);
    expect(receiver.requestsTo("/redirect-target")).toHaveLength(0);
  });

  it("cuts a receiver that never answers at the deadline", async () => {
    const result = await sendWebhook({ url: `${receiver.url}/hang`, body: "{}", timeoutMs: 500, policy: openPolicy });
    expect(result).toMatchObject({ ok: false, errorClass: "timeout" });
    expect(result.status).toBeUndefined();
    expect(receiver.requestsTo("/hang").length).toBeGreaterThan(0);
  });

  it("cuts a receiver that drips one byte per second at the deadline", async () => {
    const result = await sendWebhook({ url: `${receiver.url}/drip`, body: "{}", timeoutMs: 500, policy: openPolicy });
    expect(result).toMatchObject({ ok: false, status: 200, errorClass: "timeout" });
  });

  it("does not let a steady drip extend the deadline the way an idle timer would", async () => {
    // A byte every 100 ms keeps any per-read idle timer from firing; only the total deadline can end this.
    const result = await sendWebhook({ url: `${receiver.url}/drip?every=100`, body: "{}", timeoutMs: 500, policy: openPolicy });
    expect(result).toMatchObject({ ok: false, status: 200, errorClass: "timeout" });
  });

  it("reads only the first 20 KB of a 10 MB body", async () => {
    const result = await sendWebhook({ url: `${receiver.url}/big`, body: "{}", policy: openPolicy });
    expect(result).toMatchObject({ ok: true, status: 200, bodyTruncated: true });
    expect(result.body).toHaveLength(20 * 1024);
    expect(result.body).toBe("a".repeat(20 * 1024));
  });

  it("honours a smaller maxResponseBytes and does not mark a body that fits as truncated", async () => {
    const small = await sendWebhook({ url: `${receiver.url}/ok`, body: "{}", maxResponseBytes: 5, policy: openPolicy });
    expect(small).toMatchObject({ body: '{"rec', bodyTruncated: true });
    const exact = await sendWebhook({ url: `${receiver.url}/ok`, body: "{}", maxResponseBytes: 17, policy: openPolicy });
    expect(exact).toMatchObject({ body: '{"received":true}', bodyTruncated: false });
  });

  it("reports webhook-delivery: abort-message", async () => {
    const result = await sendWebhook({ url: `${receiver.url}/abort`, body: "{}", policy: openPolicy });
    expect(result).toMatchObject({ ok: false, status: 400, abortRequested: true });
    const plain = await sendWebhook({ url: `${receiver.url}/fail`, body: "{}", policy: openPolicy });
    expect(plain.abortRequested).toBe(false);
  });

  it("reuses one keep-alive connection for consecutive deliveries to the same origin", async () => {
    const before = receiver.connections();
    await sendWebhook({ url: `${receiver.url}/ok`, body: "1", policy: openPolicy });
    // undici marks a connection idle again one I/O turn after its response ends; a request sent sooner opens a second
    // connection, which is then reused too (see the next test).
    await nextIoTurn();
    await sendWebhook({ url: `${receiver.url}/ok`, body: "2", policy: openPolicy });
    const [first, second] = receiver.requestsTo("/ok").slice(-2);
    expect(first.body).toBe("1");
    expect(second.body).toBe("2");
    expect(second.remotePort).toBe(first.remotePort);
    expect(receiver.connections() - before).toBe(1);
  });

  it("keeps reusing pooled connections for back-to-back deliveries", async () => {
    const before = receiver.connections();
    for (let i = 0; i < 6; i++) await sendWebhook({ url: `${receiver.url}/ok`, body: String(i), policy: openPolicy });
    const ports = receiver.requestsTo("/ok").slice(-6).map((r) => r.remotePort);
    expect(new Set(ports).size).toBeLessThanOrEqual(2);
    expect(receiver.connections() - before).toBeLessThanOrEqual(2);
  });

  it("refuses a loopback target when the policy disallows private targets, without connecting", async () => {
    const before = receiver.connections();
    for (const host of ["127.0.0.1", "localhost", "[::ffff:127.0.0.1]", "2130706433"]) {
      const result = await sendWebhook({ url: `https://${host}:${receiver.port}/ok`, body: "{}", policy: closedPolicy });
      expect(result, host).toMatchObject({ ok: false, errorClass: "ssrf_blocked" });
    }
    expect(receiver.connections()).toBe(before);
  });

  it("reports an invalid URL without any network activity", async () => {
    expect(await sendWebhook({ url: "not a url", policy: openPolicy })).toMatchObject({ ok: false, errorClass: "invalid_url" });
    expect(await sendWebhook({ url: `http://u:p@127.0.0.1:${receiver.port}/ok`, policy: openPolicy })).toMatchObject({
      ok: false,
      errorClass: "invalid_url",
    });
  });

  it("reports a refused connection as a connect failure", async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const result = await sendWebhook({ url: `http://127.0.0.1:${port}/`, body: "{}", policy: openPolicy });
    expect(result).toMatchObject({ ok: false, errorClass: "connect" });
    expect(result.status).toBeUndefined();
  });

  it("reports a failed TLS handshake as a tls failure", async () => {
    // The receiver speaks plain HTTP, so the client's TLS handshake cannot succeed.
    const result = await sendWebhook({ url: `https://127.0.0.1:${receiver.port}/ok`, body: "{}", policy: openPolicy });
    expect(result).toMatchObject({ ok: false, errorClass: "tls" });
  });
});

describe("DNS answers are checked before connecting", () => {
  const hostname = "hooks.example.test";

  it("refuses a name that resolves to loopback: no connection is made", async () => {
    const asked: string[] = [];
    const agent = track(createSafeAgent({ policy: closedPolicy, lookup: fakeDns({ [hostname]: ["127.0.0.1"] }, asked) }));
    const before = receiver.connections();
    const result = await sendWebhook({
      url: `https://${hostname}:${receiver.port}/ok`,
      body: "{}",
      policy: closedPolicy,
      agent,
    });
    expect(result).toMatchObject({ ok: false, errorClass: "ssrf_blocked" });
    // The caller learns that the address is refused, not which internal address (or kind of address) the name has.
    expect(result.errorMessage).toBe(`${hostname} resolves to an address webhooks may not be sent to.`);
    expect(result.errorMessage).not.toMatch(/127\.0\.0\.1|loopback/);
    expect(asked).toContain(hostname);
    expect(receiver.connections()).toBe(before);
    expect(receiver.requests.filter((r) => r.headers.host?.startsWith(hostname))).toHaveLength(0);
  });

  it("refuses a name when any of its addresses is forbidden", async () => {
    const policy: TargetPolicy = { allowPrivate: false, allowlist: ["127.0.0.0/8"] };
    const agent = track(createSafeAgent({ policy, lookup: fakeDns({ [hostname]: ["127.0.0.1", "10.0.0.7"] }) }));
    const before = receiver.connections();
    const result = await sendWebhook({ url: `http://${hostname}:${receiver.port}/ok`, body: "{}", policy, agent });
    expect(result).toMatchObject({ ok: false, errorClass: "ssrf_blocked" });
    expect(result.errorMessage).not.toMatch(/10\.0\.0\.7|127\.0\.0\.1|private/);
    expect(receiver.connections()).toBe(before);
  });

  it("connects to the resolved address when the policy allows it", async () => {
    const agent = track(createSafeAgent({ policy: openPolicy, lookup: fakeDns({ [hostname]: ["127.0.0.1"] }) }));
    const result = await sendWebhook({ url: `http://${hostname}:${receiver.port}/ok`, body: "via dns", policy: openPolicy, agent });
    expect(result).toMatchObject({ ok: true, status: 200 });
    const [seen] = receiver.requestsTo("/ok").slice(-1);
    expect(seen).toMatchObject({ body: "via dns" });
    expect(seen.headers.host).toBe(`${hostname}:${receiver.port}`);
  });

  it("reports a name that does not resolve as a dns failure", async () => {
    const agent: SafeAgent = track(createSafeAgent({ policy: openPolicy, lookup: fakeDns({}) }));
    const result = await sendWebhook({ url: `http://nowhere.example.test:${receiver.port}/ok`, body: "{}", policy: openPolicy, agent });
    expect(result).toMatchObject({ ok: false, errorClass: "dns" });
  });
});

describe("the connected socket's peer is checked again", () => {
  it("destroys a connection whose peer is forbidden before any request is written", async () => {
    // The resolver here is deliberately unguarded, as if DNS had changed its answer between check and connect:
    // only the peer-address check stands between the request and the loopback receiver.
    const unguarded = buildConnector({ lookup: fakeDns({ "rebind.example.test": ["127.0.0.1"] }) });
    const agent = track(new Agent({ connect: guardPeerAddress(unguarded, closedPolicy) }));
    const connectionsBefore = receiver.connections();
    const requestsBefore = receiver.requests.length;

    const attempt = request(`http://rebind.example.test:${receiver.port}/ok`, { method: "POST", body: "{}", dispatcher: agent });
    await expect(attempt).rejects.toBeInstanceOf(SsrfBlockedError);

    // The TCP connection was opened (that is what the check inspects) but no request reached the receiver.
    expect(receiver.connections()).toBeGreaterThan(connectionsBefore);
    expect(receiver.requests.length).toBe(requestsBefore);
  });

  it("refuses an IP-literal host before connecting, since Node skips DNS for those", async () => {
    const agent = track(new Agent({ connect: guardPeerAddress(buildConnector({}), closedPolicy) }));
    const before = receiver.connections();
    await expect(request(`http://127.0.0.1:${receiver.port}/ok`, { dispatcher: agent })).rejects.toBeInstanceOf(SsrfBlockedError);
    expect(receiver.connections()).toBe(before);
  });
});
