"use client";

import * as React from "react";
import { useSyncExternalStore } from "react";

/** The cookie the browser keeps its IANA time zone in, so the server renders times the way the browser will. */
export const TIME_ZONE_COOKIE = "tz";

const TimeZoneContext = React.createContext("UTC");

/**
 * Tells every <Time> below the zone the server should render in: the viewer's, read from the `tz` cookie, or UTC
 * before the browser has set it. After hydration <Time> switches to the browser's own zone; the cookie only makes
 * that switch a no-op, and is (re)written here whenever it is missing or stale (a laptop that travelled).
 */
export function TimeZoneProvider({ zone, children }: { zone: string | undefined; children?: React.ReactNode }) {
  React.useEffect(() => {
    const browserZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (browserZone && browserZone !== zone) {
      document.cookie = `${TIME_ZONE_COOKIE}=${encodeURIComponent(browserZone)}; path=/; max-age=31536000; samesite=lax`;
    }
  }, [zone]);
  return <TimeZoneContext value={validZone(zone) ?? "UTC"}>{children}</TimeZoneContext>;
}

function validZone(zone: string | undefined): string | undefined {
  if (!zone) return undefined;
  try {
    new Intl.DateTimeFormat("en-GB", { timeZone: zone });
    return zone;
  } catch {
    return undefined;
  }
}

const FORMATS = {
  /** 1 Dec 2026, 21:51:07: the default, for anything that happened at a moment. */
  datetime: { day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23" },
  /** 1 Dec 2026: for things whose day is what matters (joined, created). */
  date: { day: "numeric", month: "short", year: "numeric" },
  /** 21:51:07: inside a live list whose rows are all from today. */
  time: { hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23" },
  /** 21:00: an hour on a chart's axis. */
  hour: { hour: "2-digit", minute: "2-digit", hourCycle: "h23" },
  /** 1 Dec, 21:00: an hour on a chart's axis that spans days. */
  dayHour: { day: "numeric", month: "short", hour: "2-digit", minute: "2-digit", hourCycle: "h23" },
  /** Mon 1 Dec: a day's tick on a chart's axis that spans days. */
  day: { weekday: "short", day: "numeric", month: "short" },
} satisfies Record<string, Intl.DateTimeFormatOptions>;

export type TimeFormat = keyof typeof FORMATS;

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(format: TimeFormat | "exact", timeZone: string) {
  const key = `${format}|${timeZone}`;
  let found = formatters.get(key);
  if (!found) {
    const options: Intl.DateTimeFormatOptions =
      format === "exact"
        ? { weekday: "short", ...FORMATS.datetime, fractionalSecondDigits: 3, timeZoneName: "longOffset" }
        : FORMATS[format];
    found = new Intl.DateTimeFormat("en-GB", { ...options, timeZone });
    formatters.set(key, found);
  }
  return found;
}

/** The app's one way of writing a moment, as text, in the given zone (from useViewerTimeZone in a component). */
export function formatTime(value: Date, format: TimeFormat, timeZone: string): string {
  return formatter(format, timeZone).format(value);
}

const browserZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;
const noSubscription = () => () => {};

/** The zone to write times in from a client component: the server's guess (see TimeZoneProvider), then the browser's. */
export function useViewerTimeZone(): string {
  const serverZone = React.useContext(TimeZoneContext);
  return useSyncExternalStore(noSubscription, browserZone, () => serverZone);
}

/**
 * A moment, written the one way the app writes times, in the viewer's time zone; hovering shows the exact time
 * (milliseconds, offset) and the zone. The server renders in the zone from the `tz` cookie (see TimeZoneProvider)
 * and the browser re-renders in its own: useSyncExternalStore keeps the server's text during hydration, so the two
 * never mismatch even when the cookie is missing.
 */
export function Time({ value, format = "datetime", className }: { value: Date | string | number | null | undefined; format?: TimeFormat; className?: string }) {
  const zone = useViewerTimeZone();
  const date = value == null ? null : value instanceof Date ? value : new Date(value);
  // A moment that never happened (never used, never expires) is a dash, like any other missing value.
  if (!date || Number.isNaN(date.getTime())) return <span className={className}>—</span>;
  return (
    <time dateTime={date.toISOString()} title={`${formatter("exact", zone).format(date)} (${zone})`} className={className}>
      {formatter(format, zone).format(date)}
    </time>
  );
}
