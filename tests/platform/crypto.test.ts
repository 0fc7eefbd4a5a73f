import { randomBytes } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DecryptionError, decryptSecret, encryptSecret, needsReencryption, safeEqual, type EncryptionKey } from "@/lib/platform/crypto";
import { env } from "@/lib/platform/env";

const key = (id: string): EncryptionKey => ({ id, key: randomBytes(32) });
const k1 = key("k1");
const k2 = key("k2");

function failure(fn: () => unknown): DecryptionError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(DecryptionError);
    return error as DecryptionError;
  }
  throw new Error("expected a DecryptionError");
}

/** Replaces one character of a base64url part with a different one, keeping the box well-formed. */
function alterPart(box: string, index: number): string {
  const parts = box.split(".");
  const part = parts[index];
  const position = Math.floor(part.length / 2);
  const replacement = part[position] === "A" ? "B" : "A";
  parts[index] = part.slice(0, position) + replacement + part.slice(position + 1);
  return parts.join(".");
}

describe("encryptSecret / decryptSecret", () => {
  it("round-trips any string, including empty and non-ASCII", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", maxLength: 200 }), (plain) => {
        const box = encryptSecret(plain, [k1]);
        expect(decryptSecret(box, [k1])).toBe(plain);
      }),
    );
  });

  it("uses the environment's keys by default", () => {
    const box = encryptSecret("whsec_abc");
    expect(box.split(".")[1]).toBe(env().ENCRYPTION_KEYS[0].id);
    expect(decryptSecret(box)).toBe("whsec_abc");
  });

  it("writes the documented v1.<kid>.<iv>.<tag>.<ciphertext> format with a fresh IV each time", () => {
    const a = encryptSecret("same", [k1]);
    const b = encryptSecret("same", [k1]);
    expect(a).toMatch(/^v1\.k1\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]+$/);
    expect(a).not.toBe(b);
    expect(a).not.toContain("same");
  });

  it("detects tampering with the IV, tag or ciphertext", () => {
    const box = encryptSecret("a secret worth protecting", [k1]);
    for (const index of [2, 3, 4]) {
      expect(failure(() => decryptSecret(alterPart(box, index), [k1])).code).toBe("tampered");
    }
  });

  it("detects a box relabelled to another key id, because the key id is authenticated", () => {
    const box = encryptSecret("secret", [k1]);
    const relabelled = box.replace(/^v1\.k1\./, "v1.k2.");
    const sameKeyUnderAnotherName = { id: "k2", key: k1.key };
    expect(failure(() => decryptSecret(relabelled, [k1, sameKeyUnderAnotherName])).code).toBe("tampered");
  });

  it("fails with the wrong key material", () => {
    const box = encryptSecret("secret", [k1]);
    expect(failure(() => decryptSecret(box, [{ id: "k1", key: randomBytes(32) }])).code).toBe("tampered");
  });

  it("names an unknown key id clearly", () => {
    const box = encryptSecret("secret", [k1]);
    const error = failure(() => decryptSecret(box, [k2]));
    expect(error.code).toBe("unknown_key");
    expect(error.message).toContain('"k1"');
  });

  it("rejects malformed boxes", () => {
    for (const box of ["", "plain text", "v2.k1.a.b.c", "v1..a.b.c", "v1.k1.a.b", "v1.k1.!!!.b.c", "v1.k1.AAAA.AAAA.AAAA"]) {
      expect(failure(() => decryptSecret(box, [k1])).code).toBe("malformed");
    }
  });

  it("refuses to encrypt without a usable key", () => {
    expect(() => encryptSecret("x", [])).toThrow(/ENCRYPTION_KEYS/);
    expect(() => encryptSecret("x", [{ id: "a.b", key: randomBytes(32) }])).toThrow(/must not contain/);
    expect(() => encryptSecret("x", [{ id: "short", key: randomBytes(16) }])).toThrow(/32 bytes/);
  });
});

describe("key rotation", () => {
  it("decrypts old boxes after a new first key is added, and flags them for re-encryption", () => {
    const before = [k1];
    const after = [k2, k1];
    const old = encryptSecret("rotating secret", before);
    expect(needsReencryption(old, before)).toBe(false);

    expect(decryptSecret(old, after)).toBe("rotating secret");
    expect(needsReencryption(old, after)).toBe(true);

    const fresh = encryptSecret(decryptSecret(old, after), after);
    expect(fresh.split(".")[1]).toBe("k2");
    expect(needsReencryption(fresh, after)).toBe(false);
    expect(decryptSecret(fresh, [k2])).toBe("rotating secret");
  });

  it("needsReencryption rejects malformed input rather than guessing", () => {
    expect(() => needsReencryption("nope", [k1])).toThrow(DecryptionError);
  });
});

describe("safeEqual", () => {
  it("agrees with === on any pair of strings", () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (a, b) => {
        expect(safeEqual(a, b)).toBe(a === b);
        expect(safeEqual(a, a)).toBe(true);
      }),
    );
  });

  it("compares bytes, not UTF-16 length", () => {
    expect(safeEqual("é", "e\u0301")).toBe(false);
    expect(safeEqual("ab", "abc")).toBe(false);
  });
});
