import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { redact } from "@/lib/audit/log";

describe("redact", () => {
  it("hides secret-looking fields at any depth and keeps the rest", () => {
    expect(
      redact({ name: "k", hash: "abc", nested: { signingSecret: "whsec_x", list: [{ accessToken: "t", ok: 1 }] }, key: "sb_live_x", keyId: "key_1" }),
    ).toEqual({ name: "k", hash: "[redacted]", nested: { signingSecret: "[redacted]", list: [{ accessToken: "[redacted]", ok: 1 }] }, key: "[redacted]", keyId: "key_1" });
  });

  it("never lets a value under a secret field through (property)", () => {
    const secretName = fc.constantFrom("secret", "password", "token", "hash", "apiSecret", "refresh_token", "authorization");
    fc.assert(
      fc.property(secretName, fc.string({ minLength: 1 }), fc.dictionary(fc.string(), fc.jsonValue()), (field, value, rest) => {
        const out = JSON.stringify(redact({ ...rest, wrapper: { [field]: value } }));
        expect((redact({ wrapper: { [field]: value } }) as { wrapper: Record<string, unknown> }).wrapper[field]).toBe("[redacted]");
        expect(out).toContain("[redacted]");
      }),
    );
  });
});
