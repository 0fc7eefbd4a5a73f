import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";

import { Time, TimeZoneProvider, formatTime } from "@/components/ui/time";

const MOMENT = new Date("2026-12-01T20:51:07.123Z");

describe("Time", () => {
  it("writes every moment one way, in the zone asked for", () => {
    expect(formatTime(MOMENT, "datetime", "UTC")).toBe("1 Dec 2026, 20:51:07");
    expect(formatTime(MOMENT, "datetime", "Europe/Paris")).toBe("1 Dec 2026, 21:51:07");
    expect(formatTime(MOMENT, "datetime", "Asia/Tokyo")).toBe("2 Dec 2026, 05:51:07");
    expect(formatTime(MOMENT, "date", "Asia/Tokyo")).toBe("2 Dec 2026");
    expect(formatTime(MOMENT, "time", "America/New_York")).toBe("15:51:07");
  });

  it("renders on the server in the viewer's zone from the cookie, with the exact time and zone on hover", () => {
    const html = renderToStaticMarkup(createElement(TimeZoneProvider, { zone: "Europe/Paris" }, createElement(Time, { value: MOMENT })));
    expect(html).toContain('dateTime="2026-12-01T20:51:07.123Z"');
    expect(html).toContain(">1 Dec 2026, 21:51:07</time>");
    expect(html).toContain('title="Tue, 1 Dec 2026, 21:51:07.123 GMT+01:00 (Europe/Paris)"');
  });

  it("falls back to UTC for a missing or forged zone, and writes a dash for no moment", () => {
    const at = (zone: string | undefined) => renderToStaticMarkup(createElement(TimeZoneProvider, { zone }, createElement(Time, { value: MOMENT })));
    expect(at(undefined)).toContain(">1 Dec 2026, 20:51:07</time>");
    expect(at("Not/AZone")).toContain(">1 Dec 2026, 20:51:07</time>");
    expect(renderToStaticMarkup(createElement(Time, { value: null }))).toBe("<span>—</span>");
  });
});
