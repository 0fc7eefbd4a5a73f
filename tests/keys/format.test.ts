import { createHash } from "node:crypto";
import zlib from "node:zlib";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { BASE62 } from "@/lib/platform/ids";
import {
  API_KEY_PATTERN,
  generateApiKey,
  hashApiKey,
  keyStart,
  parseApiKey,
  safeEqual,
  tableCrc32,
} from "@/lib/keys/format";

const environment = fc.constantFrom("live" as const, "test" as const);
const PREFIX_LENGTH = "sb_live_".length;

describe("generateApiKey", () => {
  it("produces fixed-width keys that match the documented format", () => {
    fc.assert(
      fc.property(environment, (env) => {
        const { key, start, hash } = generateApiKey(env);
        expect(key).toMatch(API_KEY_PATTERN);
        expect(key).toHaveLength(PREFIX_LENGTH + 43 + 6);
        expect(key.startsWith(`sb_${env}_`)).toBe(true);
        expect(start).toBe(key.slice(0, PREFIX_LENGTH + 4));
        expect(hash).toBe(createHash("sha256").update(key).digest("hex"));
      }),
      { numRuns: 200 },
    );
  });

  it("always produces keys that parse, with their environment", () => {
    fc.assert(
      fc.property(environment, (env) => {
        expect(parseApiKey(generateApiKey(env).key)).toEqual({ ok: true, environment: env });
      }),
      { numRuns: 500 },
    );
  });

  it("does not repeat keys", () => {
    const keys = new Set(Array.from({ length: 1000 }, () => generateApiKey("live").key));
    expect(keys.size).toBe(1000);
  });
});

describe("parseApiKey", () => {
  it("rejects any single-character substitution in the body or checksum as a bad checksum", () => {
    const substitution = fc.record({
      env: environment,
      position: fc.integer({ min: PREFIX_LENGTH, max: PREFIX_LENGTH + 43 + 6 - 1 }),
      offset: fc.integer({ min: 1, max: 61 }),
    });
    fc.assert(
      fc.property(substitution, ({ env, position, offset }) => {
        const { key } = generateApiKey(env);
        const replacement = BASE62[(BASE62.indexOf(key[position]) + offset) % 62];
        const typo = key.slice(0, position) + replacement + key.slice(position + 1);
        expect(typo).not.toBe(key);
        expect(parseApiKey(typo)).toEqual({ ok: false, reason: "bad_checksum" });
      }),
      { numRuns: 2000 },
    );
  });

  it("rejects a key whose environment was switched, because the checksum covers the prefix", () => {
    const { key } = generateApiKey("test");
    expect(parseApiKey(key.replace("sb_test_", "sb_live_"))).toEqual({ ok: false, reason: "bad_checksum" });
  });

  it("rejects malformed input before looking at the checksum", () => {
    const { key } = generateApiKey("live");
    const malformed = [
      "",
      key.slice(0, -1),
      key + "0",
      key.replace("sb_live_", "sb_prod_"),
      key.replace("sb_live_", "SB_LIVE_"),
      key.slice(0, 20) + "-" + key.slice(21),
      ` ${key}`,
      `${key}\n`,
    ];
    for (const input of malformed) expect(parseApiKey(input)).toEqual({ ok: false, reason: "malformed" });
  });

  it("never throws on arbitrary input", () => {
    fc.assert(
      fc.property(fc.string(), (input) => {
        const result = parseApiKey(input);
        if (result.ok) expect(input).toMatch(API_KEY_PATTERN);
      }),
    );
  });
});

describe("hashApiKey and keyStart", () => {
  it("hashes deterministically to hex SHA-256, and distinct keys to distinct hashes", () => {
    fc.assert(
      fc.property(environment, (env) => {
        const { key, hash } = generateApiKey(env);
        expect(hashApiKey(key)).toBe(hash);
        expect(hashApiKey(key)).toMatch(/^[0-9a-f]{64}$/);
        expect(hashApiKey(generateApiKey(env).key)).not.toBe(hash);
      }),
    );
    expect(hashApiKey("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  });

  it("shows the prefix and the first four body characters", () => {
    expect(keyStart("sb_live_AbC1xyz")).toBe("sb_live_AbC1");
  });
});

describe("tableCrc32", () => {
  it("matches the CRC-32 check value and node's zlib.crc32", () => {
    expect(tableCrc32(Buffer.from("123456789"))).toBe(0xcbf43926);
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 100 }), (bytes) => {
        expect(tableCrc32(bytes)).toBe(zlib.crc32(bytes));
      }),
    );
  });
});

describe("safeEqual", () => {
  it("is re-exported for key comparisons", () => {
    const { hash } = generateApiKey("live");
    expect(safeEqual(hash, hash)).toBe(true);
    expect(safeEqual(hash, hash.slice(0, -1) + (hash.endsWith("0") ? "1" : "0"))).toBe(false);
  });
});
