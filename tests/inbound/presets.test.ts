// Every verification preset through the real receiver (/in/<token>): requests signed by the published vectors and by
// the providers' own libraries are accepted and stored; tampered, wrongly keyed, stale and unsigned ones answer 401
// with their own reason and are stored with it.
import { createHmac } from "node:crypto";
import { sign as octokitSign } from "@octokit/webhooks-methods";
import { Webhook } from "standardwebhooks";
import Stripe from "stripe";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { env } from "@/lib/platform/env";
import { createSource } from "@/lib/inbound/sources";
import type { InboundVerification } from "@/lib/signing/providers";
import { generateEndpointSecret } from "@/lib/signing/standard-webhooks";
import type { RequestContext } from "@/lib/api/request-context";
import { createOwner } from "@/tests/helpers/factories";
import { vectors } from "@/tests/signing/vectors";
import { postInbound, storedRequest, tokenOf } from "./helpers";

const stripe = new Stripe("sk_test_x");
const hmac = (algorithm: string, key: string | Buffer, data: string | Buffer) => createHmac(algorithm, key).update(data).digest();

let ctx: RequestContext;
let counter = 0;
beforeAll(async () => {
  ctx = (await createOwner()).ctx;
});
afterEach(() => {
  vi.useRealTimers();
});

async function source(verification: InboundVerification) {
  return createSource({ name: `source ${++counter}`, verification }, ctx);
}

/** Freezes only Date, so a vector's fixed timestamp is "now" while database and socket timers run normally. */
function at(unixSeconds: number) {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(unixSeconds * 1000);
}

async function expectAccepted(url: string, body: string, headers: Record<string, string>, extra: { contentType?: string } = {}) {
  const { response, json } = await postInbound(url, { body, headers: { "content-type": extra.contentType ?? "application/json", ...headers } });
  expect(json).toMatchObject({ status: "accepted" });
  expect(response.status).toBe(200);
  const row = await storedRequest(json.id as string);
  expect(row.verdict).toBe("accepted");
  expect(row.body?.toString("utf8")).toBe(body);
  return row;
}

describe("published vectors, through the receiver", () => {
  it("standard_webhooks", async () => {
    for (const v of vectors.standard_webhooks.cases) {
      const src = await source({ provider: "standard_webhooks", secret: v.secret });
      at(v.timestamp);
      const row = await expectAccepted(src.url, v.body, { "webhook-id": v.id, "webhook-timestamp": String(v.timestamp), "webhook-signature": v.signature });
      expect(row.deliveryId).toBe(v.id);
    }
  });

  it("stripe", async () => {
    for (const v of vectors.stripe.cases) {
      const src = await source({ provider: "stripe", secret: v.secret });
      at(v.t);
      await expectAccepted(src.url, v.body, { "stripe-signature": `t=${v.t},v1=${v.v1}` });
    }
  });

  it("github", async () => {
    for (const v of vectors.github.cases) {
      const src = await source({ provider: "github", secret: v.secret });
      const row = await expectAccepted(src.url, v.body, { "x-hub-signature-256": v.signature, "x-github-delivery": "72d3162e" });
      expect(row.deliveryId).toBe("72d3162e");
    }
  });

  it("slack (form-encoded slash command)", async () => {
    for (const v of vectors.slack.cases) {
      const src = await source({ provider: "slack", secret: v.secret });
      at(v.timestamp);
      await expectAccepted(src.url, v.body, { "x-slack-request-timestamp": String(v.timestamp), "x-slack-signature": v.signature }, { contentType: "application/x-www-form-urlencoded" });
    }
  });

  it("shopify", async () => {
    for (const v of vectors.shopify.cases) {
      const src = await source({ provider: "shopify", secret: v.secret });
      await expectAccepted(src.url, v.body, { "x-shopify-hmac-sha256": v.signature });
    }
  });
});

type Case = {
  preset: (secret: string) => InboundVerification;
  secret: () => string;
  sign: (secret: string, body: string, timestamp: number, url: string) => Promise<Record<string, string>>;
  signatureHeader: string;
  timestamped: boolean;
  contentType?: string;
};

const now = () => Math.floor(Date.now() / 1000);

/** Twilio's algorithm written out independently: HMAC-SHA1 over the URL and the sorted form parameters. */
function twilioSignature(secret: string, url: string, body: string): string {
  const params = new URLSearchParams(body);
  const data = url + [...params.keys()].sort().map((k) => k + params.get(k)).join("");
  return hmac("sha1", secret, data).toString("base64");
}

const cases: Record<string, Case> = {
  "standard_webhooks (standardwebhooks library)": {
    preset: (secret) => ({ provider: "standard_webhooks", secret }),
    secret: () => generateEndpointSecret(),
    sign: async (secret, body, ts) => ({
      "webhook-id": "msg_lib",
      "webhook-timestamp": String(ts),
      "webhook-signature": new Webhook(secret).sign("msg_lib", new Date(ts * 1000), body),
    }),
    signatureHeader: "webhook-signature",
    timestamped: true,
  },
  "stripe (stripe library)": {
    preset: (secret) => ({ provider: "stripe", secret }),
    secret: () => "whsec_route_test",
    sign: async (secret, payload, timestamp) => ({ "stripe-signature": stripe.webhooks.generateTestHeaderString({ payload, secret, timestamp }) }),
    signatureHeader: "stripe-signature",
    timestamped: true,
  },
  "github (@octokit/webhooks-methods)": {
    preset: (secret) => ({ provider: "github", secret }),
    secret: () => "octokit secret",
    sign: async (secret, body) => ({ "x-hub-signature-256": await octokitSign(secret, body), "x-github-delivery": "gh-1" }),
    signatureHeader: "x-hub-signature-256",
    timestamped: false,
  },
  shopify: {
    preset: (secret) => ({ provider: "shopify", secret }),
    secret: () => "shopify secret",
    sign: async (secret, body) => ({ "x-shopify-hmac-sha256": hmac("sha256", secret, body).toString("base64") }),
    signatureHeader: "x-shopify-hmac-sha256",
    timestamped: false,
  },
  slack: {
    preset: (secret) => ({ provider: "slack", secret }),
    secret: () => "slack signing secret",
    sign: async (secret, body, ts) => ({ "x-slack-request-timestamp": String(ts), "x-slack-signature": `v0=${hmac("sha256", secret, `v0:${ts}:${body}`).toString("hex")}` }),
    signatureHeader: "x-slack-signature",
    timestamped: true,
  },
  twilio: {
    preset: (secret) => ({ provider: "twilio", secret }),
    secret: () => "twilio auth token",
    sign: async (secret, body, _ts, url) => ({ "x-twilio-signature": twilioSignature(secret, url, body) }),
    signatureHeader: "x-twilio-signature",
    timestamped: false,
    contentType: "application/x-www-form-urlencoded",
  },
  generic_hmac: {
    preset: (secret) => ({
      provider: "generic_hmac",
      secret,
      algorithm: "sha1",
      header: "X-Hook-Signature",
      encoding: "hex",
      prefix: "sha1=",
      signedContent: "{timestamp}:{body}",
      timestampHeader: "X-Hook-Time",
    }),
    secret: () => "generic secret",
    sign: async (secret, body, ts) => ({ "x-hook-time": String(ts), "x-hook-signature": `sha1=${hmac("sha1", secret, `${ts}:${body}`).toString("hex")}` }),
    signatureHeader: "x-hook-signature",
    timestamped: true,
  },
  basic_auth: {
    preset: (secret) => ({ provider: "basic_auth", username: "hooks", password: secret }),
    secret: () => "correct horse",
    sign: async (secret) => ({ authorization: `Basic ${Buffer.from(`hooks:${secret}`).toString("base64")}` }),
    signatureHeader: "authorization",
    timestamped: false,
  },
  api_key_header: {
    preset: (secret) => ({ provider: "api_key_header", header: "X-Api-Key", value: secret }),
    secret: () => "key_123",
    sign: async (secret) => ({ "x-api-key": secret }),
    signatureHeader: "x-api-key",
    timestamped: false,
  },
};

describe.each(Object.entries(cases))("%s, through the receiver", (_name, c) => {
  const body = (c.contentType ?? "").includes("form") ? "Digits=1234&From=%2B12349013030&CallSid=CA1" : JSON.stringify({ id: "evt_1", amount: 1200, note: "café" });
  const signedUrl = (url: string) => new URL(new URL(url).pathname, env().APP_URL).toString();

  async function post(url: string, payload: string, headers: Record<string, string>) {
    return postInbound(url, { body: payload, headers: { "content-type": c.contentType ?? "application/json", ...headers } });
  }

  async function expectRejected(result: Awaited<ReturnType<typeof post>>, reason: string) {
    expect(result.response.status).toBe(401);
    expect(result.json.error?.code).toBe("unauthorized");
    expect(result.json.error?.message).toContain(reason);
    const row = await storedRequest(result.response.headers.get("x-switchboard-request-id")!);
    expect(row).toMatchObject({ verdict: "rejected", status: 401, reason });
    expect(row.detail).toBeTruthy();
    return row;
  }

  it("accepts a correctly signed request and stores it byte for byte", async () => {
    const secret = c.secret();
    const src = await source(c.preset(secret));
    const { response, json } = await post(src.url, body, await c.sign(secret, body, now(), signedUrl(src.url)));
    expect(response.status).toBe(200);
    expect((await storedRequest(json.id as string)).body?.equals(Buffer.from(body))).toBe(true);
  });

  it("rejects a tampered body", async () => {
    const secret = c.secret();
    const src = await source(c.preset(secret));
    const headers = await c.sign(secret, body, now(), signedUrl(src.url));
    const tampered = body.replace("1200", "1201").replace("1234", "1235");
    const result = await post(src.url, tampered, headers);
    if (["basic_auth", "api_key_header"].includes(c.preset("x").provider)) {
      // Credentials do not cover the body: a changed body is still accepted, which is why HMAC presets exist.
      expect(result.response.status).toBe(200);
      return;
    }
    await expectRejected(result, "no_matching_signature");
  });

  it("rejects the wrong secret", async () => {
    const src = await source(c.preset(c.secret()));
    const other = c.preset("x").provider === "standard_webhooks" ? generateEndpointSecret() : `${c.secret()}-other`;
    const headers = await c.sign(other, body, now(), signedUrl(src.url));
    const reason = ["basic_auth", "api_key_header"].includes(c.preset("x").provider) ? "invalid_credentials" : "no_matching_signature";
    await expectRejected(await post(src.url, body, headers), reason);
  });

  it("rejects a missing signature header", async () => {
    const secret = c.secret();
    const src = await source(c.preset(secret));
    const headers = await c.sign(secret, body, now(), signedUrl(src.url));
    delete headers[c.signatureHeader];
    await expectRejected(await post(src.url, body, headers), "missing_header");
  });

  it.runIf(c.timestamped)("rejects an old timestamp and says how old", async () => {
    const secret = c.secret();
    const src = await source(c.preset(secret));
    const row = await expectRejected(await post(src.url, body, await c.sign(secret, body, now() - 540, signedUrl(src.url))), "timestamp_too_old");
    expect(row.detail).toMatch(/timestamp is 9 min( \d+ s)? old \(tolerance 5 min\)/);
  });
});

describe("explanations a user can act on", () => {
  it("says when the signature was computed over re-serialized JSON", async () => {
    const secret = "whsec_reserialized";
    const src = await source({ provider: "stripe", secret });
    const pretty = JSON.stringify({ id: "evt_1", amount: 1200 }, null, 2);
    const compact = JSON.stringify(JSON.parse(pretty));
    const headers = { "stripe-signature": stripe.webhooks.generateTestHeaderString({ payload: compact, secret }) };
    const { response, json } = await postInbound(src.url, { body: pretty, headers });
    expect(response.status).toBe(401);
    const row = await storedRequest(response.headers.get("x-switchboard-request-id")!);
    expect(row.reason).toBe("reserialized_json");
    expect(row.detail).toContain("signature computed over re-serialized JSON");
    // The sender is told only the reason code, not how the source is configured.
    expect(JSON.stringify(json)).not.toContain("re-serialized");
    expect(json.error?.message).toBe("Verification failed (reserialized_json).");
  });

  it("accepts an unsigned request on a source without verification", async () => {
    const src = await source({ provider: "none" });
    const { response } = await postInbound(src.url, { body: "hello", headers: { "content-type": "text/plain" } });
    expect(response.status).toBe(200);
    expect(tokenOf(src.url).length).toBeGreaterThanOrEqual(22);
  });
});
