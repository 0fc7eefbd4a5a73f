import { createHash, createHmac } from "node:crypto";
import { sign as octokitSign } from "@octokit/webhooks-methods";
import fc from "fast-check";
import { Webhook } from "standardwebhooks";
import Stripe from "stripe";
import { describe, expect, it } from "vitest";
import { generateEndpointSecret } from "@/lib/signing/standard-webhooks";
import {
  inboundVerificationSchema,
  verifyInbound,
  type InboundVerification,
  type InboundVerifyResult,
} from "@/lib/signing/providers";
import { vectors } from "./vectors";

const stripe = new Stripe("sk_test_x");
const URL_ = "https://hooks.example.com/in/src_token";
const NOW = 1_700_000_000;

const hmacOf = (algorithm: string, key: string | Buffer, data: string | Buffer) => createHmac(algorithm, key).update(data).digest();

function check(
  preset: InboundVerification,
  body: string | Buffer,
  headers: Record<string, string>,
  options: { now?: number; url?: string } = {},
): InboundVerifyResult {
  return verifyInbound(preset, {
    rawBody: Buffer.isBuffer(body) ? body : Buffer.from(body, "utf8"),
    headers,
    url: options.url ?? URL_,
    now: options.now ?? NOW,
  });
}

/**
 * How each signed preset's sender would sign a request, using the provider's own library where one exists,
 * so the tests do not merely agree with our implementation.
 */
type Signer = {
  preset: (secret: string) => InboundVerification;
  secret: () => string;
  sign: (secret: string, body: string, timestamp: number) => Promise<Record<string, string>>;
  signatureHeader: string;
  timestamped: boolean;
};

const signers: Record<string, Signer> = {
  standard_webhooks: {
    preset: (secret) => ({ provider: "standard_webhooks", secret }),
    secret: () => generateEndpointSecret(),
    sign: async (secret, body, timestamp) => ({
      "webhook-id": "msg_1",
      "webhook-timestamp": String(timestamp),
      "webhook-signature": new Webhook(secret).sign("msg_1", new Date(timestamp * 1000), body),
    }),
    signatureHeader: "webhook-signature",
    timestamped: true,
  },
  stripe: {
    preset: (secret) => ({ provider: "stripe", secret }),
    secret: () => "whsec_stripe_test_secret",
    sign: async (secret, payload, timestamp) => ({
      "stripe-signature": stripe.webhooks.generateTestHeaderString({ payload, secret, timestamp }),
    }),
    signatureHeader: "stripe-signature",
    timestamped: true,
  },
  github: {
    preset: (secret) => ({ provider: "github", secret }),
    secret: () => "It's a Secret to Everybody",
    sign: async (secret, body) => ({ "x-hub-signature-256": await octokitSign(secret, body), "x-github-delivery": "d-1" }),
    signatureHeader: "x-hub-signature-256",
    timestamped: false,
  },
  shopify: {
    preset: (secret) => ({ provider: "shopify", secret }),
    secret: () => "shopify_secret",
    sign: async (secret, body) => ({ "x-shopify-hmac-sha256": hmacOf("sha256", secret, body).toString("base64") }),
    signatureHeader: "x-shopify-hmac-sha256",
    timestamped: false,
  },
  slack: {
    preset: (secret) => ({ provider: "slack", secret }),
    secret: () => "8f742231b10e8888abcd99yyyzzz85a5",
    sign: async (secret, body, timestamp) => ({
      "x-slack-request-timestamp": String(timestamp),
      "x-slack-signature": `v0=${hmacOf("sha256", secret, `v0:${timestamp}:${body}`).toString("hex")}`,
    }),
    signatureHeader: "x-slack-signature",
    timestamped: true,
  },
  generic_hmac: {
    preset: (secret) => ({
      provider: "generic_hmac",
      secret,
      algorithm: "sha512",
      header: "X-Signature",
      encoding: "base64",
      prefix: "sha512=",
      signedContent: "{timestamp}.{body}",
      timestampHeader: "X-Timestamp",
    }),
    secret: () => "generic secret",
    sign: async (secret, body, timestamp) => ({
      "x-timestamp": String(timestamp),
      "x-signature": `sha512=${hmacOf("sha512", secret, `${timestamp}.${body}`).toString("base64")}`,
    }),
    signatureHeader: "x-signature",
    timestamped: true,
  },
};

describe.each(Object.entries(signers))("%s: the common rejections", (_name, signer) => {
  const body = JSON.stringify({ id: "evt_1", amount: 1200, note: "café" });

  it("accepts a request signed by the provider's own method", async () => {
    const secret = signer.secret();
    const result = check(signer.preset(secret), body, await signer.sign(secret, body, NOW));
    expect(result.ok).toBe(true);
    expect(result.ok && result.timestamp).toBe(signer.timestamped ? NOW : undefined);
  });

  it("rejects a tampered body as no_matching_signature", async () => {
    const secret = signer.secret();
    const headers = await signer.sign(secret, body, NOW);
    expect(check(signer.preset(secret), body.replace("1200", "1201"), headers)).toMatchObject({
      ok: false,
      reason: "no_matching_signature",
    });
  });

  it("rejects a request signed with another secret as no_matching_signature", async () => {
    const headers = await signer.sign(signer.secret(), body, NOW);
    expect(check(signer.preset(generateEndpointSecret()), body, headers)).toMatchObject({ ok: false, reason: "no_matching_signature" });
  });

  it("rejects a missing signature header as missing_header", async () => {
    const secret = signer.secret();
    const headers = await signer.sign(secret, body, NOW);
    delete headers[signer.signatureHeader];
    expect(check(signer.preset(secret), body, headers)).toMatchObject({ ok: false, reason: "missing_header" });
  });

  it("explains a signature computed over re-serialized JSON", async () => {
    const secret = signer.secret();
    const compact = JSON.stringify({ id: "evt_1", amount: 1200 });
    const pretty = JSON.stringify({ id: "evt_1", amount: 1200 }, null, 2);
    const sentPretty = check(signer.preset(secret), pretty, await signer.sign(secret, compact, NOW));
    expect(sentPretty).toMatchObject({ ok: false, reason: "reserialized_json" });
    if (!sentPretty.ok) expect(sentPretty.detail).toContain("signature computed over re-serialized JSON");
    const signedPretty = check(signer.preset(secret), compact, await signer.sign(secret, pretty, NOW));
    expect(signedPretty).toMatchObject({ ok: false, reason: "reserialized_json" });
  });

  it("property: any signed body verifies, and any single-byte change does not", async () => {
    const secret = signer.secret();
    await fc.assert(
      fc.asyncProperty(
        fc.string({ minLength: 1, maxLength: 200 }),
        fc.nat(),
        fc.integer({ min: 1, max: 255 }),
        async (text, at, delta) => {
          const headers = await signer.sign(secret, text, NOW);
          expect(check(signer.preset(secret), text, headers).ok).toBe(true);
          const bytes = Buffer.from(text, "utf8");
          bytes[at % bytes.length] = (bytes[at % bytes.length] + delta) % 256;
          expect(check(signer.preset(secret), bytes, headers).ok).toBe(false);
        },
      ),
      { numRuns: 40 },
    );
  });
});

const timestamped = Object.entries(signers).filter(([, signer]) => signer.timestamped);

describe.each(timestamped)("%s: replay protection", (_name, signer) => {
  const body = JSON.stringify({ id: "evt_1" });

  it("rejects an old timestamp and says by how much", async () => {
    const secret = signer.secret();
    const headers = await signer.sign(secret, body, NOW - 540);
    expect(check(signer.preset(secret), body, headers)).toEqual({
      ok: false,
      reason: "timestamp_too_old",
      detail: "timestamp is 9 min old (tolerance 5 min)",
    });
  });

  it("rejects a timestamp too far in the future", async () => {
    const secret = signer.secret();
    const headers = await signer.sign(secret, body, NOW + 3600);
    const result = check(signer.preset(secret), body, headers);
    expect(result).toMatchObject({ ok: false, reason: "timestamp_in_future" });
    if (!result.ok) expect(result.detail).toContain("60 min in the future");
  });
});

describe("standard_webhooks", () => {
  const sw = vectors.standard_webhooks;

  it.each(sw.cases)("accepts the published case $id and returns its id as the delivery id", (c) => {
    const headers = { "webhook-id": c.id, "webhook-timestamp": String(c.timestamp), "webhook-signature": c.signature };
    expect(check({ provider: "standard_webhooks", secret: c.secret }, c.body, headers, { now: c.timestamp })).toEqual({
      ok: true,
      deliveryId: c.id,
      timestamp: c.timestamp,
    });
  });

  it("rejects a non-numeric timestamp as bad_timestamp", () => {
    const c = sw.cases[0];
    const headers = { "webhook-id": c.id, "webhook-timestamp": "161426533.0", "webhook-signature": c.signature };
    expect(check({ provider: "standard_webhooks", secret: c.secret }, c.body, headers)).toMatchObject({ reason: "bad_timestamp" });
  });

  it("refuses an invalid secret at configuration time", () => {
    for (const secret of sw.secrets_that_must_be_rejected) {
      expect(inboundVerificationSchema.safeParse({ provider: "standard_webhooks", secret }).success).toBe(false);
    }
  });
});

describe("stripe", () => {
  const [c] = vectors.stripe.cases;
  const preset = { provider: "stripe", secret: c.secret } as const;

  it("accepts the published vector and agrees with stripe's own header", () => {
    const header = `t=${c.t},v1=${c.v1}`;
    expect(stripe.webhooks.generateTestHeaderString({ payload: c.body, secret: c.secret, timestamp: c.t })).toBe(header);
    expect(check(preset, c.body, { "Stripe-Signature": header }, { now: c.t })).toEqual({ ok: true, timestamp: c.t });
  });

  it("accepts any of several v1 signatures and ignores other schemes", () => {
    const wrong = "0".repeat(64);
    const header = `t=${c.t},v0=${wrong},v1=${wrong},v1=${c.v1}`;
    expect(check(preset, c.body, { "stripe-signature": header }, { now: c.t }).ok).toBe(true);
  });

  it("keys the HMAC with the whole secret string, not base64-decoded", () => {
    const standardStyle = createHmac("sha256", Buffer.from(c.secret.slice(6), "base64")).update(`${c.t}.${c.body}`).digest("hex");
    expect(check(preset, c.body, { "stripe-signature": `t=${c.t},v1=${standardStyle}` }, { now: c.t })).toMatchObject({
      reason: "no_matching_signature",
    });
  });

  it("agrees with stripe's verifier on headers it produced for random payloads", () => {
    fc.assert(
      // Stripe's library refuses a blank secret (and Stripe never issues one), so only non-blank secrets are compared.
      fc.property(fc.json(), fc.string({ minLength: 1, maxLength: 40 }).filter((s) => s.trim() !== ""), (payload, secret) => {
        const timestamp = Math.floor(Date.now() / 1000);
        const header = stripe.webhooks.generateTestHeaderString({ payload, secret, timestamp });
        expect(stripe.webhooks.signature!.verifyHeader(payload, header, secret)).toBe(true);
        expect(check({ provider: "stripe", secret }, payload, { "stripe-signature": header }, { now: timestamp }).ok).toBe(true);
      }),
      { numRuns: 50 },
    );
  });

  it("explains malformed headers", () => {
    const cases: [string, string][] = [
      [`v1=${c.v1}`, "t= timestamp"],
      [`t=${c.t}`, "no v1= signature"],
      [`t=${c.t},t=${c.t},v1=${c.v1}`, "exactly one t="],
      ["garbage", "t= timestamp"],
    ];
    for (const [header, detail] of cases) {
      const result = check(preset, c.body, { "stripe-signature": header }, { now: c.t });
      expect(result).toMatchObject({ ok: false, reason: "malformed_header" });
      if (!result.ok) expect(result.detail).toContain(detail);
    }
    expect(check(preset, c.body, { "stripe-signature": `t=soon,v1=${c.v1}` })).toMatchObject({ reason: "bad_timestamp" });
  });

  it("honours a configured tolerance", () => {
    const header = { "stripe-signature": `t=${c.t},v1=${c.v1}` };
    expect(check({ ...preset, toleranceSeconds: 900 }, c.body, header, { now: c.t + 540 }).ok).toBe(true);
    expect(check(preset, c.body, header, { now: c.t + 540 })).toMatchObject({ reason: "timestamp_too_old" });
  });
});

describe("github", () => {
  const [c] = vectors.github.cases;
  const preset = { provider: "github", secret: c.secret } as const;

  it("accepts the published vector and returns X-GitHub-Delivery as the delivery id", async () => {
    expect(await octokitSign(c.secret, c.body)).toBe(c.signature);
    const headers = { "X-Hub-Signature-256": c.signature, "X-GitHub-Delivery": "72d3162e-cc78-11e3-81ab-4c9367dc0958" };
    expect(check(preset, c.body, headers)).toEqual({ ok: true, deliveryId: "72d3162e-cc78-11e3-81ab-4c9367dc0958" });
  });

  it("accepts an upper-case hex digest", () => {
    const upper = "sha256=" + c.signature.slice(7).toUpperCase();
    expect(check(preset, c.body, { "x-hub-signature-256": upper }).ok).toBe(true);
  });

  it("explains a request that carries only the legacy SHA-1 header", () => {
    const sha1 = "sha1=" + createHmac("sha1", c.secret).update(c.body).digest("hex");
    const result = check(preset, c.body, { "x-hub-signature": sha1 });
    expect(result).toMatchObject({ ok: false, reason: "missing_header" });
    if (!result.ok) expect(result.detail).toContain("legacy SHA-1");
  });

  it("rejects a signature without the sha256= prefix, or with trailing junk", () => {
    expect(check(preset, c.body, { "x-hub-signature-256": c.signature.slice(7) })).toMatchObject({ reason: "malformed_header" });
    expect(check(preset, c.body, { "x-hub-signature-256": `${c.signature}zz` })).toMatchObject({ reason: "no_matching_signature" });
  });
});

describe("shopify", () => {
  const [c] = vectors.shopify.cases;

  it("accepts the published vector and returns X-Shopify-Webhook-Id as the delivery id", () => {
    const headers = { "X-Shopify-Hmac-Sha256": c.signature, "X-Shopify-Webhook-Id": "b54557e4-bdd9-4b37-8a5f-bf7d70bcd043" };
    expect(check({ provider: "shopify", secret: c.secret }, c.body, headers)).toEqual({
      ok: true,
      deliveryId: "b54557e4-bdd9-4b37-8a5f-bf7d70bcd043",
    });
  });
});

describe("slack", () => {
  const [c] = vectors.slack.cases;
  const preset = { provider: "slack", secret: c.secret } as const;
  const headers = { "X-Slack-Request-Timestamp": String(c.timestamp), "X-Slack-Signature": c.signature };

  it("accepts the published slash-command vector", () => {
    expect(check(preset, c.body, headers, { now: c.timestamp + 60 })).toEqual({ ok: true, timestamp: c.timestamp });
  });

  it("rejects it six minutes later", () => {
    expect(check(preset, c.body, headers, { now: c.timestamp + 360 })).toEqual({
      ok: false,
      reason: "timestamp_too_old",
      detail: "timestamp is 6 min old (tolerance 5 min)",
    });
  });

  it("names each missing header and a malformed signature", () => {
    const withoutTimestamp = check(preset, c.body, { "X-Slack-Signature": c.signature }, { now: c.timestamp });
    expect(withoutTimestamp).toEqual({ ok: false, reason: "missing_header", detail: "missing X-Slack-Request-Timestamp header" });
    const withoutSignature = check(preset, c.body, { "X-Slack-Request-Timestamp": String(c.timestamp) }, { now: c.timestamp });
    expect(withoutSignature).toEqual({ ok: false, reason: "missing_header", detail: "missing X-Slack-Signature header" });
    const v1 = check(preset, c.body, { ...headers, "X-Slack-Signature": c.signature.replace("v0=", "v1=") }, { now: c.timestamp });
    expect(v1).toMatchObject({ reason: "malformed_header" });
  });
});

describe("twilio", () => {
  const [c] = vectors.twilio.cases;
  const preset = { provider: "twilio", secret: c.secret } as const;
  const form = new URLSearchParams(c.params).toString();
  const formHeaders = { "Content-Type": "application/x-www-form-urlencoded; charset=utf-8", "X-Twilio-Signature": c.signature };
  const twilioSign = (url: string, params: Record<string, string> = {}) =>
    createHmac("sha1", c.secret)
      .update(url + Object.keys(params).sort().map((k) => k + params[k]).join(""))
      .digest("base64");

  it("accepts the published vector over the URL and sorted form parameters", () => {
    expect(check(preset, form, { ...formHeaders, "I-Twilio-Idempotency-Token": "idem-1" }, { url: c.url })).toEqual({
      ok: true,
      deliveryId: "idem-1",
    });
  });

  it("does not depend on the order of the form parameters", () => {
    const reversed = new URLSearchParams(Object.entries(c.params).reverse()).toString();
    expect(check(preset, reversed, formHeaders, { url: c.url }).ok).toBe(true);
  });

  it("rejects a changed parameter, a different URL and a wrong token", () => {
    const changed = new URLSearchParams({ ...c.params, Digits: "9999" }).toString();
    expect(check(preset, changed, formHeaders, { url: c.url })).toMatchObject({ reason: "no_matching_signature" });
    const internal = check(preset, form, formHeaders, { url: "http://localhost:3000/myapp.php?foo=1&bar=2" });
    expect(internal).toMatchObject({ reason: "no_matching_signature" });
    if (!internal.ok) expect(internal.detail).toContain("exact public URL");
    expect(check({ ...preset, secret: "54321" }, form, formHeaders, { url: c.url })).toMatchObject({ reason: "no_matching_signature" });
  });

  it("accepts a signature made with the default port when the URL has none, and the reverse", () => {
    const withPort = c.url.replace("mycompany.com", "mycompany.com:443");
    const signedWithPort = { ...formHeaders, "X-Twilio-Signature": twilioSign(withPort, c.params) };
    expect(check(preset, form, signedWithPort, { url: c.url }).ok).toBe(true);
    expect(check(preset, form, formHeaders, { url: withPort }).ok).toBe(true);
  });

  it("verifies JSON bodies through the bodySHA256 parameter of the signed URL", () => {
    const body = JSON.stringify({ status: "delivered" });
    const url = `https://mycompany.com/status?bodySHA256=${createHash("sha256").update(body).digest("hex")}`;
    const headers = { "Content-Type": "application/json", "X-Twilio-Signature": twilioSign(url) };
    expect(check(preset, body, headers, { url }).ok).toBe(true);
    const tampered = check(preset, body.replace("delivered", "failed"), headers, { url });
    expect(tampered).toMatchObject({ ok: false, reason: "no_matching_signature" });
    if (!tampered.ok) expect(tampered.detail).toContain("bodySHA256");
  });

  it("refuses a non-form body that the signature does not cover", () => {
    const url = "https://mycompany.com/status";
    const headers = { "Content-Type": "application/json", "X-Twilio-Signature": twilioSign(url) };
    expect(check(preset, '{"status":"failed"}', headers, { url })).toMatchObject({ reason: "unsigned_body" });
    expect(check(preset, "", headers, { url }).ok).toBe(true);
  });

  it("requires the signature header", () => {
    expect(check(preset, form, { "Content-Type": "application/x-www-form-urlencoded" }, { url: c.url })).toMatchObject({
      reason: "missing_header",
    });
  });
});

describe("generic_hmac", () => {
  const secret = "generic secret";
  const body = '{"event":"ping"}';
  const hex256 = hmacOf("sha256", secret, body).toString("hex");

  it("defaults to a hex SHA-256 of the body, and returns the id header as the delivery id", () => {
    const preset = { provider: "generic_hmac", secret, header: "X-Sig", idHeader: "X-Delivery" } as const;
    expect(check(preset, body, { "x-sig": hex256, "x-delivery": "dlv_9" })).toEqual({ ok: true, deliveryId: "dlv_9" });
  });

  it("signs {id}, {timestamp} and literal text in the configured template", () => {
    const preset = {
      provider: "generic_hmac",
      secret,
      header: "X-Sig",
      signedContent: "v1:{id}:{timestamp}:{body}",
      timestampHeader: "X-Ts",
      idHeader: "X-Id",
    } as const;
    const signature = hmacOf("sha256", secret, `v1:abc:${NOW}:${body}`).toString("hex");
    expect(check(preset, body, { "x-sig": signature, "x-ts": String(NOW), "x-id": "abc" })).toEqual({
      ok: true,
      deliveryId: "abc",
      timestamp: NOW,
    });
    expect(check(preset, body, { "x-sig": signature, "x-ts": String(NOW), "x-id": "abd" })).toMatchObject({
      reason: "no_matching_signature",
    });
    expect(check(preset, body, { "x-sig": signature, "x-ts": String(NOW) })).toMatchObject({ reason: "missing_header" });
  });

  it("names the setting that is wrong when the signature is valid under another", () => {
    const base = { provider: "generic_hmac", secret, header: "X-Sig" } as const;
    const cases: [InboundVerification, string, string][] = [
      [{ ...base, encoding: "base64" }, hex256, "encoding hex (configured: base64)"],
      [base, hmacOf("sha1", secret, body).toString("hex"), "algorithm sha1 (configured: sha256)"],
      [base, hmacOf("sha512", secret, body).toString("base64"), "algorithm sha512 (configured: sha256), encoding base64"],
      [base, `sha256=${hex256}`, 'prefix "sha256=" (configured: "")'],
    ];
    for (const [preset, signature, detail] of cases) {
      const result = check(preset, body, { "x-sig": signature });
      expect(result).toMatchObject({ ok: false, reason: "config_mismatch" });
      if (!result.ok) expect(result.detail).toContain(detail);
    }
  });

  it("rejects a header without the configured prefix", () => {
    const preset = { provider: "generic_hmac", secret, header: "X-Sig", prefix: "sha256=" } as const;
    expect(check(preset, body, { "x-sig": `sha256=${hex256}` }).ok).toBe(true);
    expect(check(preset, body, { "x-sig": hex256 })).toMatchObject({ reason: "malformed_header" });
  });

  it("requires the timestamp header and checks its tolerance", () => {
    const preset = {
      provider: "generic_hmac",
      secret,
      header: "X-Sig",
      signedContent: "{timestamp}.{body}",
      timestampHeader: "X-Ts",
      toleranceSeconds: 60,
    } as const;
    const signature = hmacOf("sha256", secret, `${NOW}.${body}`).toString("hex");
    expect(check(preset, body, { "x-sig": signature })).toMatchObject({ reason: "missing_header" });
    expect(check(preset, body, { "x-sig": signature, "x-ts": String(NOW) }, { now: NOW + 61 })).toEqual({
      ok: false,
      reason: "timestamp_too_old",
      detail: "timestamp is 61 s old (tolerance 60 s)",
    });
    const millis = check(preset, body, { "x-sig": signature, "x-ts": String(NOW * 1000) });
    expect(millis).toMatchObject({ reason: "timestamp_in_future" });
    if (!millis.ok) expect(millis.detail).toContain("milliseconds");
  });

  it("refuses configurations that would leave the body or timestamp unsigned", () => {
    const base = { provider: "generic_hmac", secret, header: "X-Sig" };
    const invalid = [
      { ...base, signedContent: "{timestamp}", timestampHeader: "X-Ts" },
      { ...base, signedContent: "{timestamp}.{body}" },
      { ...base, timestampHeader: "X-Ts" },
      { ...base, signedContent: "{id}.{body}" },
      { ...base, header: "bad header" },
      { ...base, algorithm: "md5" },
    ];
    for (const preset of invalid) expect(inboundVerificationSchema.safeParse(preset).success).toBe(false);
    expect(() => verifyInbound(invalid[0] as InboundVerification, { rawBody: Buffer.from(""), headers: {}, url: URL_ })).toThrow();
  });
});

describe("basic_auth", () => {
  const preset = { provider: "basic_auth", username: "hooks", password: "pa:ss word" } as const;
  const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`;

  it("accepts the right credentials, with a colon in the password", () => {
    expect(check(preset, "{}", { Authorization: basic("hooks", "pa:ss word") })).toEqual({ ok: true });
  });

  it("rejects wrong, missing and malformed credentials with distinct reasons", () => {
    expect(check(preset, "{}", { Authorization: basic("hooks", "nope") })).toMatchObject({ reason: "invalid_credentials" });
    expect(check(preset, "{}", { Authorization: basic("admin", "pa:ss word") })).toMatchObject({ reason: "invalid_credentials" });
    expect(check(preset, "{}", {})).toMatchObject({ reason: "missing_header" });
    expect(check(preset, "{}", { Authorization: "Bearer abc" })).toMatchObject({ reason: "malformed_header" });
    expect(check(preset, "{}", { Authorization: `Basic ${Buffer.from("nocolon").toString("base64")}` })).toMatchObject({
      reason: "malformed_header",
    });
  });
});

describe("api_key_header and none", () => {
  const preset = { provider: "api_key_header", header: "X-Api-Key", value: "k_123" } as const;

  it("compares the configured header", () => {
    expect(check(preset, "", { "x-api-key": "k_123" })).toEqual({ ok: true });
    expect(check(preset, "", { "x-api-key": "k_124" })).toMatchObject({ reason: "invalid_credentials" });
    expect(check(preset, "", {})).toMatchObject({ reason: "missing_header" });
  });

  it("accepts anything without verification", () => {
    expect(check({ provider: "none" }, "anything", {})).toEqual({ ok: true });
  });
});

describe("inboundVerificationSchema", () => {
  it("fills in defaults", () => {
    expect(inboundVerificationSchema.parse({ provider: "stripe", secret: "whsec_x" })).toEqual({
      provider: "stripe",
      secret: "whsec_x",
      toleranceSeconds: 300,
    });
    expect(inboundVerificationSchema.parse({ provider: "generic_hmac", secret: "s", header: "X-Sig" })).toMatchObject({
      algorithm: "sha256",
      encoding: "hex",
      prefix: "",
      signedContent: "{body}",
    });
  });

  it("rejects unknown providers and empty secrets", () => {
    expect(inboundVerificationSchema.safeParse({ provider: "paypal", secret: "x" }).success).toBe(false);
    expect(inboundVerificationSchema.safeParse({ provider: "github", secret: "" }).success).toBe(false);
    expect(inboundVerificationSchema.safeParse({ provider: "slack", secret: "x", toleranceSeconds: 0 }).success).toBe(false);
  });

  it("reads headers from a fetch Headers object too", () => {
    const [c] = vectors.github.cases;
    const result = verifyInbound(
      { provider: "github", secret: c.secret },
      { rawBody: Buffer.from(c.body), headers: new Headers({ "X-Hub-Signature-256": c.signature }), url: URL_ },
    );
    expect(result.ok).toBe(true);
  });
});
