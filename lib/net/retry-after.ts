/**
 * Parses a Retry-After header into seconds from `now`: either delay-seconds ("120") or an HTTP date
 * ("Wed, 21 Oct 2015 07:28:00 GMT"). A date in the past means 0. Anything else returns null and is ignored.
 */
export function parseRetryAfter(value: string | null | undefined, now: Date | number): number | null {
  if (value == null) return null;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text);
  // HTTP dates are always GMT; requiring it keeps Date.parse from reading arbitrary local-time strings.
  if (!/ GMT$/.test(text)) return null;
  const at = Date.parse(text);
  if (Number.isNaN(at)) return null;
  const nowMs = typeof now === "number" ? now : now.getTime();
  return Math.max(0, Math.ceil((at - nowMs) / 1000));
}
