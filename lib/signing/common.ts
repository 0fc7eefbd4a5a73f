import { createHmac } from "node:crypto";
import { safeEqual } from "@/lib/platform";

/** Headers as a route handler (fetch `Headers`) or node:http (`IncomingHttpHeaders`) hands them over. */
export type HeaderInput = Headers | Record<string, string | string[] | undefined>;

/** A case-insensitive header lookup; repeated headers are joined the way fetch's Headers joins them. */
export function headerReader(headers: HeaderInput): (name: string) => string | undefined {
  if (headers instanceof Headers) return (name) => headers.get(name) ?? undefined;
  const lower = new Map<string, string>();
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    lower.set(name.toLowerCase(), Array.isArray(value) ? value.join(", ") : value);
  }
  return (name) => lower.get(name.toLowerCase());
}

export type HmacAlgorithm = "sha1" | "sha256" | "sha512";

export function hmac(algorithm: HmacAlgorithm, key: string | Buffer, ...parts: (string | Buffer)[]): Buffer {
  const mac = createHmac(algorithm, key);
  for (const part of parts) mac.update(part);
  return mac.digest();
}

/**
 * Compares every offered signature with every expected one, without stopping at the first match, so the
 * time taken does not reveal which one matched.
 */
export function anyMatch(offered: readonly string[], expected: readonly string[]): boolean {
  let matched = false;
  for (const candidate of offered) {
    for (const wanted of expected) matched = safeEqual(candidate, wanted) || matched;
  }
  return matched;
}

/** Human durations for failure details, e.g. "9 min" or "2 h 5 min". */
export function formatDuration(totalSeconds: number): string {
  const seconds = Math.round(Math.abs(totalSeconds));
  if (seconds < 120) return `${seconds} s`;
  if (seconds < 2 * 3600) {
    const rest = seconds % 60;
    return `${Math.floor(seconds / 60)} min${rest ? ` ${rest} s` : ""}`;
  }
  if (seconds < 2 * 86400) {
    const minutes = Math.floor((seconds % 3600) / 60);
    return `${Math.floor(seconds / 3600)} h${minutes ? ` ${minutes} min` : ""}`;
  }
  return `${Math.floor(seconds / 86400)} days`;
}

export type TimestampFailure = {
  ok: false;
  reason: "bad_timestamp" | "timestamp_too_old" | "timestamp_in_future";
  detail: string;
};

/** Unix seconds as a header carries them: ASCII digits only, so "1.5", "-1" and "1e9" are refused. */
export function parseUnixSeconds(value: string): number | null {
  if (!/^\d{1,15}$/.test(value.trim())) return null;
  return Number(value.trim());
}

/** Replay protection: the timestamp must lie within `tolerance` seconds of `now`, either way. */
export function checkTimestamp(timestamp: number, now: number, tolerance: number): TimestampFailure | null {
  const age = now - timestamp;
  const limit = `(tolerance ${formatDuration(tolerance)})`;
  if (age > tolerance) {
    return { ok: false, reason: "timestamp_too_old", detail: `timestamp is ${formatDuration(age)} old ${limit}` };
  }
  if (-age > tolerance) {
    // A timestamp about a thousand times "now" is the commonest clock bug: milliseconds sent as seconds.
    const hint = timestamp > now * 100 ? "; it looks like milliseconds, but the header must be in seconds" : "; check the sender's clock";
    return {
      ok: false,
      reason: "timestamp_in_future",
      detail: `timestamp is ${formatDuration(-age)} in the future ${limit}${hint}`,
    };
  }
  return null;
}

export function nowInSeconds(): number {
  return Math.floor(Date.now() / 1000);
}
