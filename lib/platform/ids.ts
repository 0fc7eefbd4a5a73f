import { randomBytes } from "node:crypto";
import type { Id, IdPrefix } from "./id-types";

// The id types and their checks are client-safe (zod only), so client components and schemas.ts files use them too.
export { type Id, ID_PREFIXES, type IdPrefix, idSchema, isId, optionalIdSchema } from "./id-types";

// ASCII-ordered, so ids sort lexicographically by creation time (useful for keyset pagination).
export const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

export function toBase62(bytes: Uint8Array, width?: number): string {
  let n = BigInt("0x" + (Buffer.from(bytes).toString("hex") || "0"));
  let out = "";
  while (n > 0n) {
    out = BASE62[Number(n % 62n)] + out;
    n /= 62n;
  }
  return width ? out.padStart(width, "0") : out || "0";
}

// The random part is two 40-bit halves in plain numbers (exact below 2^53): ids are made on every hot path, and BigInt
// arithmetic made each one cost about 2 µs.
const HALF = 2 ** 40;
let lastTime = 0;
let high = 0;
let low = 0;

/** `n` (a non-negative integer below 2^53) in base62, zero-padded to exactly `width` characters. */
function base62(n: number, width: number): string {
  let out = "";
  for (let i = 0; i < width; i++) {
    out = BASE62[n % 62] + out;
    n = Math.floor(n / 62);
  }
  return out;
}

/**
 * A prefixed, time-sortable id: prefix_ + 9 chars of milliseconds + 14 random chars (two 7-char halves of 40 bits).
 * Within one millisecond the random part counts up from the first value (as monotonic ULIDs do), so ids made by one
 * process sort in creation order and keyset pagination by (created_at, id) keeps that order.
 */
export function newId<P extends IdPrefix>(prefix: P): Id<P> {
  const now = Date.now();
  if (now > lastTime || (high === HALF - 1 && low === HALF - 1)) {
    lastTime = now > lastTime ? now : lastTime + 1;
    const random = randomBytes(10);
    high = Math.floor(random.readUIntBE(0, 5) / 2); // leave room to count up
    low = random.readUIntBE(5, 5);
  } else if (++low === HALF) {
    low = 0;
    high++;
  }
  return `${prefix}_${base62(lastTime, 9)}${base62(high, 7)}${base62(low, 7)}` as Id<P>;
}

/** An unguessable token (at least 128 bits) for URLs such as invitation links and source tokens. */
export function newToken(bytes = 24): string {
  return toBase62(randomBytes(bytes));
}
