import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkTimestamp, formatDuration, headerReader, parseUnixSeconds } from "@/lib/signing/common";

describe("formatDuration", () => {
  it("picks a unit a person reads at a glance", () => {
    expect(formatDuration(0)).toBe("0 s");
    expect(formatDuration(119)).toBe("119 s");
    expect(formatDuration(300)).toBe("5 min");
    expect(formatDuration(301)).toBe("5 min 1 s");
    expect(formatDuration(-540)).toBe("9 min");
    expect(formatDuration(7200)).toBe("2 h");
    expect(formatDuration(7500)).toBe("2 h 5 min");
    expect(formatDuration(3 * 86400 + 5)).toBe("3 days");
  });
});

describe("parseUnixSeconds", () => {
  it("accepts digits only", () => {
    expect(parseUnixSeconds("1614265330")).toBe(1614265330);
    expect(parseUnixSeconds(" 42 ")).toBe(42);
    for (const bad of ["", "1.5", "-1", "1e9", "0x10", "12a", "9".repeat(16)]) expect(parseUnixSeconds(bad)).toBeNull();
  });

  it("round-trips every safe non-negative integer it prints", () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 999_999_999_999_999 }), (n) => {
      expect(parseUnixSeconds(String(n))).toBe(n);
    }));
  });
});

describe("checkTimestamp", () => {
  it("accepts exactly the tolerance window", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2e9 }), fc.integer({ min: -1000, max: 1000 }), fc.integer({ min: 1, max: 600 }), (now, skew, tolerance) => {
        const result = checkTimestamp(now - skew, now, tolerance);
        if (Math.abs(skew) <= tolerance) expect(result).toBeNull();
        else expect(result?.reason).toBe(skew > 0 ? "timestamp_too_old" : "timestamp_in_future");
      }),
    );
  });
});

describe("headerReader", () => {
  it("reads plain objects case-insensitively and joins repeated values", () => {
    const read = headerReader({ "X-One": "1", "x-many": ["a", "b"], "x-none": undefined });
    expect(read("x-one")).toBe("1");
    expect(read("X-MANY")).toBe("a, b");
    expect(read("x-none")).toBeUndefined();
    expect(headerReader(new Headers({ "X-One": "1" }))("x-one")).toBe("1");
  });
});
