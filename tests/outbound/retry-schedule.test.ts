import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DEFAULT_RETRY_SCHEDULE, JITTER, nextAttemptDelay } from "@/lib/outbound/retry-schedule";
import { parseRetryAfter } from "@/lib/net/retry-after";

// A random source in [0, 1) that never reaches 1, as Math.random promises.
const unit = fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true });

describe("nextAttemptDelay", () => {
  it("follows the documented schedule when the random source sits at the midpoint", () => {
    const delays = DEFAULT_RETRY_SCHEDULE.map((_, attemptNumber) => nextAttemptDelay({ attemptNumber, random: () => 0.5 }));
    expect(delays).toEqual([0, 5, 300, 1800, 7200, 18000, 36000, 36000]);
  });

  it("spreads each delay by at most ±20% (property)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: DEFAULT_RETRY_SCHEDULE.length - 1 }), unit, (attemptNumber, r) => {
        const scheduled = DEFAULT_RETRY_SCHEDULE[attemptNumber];
        const delay = nextAttemptDelay({ attemptNumber, random: () => r });
        expect(delay).not.toBeNull();
        expect(delay!).toBeGreaterThanOrEqual(scheduled * (1 - JITTER));
        expect(delay!).toBeLessThanOrEqual(scheduled * (1 + JITTER));
      }),
    );
  });

  it("reaches both ends of the jitter window", () => {
    expect(nextAttemptDelay({ attemptNumber: 2, random: () => 0 })).toBe(240);
    expect(nextAttemptDelay({ attemptNumber: 2, random: () => 0.999999 })).toBeCloseTo(360, 2);
  });

  it("is exhausted after the last scheduled entry", () => {
    expect(nextAttemptDelay({ attemptNumber: 7, random: () => 0.5 })).toBe(36000);
    expect(nextAttemptDelay({ attemptNumber: 8 })).toBeNull();
    expect(nextAttemptDelay({ attemptNumber: 50, retryAfterSeconds: 10 })).toBeNull();
  });

  it("uses a custom schedule, including its own exhaustion point", () => {
    const schedule = [0, 60, 120];
    expect(nextAttemptDelay({ attemptNumber: 1, schedule, random: () => 0.5 })).toBe(60);
    expect(nextAttemptDelay({ attemptNumber: 2, schedule, random: () => 0 })).toBe(96);
    expect(nextAttemptDelay({ attemptNumber: 3, schedule })).toBeNull();
  });

  it("honours Retry-After inside the window and clamps it on both sides", () => {
    // Scheduled delay for the third attempt is 300 s, so the window is [300, 600].
    expect(nextAttemptDelay({ attemptNumber: 2, retryAfterSeconds: 450 })).toBe(450);
    expect(nextAttemptDelay({ attemptNumber: 2, retryAfterSeconds: 10 })).toBe(300);
    expect(nextAttemptDelay({ attemptNumber: 2, retryAfterSeconds: 86400 })).toBe(600);
    expect(nextAttemptDelay({ attemptNumber: 2, retryAfterSeconds: 0 })).toBe(300);
  });

  it("keeps every Retry-After within [scheduled, 2 × scheduled] (property)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: DEFAULT_RETRY_SCHEDULE.length - 1 }), fc.integer({ min: 0, max: 10 ** 9 }), (attemptNumber, retryAfterSeconds) => {
        const scheduled = DEFAULT_RETRY_SCHEDULE[attemptNumber];
        const delay = nextAttemptDelay({ attemptNumber, retryAfterSeconds, random: () => 0 })!;
        expect(delay).toBeGreaterThanOrEqual(scheduled);
        expect(delay).toBeLessThanOrEqual(2 * scheduled);
      }),
    );
  });

  it("ignores an unusable Retry-After and jitters the scheduled delay instead", () => {
    for (const retryAfterSeconds of [null, Number.NaN, -5, Number.POSITIVE_INFINITY]) {
      expect(nextAttemptDelay({ attemptNumber: 1, retryAfterSeconds, random: () => 0 })).toBe(4);
    }
  });

  it("rejects a nonsensical attempt number", () => {
    expect(() => nextAttemptDelay({ attemptNumber: -1 })).toThrow(RangeError);
    expect(() => nextAttemptDelay({ attemptNumber: 1.5 })).toThrow(RangeError);
  });
});

describe("parseRetryAfter", () => {
  const now = Date.parse("2025-03-01T12:00:00Z");

  it("reads delay-seconds", () => {
    expect(parseRetryAfter("120", now)).toBe(120);
    expect(parseRetryAfter(" 0 ", now)).toBe(0);
  });

  it("reads an HTTP date relative to the given clock", () => {
    expect(parseRetryAfter("Sat, 01 Mar 2025 12:05:00 GMT", now)).toBe(300);
    expect(parseRetryAfter("Sat, 01 Mar 2025 12:05:00 GMT", new Date(now + 60_000))).toBe(240);
    expect(parseRetryAfter("Sat, 01 Mar 2025 11:00:00 GMT", now)).toBe(0);
  });

  it("returns null for anything else", () => {
    for (const value of [undefined, null, "", "soon", "-5", "1.5", "2025-03-01T12:05:00", "Sat, 01 Mar 2025 12:05:00"]) {
      expect(parseRetryAfter(value, now), String(value)).toBeNull();
    }
  });

  it("round-trips any future instant written as an HTTP date (property)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10 ** 8 }), (seconds) => {
        const header = new Date(now + seconds * 1000).toUTCString();
        expect(parseRetryAfter(header, now)).toBe(seconds);
      }),
    );
  });
});
