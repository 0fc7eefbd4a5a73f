import { createHash, randomBytes } from "node:crypto";
import zlib from "node:zlib";
import { toBase62 } from "@/lib/platform";

/**
 * API key format (DESIGN §7): `sb_live_` or `sb_test_`, then base62 of 32 random bytes (43 chars), then a
 * 6-char base62 CRC32 of everything before it. The fixed prefix makes leaked keys scannable; the checksum
 * rejects typos before any database lookup.
 */

export type KeyEnvironment = "live" | "test";

// 62^43 > 2^256 and 62^6 > 2^32, so these widths hold every value and keep the key length fixed.
const BODY_LENGTH = 43;
const CHECKSUM_LENGTH = 6;
const START_BODY_CHARS = 4;

export const API_KEY_PATTERN = /^sb_(live|test)_([0-9A-Za-z]{43})([0-9A-Za-z]{6})$/;

export { safeEqual } from "@/lib/platform";

let table: Uint32Array | undefined;

/** The standard reflected CRC-32 (IEEE 802.3), for runtimes whose zlib lacks crc32. */
export function tableCrc32(data: Uint8Array): number {
  table ??= Uint32Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  let crc = 0xffffffff;
  for (const byte of data) crc = table[(crc ^ byte) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

// zlib.crc32 arrived in Node 20.15 / 22.2; bundlers and other runtimes may still hand us a zlib without it.
const crc32 = (data: Buffer): number => (typeof zlib.crc32 === "function" ? zlib.crc32(data) : tableCrc32(data));

function checksum(prefixAndBody: string): string {
  const value = Buffer.alloc(4);
  value.writeUInt32BE(crc32(Buffer.from(prefixAndBody, "ascii")));
  return toBase62(value, CHECKSUM_LENGTH);
}

export function hashApiKey(key: string): string {
  return createHash("sha256").update(key, "utf8").digest("hex");
}

/** The display start shown in lists, e.g. `sb_live_AbC1`: enough to recognise a key, useless to an attacker. */
export function keyStart(key: string): string {
  const prefixLength = "sb_live_".length;
  return key.slice(0, prefixLength + START_BODY_CHARS);
}

export function generateApiKey(environment: KeyEnvironment): { key: string; start: string; hash: string } {
  const prefixAndBody = `sb_${environment}_${toBase62(randomBytes(32), BODY_LENGTH)}`;
  const key = prefixAndBody + checksum(prefixAndBody);
  return { key, start: keyStart(key), hash: hashApiKey(key) };
}

export type ParsedApiKey = { ok: true; environment: KeyEnvironment } | { ok: false; reason: "malformed" | "bad_checksum" };

/** Checks shape and checksum only; whether the key exists is the caller's database lookup by hash. */
export function parseApiKey(key: string): ParsedApiKey {
  const match = API_KEY_PATTERN.exec(key);
  if (!match) return { ok: false, reason: "malformed" };
  const [, environment, , given] = match;
  // The checksum is public information, so a plain comparison leaks nothing.
  if (checksum(key.slice(0, -CHECKSUM_LENGTH)) !== given) return { ok: false, reason: "bad_checksum" };
  return { ok: true, environment: environment as KeyEnvironment };
}
