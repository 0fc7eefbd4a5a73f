import { randomBytes } from "node:crypto";

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

export type IdPrefix =
  | "usr" | "ws" | "inv" | "aud" | "key" | "rot" | "mail" | "acc" | "ses"
  | "evt" | "evtv" | "ep" | "sec" | "msg" | "dlv" | "att" | "oev" | "src" | "req" | "con" | "tpl" | "trf";

let lastTime = 0n;
let lastRandom = 0n;
const RANDOM_MAX = (1n << 80n) - 1n;

/**
 * A prefixed, time-sortable id: prefix_ + 9 chars of milliseconds + 14 random chars. Within one millisecond the random
 * part counts up from the first value (as monotonic ULIDs do), so ids made by one process sort in creation order and
 * keyset pagination by (created_at, id) keeps that order.
 */
export function newId(prefix: IdPrefix): string {
  const now = BigInt(Date.now());
  if (now > lastTime || lastRandom >= RANDOM_MAX) {
    lastTime = now > lastTime ? now : lastTime + 1n;
    lastRandom = BigInt(`0x${randomBytes(10).toString("hex")}`) >> 1n; // leave room to count up
  } else {
    lastRandom += 1n;
  }
  const time = Buffer.alloc(8);
  time.writeBigUInt64BE(lastTime);
  const random = Buffer.from(lastRandom.toString(16).padStart(20, "0"), "hex");
  return `${prefix}_${toBase62(time, 9)}${toBase62(random, 14)}`;
}

/** An unguessable token (at least 128 bits) for URLs such as invitation links and source tokens. */
export function newToken(bytes = 24): string {
  return toBase62(randomBytes(bytes));
}
