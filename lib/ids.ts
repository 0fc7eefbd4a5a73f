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

/** A prefixed, time-sortable id: prefix_ + 9 chars of milliseconds + 14 random chars. */
export function newId(prefix: IdPrefix): string {
  const time = Buffer.alloc(8);
  time.writeBigUInt64BE(BigInt(Date.now()));
  return `${prefix}_${toBase62(time, 9)}${toBase62(randomBytes(10), 14)}`;
}

/** An unguessable token (at least 128 bits) for URLs such as invitation links and source tokens. */
export function newToken(bytes = 24): string {
  return toBase62(randomBytes(bytes));
}
