import fc from "fast-check";
import { Webhook } from "standardwebhooks";
import { describe, expect, it } from "vitest";
import {
  generateEndpointSecret,
  parseSecret,
  sign,
  signatureHeaders,
  verify,
} from "@/lib/signing/standard-webhooks";
import { vectors } from "./vectors";

const sw = vectors.standard_webhooks;
const first = sw.cases[0];
const headersOf = (id: string, timestamp: number | string, signature: string) => ({
  "webhook-id": id,
  "webhook-timestamp": String(timestamp),
  "webhook-signature": signature,
});

describe("sign", () => {
  it.each(sw.cases)("reproduces the published signature for $id at $timestamp", (c) => {
    expect(sign({ id: c.id, timestamp: c.timestamp, body: c.body, secrets: [c.secret] })).toBe(c.signature);
    expect(sign({ id: c.id, timestamp: c.timestamp, body: Buffer.from(c.body), secrets: [c.secret] })).toBe(c.signature);
  });

  it("signs once per secret, space-separated, for rotation overlaps", () => {
    const other = generateEndpointSecret();
    const both = sign({ id: first.id, timestamp: first.timestamp, body: first.body, secrets: [first.secret, other] });
    const [a, b] = both.split(" ");
    expect(a).toBe(first.signature);
    expect(b).toMatch(/^v1,[A-Za-z0-9+/]{43}=$/);
    expect(b).not.toBe(a);
  });

  it.each(sw.timestamps_that_signing_must_reject)("rejects the timestamp %j", (timestamp) => {
    expect(() => sign({ id: first.id, timestamp, body: first.body, secrets: [first.secret] })).toThrow(/timestamp/);
  });

  it("rejects non-integer, negative and unsafe numeric timestamps", () => {
    for (const timestamp of [1.5, -1, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 60]) {
      expect(() => sign({ id: "msg_1", timestamp, body: "", secrets: [first.secret] })).toThrow(/timestamp/);
    }
    expect(sign({ id: first.id, timestamp: String(first.timestamp), body: first.body, secrets: [first.secret] })).toBe(
      first.signature,
    );
  });

  it.each(sw.secrets_that_must_be_rejected)("rejects the secret %j", (secret) => {
    expect(() => parseSecret(secret)).toThrow(/empty/);
    expect(() => sign({ id: first.id, timestamp: first.timestamp, body: first.body, secrets: [secret] })).toThrow();
  });

  it("rejects a secret that is not base64, an empty secret list and an empty id", () => {
    expect(() => parseSecret("whsec_not base64!")).toThrow(/base64/);
    expect(() => sign({ id: "msg_1", timestamp: 1, body: "", secrets: [] })).toThrow(/secret/);
    expect(() => sign({ id: "", timestamp: 1, body: "", secrets: [first.secret] })).toThrow(/id/);
  });

  it("builds the three headers", () => {
    expect(signatureHeaders({ id: first.id, timestamp: first.timestamp, body: first.body, secrets: [first.secret] })).toEqual(
      headersOf(first.id, first.timestamp, first.signature),
    );
  });
});

describe("generateEndpointSecret", () => {
  it("makes whsec_ secrets of the requested strength that parse back", () => {
    for (const bytes of [24, 32, 64]) {
      const secret = generateEndpointSecret(bytes);
      expect(secret.startsWith("whsec_")).toBe(true);
      expect(parseSecret(secret)).toHaveLength(bytes);
    }
    expect(generateEndpointSecret()).not.toBe(generateEndpointSecret());
    expect(parseSecret(generateEndpointSecret())).toHaveLength(32);
  });

  it("refuses weak or oversized secrets", () => {
    for (const bytes of [0, 16, 23, 65, 32.5]) expect(() => generateEndpointSecret(bytes)).toThrow(RangeError);
  });
});

describe("verify", () => {
  it.each(sw.cases)("accepts the published case $id at its own time", (c) => {
    const result = verify({ headers: headersOf(c.id, c.timestamp, c.signature), body: c.body, secret: c.secret, now: c.timestamp });
    expect(result).toEqual({ ok: true, id: c.id, timestamp: c.timestamp });
  });

  it.each(sw.must_fail)("rejects a signature with $note", ({ signature }) => {
    const result = verify({
      headers: headersOf(first.id, first.timestamp, signature),
      body: first.body,
      secret: first.secret,
      now: first.timestamp,
    });
    expect(result).toMatchObject({ ok: false, reason: "no_matching_signature" });
  });

  it("accepts a header with several signatures, skipping other versions", () => {
    const result = verify({
      headers: headersOf(first.id, first.timestamp, sw.multiple_signatures_pass),
      body: first.body,
      secret: first.secret,
      now: first.timestamp,
    });
    expect(result.ok).toBe(true);
  });

  it("ignores a correct signature labelled with another version", () => {
    const v2 = first.signature.replace("v1,", "v2,");
    const result = verify({ headers: headersOf(first.id, first.timestamp, v2), body: first.body, secret: first.secret, now: first.timestamp });
    expect(result).toEqual({ ok: false, reason: "no_matching_signature", detail: "webhook-signature has no v1 signature" });
  });

  it("accepts the explicit id/timestamp/signatureHeader form and Headers objects", () => {
    const common = { body: first.body, secret: first.secret, now: first.timestamp };
    expect(verify({ id: first.id, timestamp: String(first.timestamp), signatureHeader: first.signature, ...common }).ok).toBe(true);
    const headers = new Headers(headersOf(first.id, first.timestamp, first.signature));
    expect(verify({ headers, ...common }).ok).toBe(true);
    const upper = { "Webhook-Id": first.id, "WEBHOOK-TIMESTAMP": String(first.timestamp), "Webhook-Signature": first.signature };
    expect(verify({ headers: upper, ...common }).ok).toBe(true);
  });

  it("tries each configured secret", () => {
    const result = verify({
      headers: headersOf(first.id, first.timestamp, first.signature),
      body: first.body,
      secret: [generateEndpointSecret(), first.secret],
      now: first.timestamp,
    });
    expect(result.ok).toBe(true);
  });

  it("names the missing headers", () => {
    const result = verify({ headers: { "webhook-id": first.id }, body: first.body, secret: first.secret, now: first.timestamp });
    expect(result).toEqual({
      ok: false,
      reason: "missing_header",
      detail: "missing webhook-timestamp, webhook-signature header",
    });
  });

  it.each(["161426533.0", "invalid timestamp", "-161426533", "1e9", ""])("rejects the timestamp header %j", (timestamp) => {
    const result = verify({ id: first.id, timestamp, signatureHeader: first.signature, body: first.body, secret: first.secret });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toBe(timestamp === "" ? "missing_header" : "bad_timestamp");
  });

  it("applies the tolerance both ways and says by how much", () => {
    const base = { headers: headersOf(first.id, first.timestamp, first.signature), body: first.body, secret: first.secret };
    expect(verify({ ...base, now: first.timestamp + 300 }).ok).toBe(true);
    expect(verify({ ...base, now: first.timestamp - 300 }).ok).toBe(true);
    expect(verify({ ...base, now: first.timestamp + 540 })).toEqual({
      ok: false,
      reason: "timestamp_too_old",
      detail: "timestamp is 9 min old (tolerance 5 min)",
    });
    expect(verify({ ...base, now: first.timestamp - 301 })).toMatchObject({ ok: false, reason: "timestamp_in_future" });
    expect(verify({ ...base, now: first.timestamp + 301, toleranceSeconds: 600 }).ok).toBe(true);
  });

  it("checks the timestamp before the signature, so a replayed old message is reported as old", () => {
    const result = verify({ headers: headersOf(first.id, first.timestamp, first.signature), body: first.body, secret: first.secret });
    expect(result).toMatchObject({ ok: false, reason: "timestamp_too_old" });
  });
});

describe("properties", () => {
  const message = fc.record({
    id: fc.string({ minLength: 1, maxLength: 40 }),
    timestamp: fc.integer({ min: 0, max: 4_000_000_000 }),
    body: fc.uint8Array({ maxLength: 300 }).map((bytes) => Buffer.from(bytes)),
    secret: fc.integer({ min: 24, max: 64 }).map((bytes) => generateEndpointSecret(bytes)),
  });

  it("sign then verify always succeeds", () => {
    fc.assert(
      fc.property(message, ({ id, timestamp, body, secret }) => {
        const headers = signatureHeaders({ id, timestamp, body, secrets: [secret] });
        expect(verify({ headers, body, secret, now: timestamp })).toEqual({ ok: true, id, timestamp });
      }),
    );
  });

  it("flipping any bit of any body byte makes verification fail", () => {
    const flipped = message
      .filter(({ body }) => body.length > 0)
      .chain((m) => fc.record({ m: fc.constant(m), index: fc.nat(m.body.length - 1), bit: fc.integer({ min: 0, max: 7 }) }));
    fc.assert(
      fc.property(flipped, ({ m, index, bit }) => {
        const headers = signatureHeaders({ id: m.id, timestamp: m.timestamp, body: m.body, secrets: [m.secret] });
        const tampered = Buffer.from(m.body);
        tampered[index] ^= 1 << bit;
        expect(verify({ headers, body: tampered, secret: m.secret, now: m.timestamp })).toMatchObject({
          ok: false,
          reason: "no_matching_signature",
        });
      }),
    );
  });
});

describe("interoperability with the standardwebhooks package", () => {
  const now = () => Math.floor(Date.now() / 1000);

  it("its Webhook class verifies our signatures", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), fc.string({ minLength: 1, maxLength: 30 }), (text, id) => {
        const body = JSON.stringify({ text });
        const secret = generateEndpointSecret();
        const headers = signatureHeaders({ id, timestamp: now(), body, secrets: [generateEndpointSecret(), secret] });
        expect(new Webhook(secret).verify(body, headers)).toEqual({ text });
      }),
      { numRuns: 50 },
    );
  });

  it("we verify its signatures", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), fc.string({ minLength: 1, maxLength: 30 }), (body, id) => {
        const secret = generateEndpointSecret();
        const timestamp = now();
        const signature = new Webhook(secret).sign(id, new Date(timestamp * 1000), body);
        expect(verify({ id, timestamp: String(timestamp), signatureHeader: signature, body, secret, now: timestamp }).ok).toBe(true);
        expect(signature).toBe(sign({ id, timestamp, body, secrets: [secret] }));
      }),
      { numRuns: 50 },
    );
  });

  it("it rejects our signature made with another secret", () => {
    const body = '{"a":1}';
    const headers = signatureHeaders({ id: "msg_1", timestamp: now(), body, secrets: [generateEndpointSecret()] });
    expect(() => new Webhook(generateEndpointSecret()).verify(body, headers)).toThrow(/No matching signature/);
  });
});
