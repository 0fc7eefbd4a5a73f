// Durations as people type them ("5m", "2h", "5d"). Kept apart from the form parsers, which import server-only
// modules, because the endpoint form (a client component) formats durations too.

const UNIT_SECONDS = { s: 1, m: 60, h: 3600, d: 86_400 } as const;

/** "90" or "90s" → 90, "5m" → 300, "2h" → 7200, "5d" → 432000; null when the text is not a duration. */
export function parseDuration(text: string): number | null {
  const match = /^\s*(\d{1,9})\s*([smhd]?)\s*$/i.exec(text);
  if (!match) return null;
  const unit = (match[2] || "s").toLowerCase() as keyof typeof UNIT_SECONDS;
  return Number(match[1]) * UNIT_SECONDS[unit];
}

/** The shortest exact spelling of a number of seconds in the largest unit that divides it: 300 → "5m". */
export function formatDuration(seconds: number): string {
  for (const unit of ["d", "h", "m"] as const) {
    if (seconds > 0 && seconds % UNIT_SECONDS[unit] === 0) return `${seconds / UNIT_SECONDS[unit]}${unit}`;
  }
  return `${seconds}s`;
}
