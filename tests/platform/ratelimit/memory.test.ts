import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { createRateLimiter, rateLimit, rateLimitHeaders, RULES, type RateLimitResult } from "@/lib/platform/ratelimit";
import { closeRedis } from "@/lib/platform/redis";
import { awayFromBoundary } from "./helpers";

/** A memory limiter on a clock the test moves by hand. */
function limiterAt(start: number) {
  const clock = { now: start };
  const limiter = createRateLimiter("memory", { now: () => clock.now });
  return { clock, limiter };
}

const WINDOW_MS = 60_000;
const rule = { limit: 3, windowSeconds: WINDOW_MS / 1000 };
const start = 1_700_000_040_000 + 10_000;
// A burst at `start` leaves the window a whole window later: that is when a request fits again.
const windowEnd = start + WINDOW_MS;

describe("memory rate limiter", () => {
  it("refuses the request over the limit, with remaining and reset counted down", async () => {
    const { limiter } = limiterAt(start);
    const results: RateLimitResult[] = [];
    for (let i = 0; i < 5; i++) results.push(await limiter.limit("api", "key_1", rule));

    expect(results.map((r) => r.success)).toEqual([true, true, true, false, false]);
    expect(results.map((r) => r.remaining)).toEqual([2, 1, 0, 0, 0]);
    for (const r of results) {
      expect(r.limit).toBe(3);
      expect(r.reset).toBe(windowEnd);
    }

    const headers = rateLimitHeaders(results[3], start);
    expect(headers).toEqual({
      "RateLimit-Limit": "3",
      "RateLimit-Remaining": "0",
      "RateLimit-Reset": String((windowEnd - start) / 1000),
      "Retry-After": String((windowEnd - start) / 1000),
    });
    expect(rateLimitHeaders(results[0], start)["Retry-After"]).toBeUndefined();
  });

  it("counts identifiers separately", async () => {
    const { limiter } = limiterAt(start);
    for (let i = 0; i < 3; i++) await limiter.limit("api", "alice", rule);
    expect((await limiter.limit("api", "alice", rule)).success).toBe(false);
    const bob = await limiter.limit("api", "bob", rule);
    expect(bob).toMatchObject({ success: true, remaining: 2 });
  });

  it("counts buckets separately, even when bucket and identifier could be read across the colon", async () => {
    const { limiter } = limiterAt(start);
    for (let i = 0; i < 3; i++) await limiter.limit("signin", "email:a@example.com", rule);
    expect((await limiter.limit("signin", "email:a@example.com", rule)).success).toBe(false);
    expect((await limiter.limit("signin:email", "a@example.com", rule)).success).toBe(true);
    expect((await limiter.limit("api", "email:a@example.com", rule)).success).toBe(true);
  });

  it("allows a request again as soon as the oldest counted one is a window old, and not before", async () => {
    const { clock, limiter } = limiterAt(start);
    const limit2 = { limit: 2, windowSeconds: 60 };
    expect((await limiter.limit("api", "k", limit2)).success).toBe(true);
    clock.now = start + 40_000;
    expect((await limiter.limit("api", "k", limit2)).success).toBe(true);
    const refused = await limiter.limit("api", "k", limit2);
    expect(refused).toMatchObject({ success: false, remaining: 0, reset: start + WINDOW_MS });

    // The case an estimate from per-window counts gets wrong: both requests are still within the last minute.
    clock.now = refused.reset - 1;
    expect((await limiter.limit("api", "k", limit2)).success).toBe(false);
    clock.now = refused.reset;
    expect(await limiter.limit("api", "k", limit2)).toMatchObject({ success: true, remaining: 0, reset: start + 40_000 + WINDOW_MS });

    // A window after the last one, nothing counts.
    clock.now = start + 40_000 + 2 * WINDOW_MS;
    expect(await limiter.limit("api", "k", limit2)).toMatchObject({ success: true, remaining: 1 });
  });

  it("never lets more than the limit through within one window", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 10 }),
        fc.array(fc.integer({ min: 0, max: 5_000 }), { minLength: 1, maxLength: 60 }),
        async (limit, steps) => {
          const { clock, limiter } = limiterAt(start);
          const allowedPerWindow = new Map<number, number>();
          for (const step of steps) {
            clock.now += step;
            const result = await limiter.limit("api", "k", { limit, windowSeconds: 10 });
            expect(result.remaining).toBeGreaterThanOrEqual(0);
            expect(result.remaining).toBeLessThan(limit);
            if (result.success) {
              const window = Math.floor(clock.now / 10_000);
              allowedPerWindow.set(window, (allowedPerWindow.get(window) ?? 0) + 1);
            }
          }
          for (const allowed of allowedPerWindow.values()) expect(allowed).toBeLessThanOrEqual(limit);
        },
      ),
    );
  });

  it("never lets more than the limit through within any interval of one window, and refuses only when it is full", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 10 }),
        // Steps from none (a burst) to more than a window; the window is 1 s, as for endpoint and per-second limits.
        fc.array(fc.integer({ min: 0, max: 1_500 }), { minLength: 1, maxLength: 80 }),
        async (limit, steps) => {
          const { clock, limiter } = limiterAt(start);
          const allowed: number[] = [];
          for (const step of steps) {
            clock.now += step;
            const result = await limiter.limit("api", "k", { limit, windowSeconds: 1 });
            const inWindow = allowed.filter((t) => t > clock.now - 1_000).length;
            if (result.success) allowed.push(clock.now);
            else expect(inWindow).toBe(limit);
          }
          // Any limit + 1 allowed requests span at least a whole window: no interval [t, t + 1 s) holds more.
          for (let i = 0; i + limit < allowed.length; i++) expect(allowed[i + limit] - allowed[i]).toBeGreaterThanOrEqual(1_000);
        },
      ),
    );
  });

  it("forgets the oldest identifier rather than growing without bound", async () => {
    const { limiter } = limiterAt(start);
    for (let i = 0; i < 3; i++) await limiter.limit("api", "first", rule);
    expect((await limiter.limit("api", "first", rule)).success).toBe(false);
    for (let i = 0; i < 100_000; i++) await limiter.limit("api", `flood-${i}`, rule);
    expect(await limiter.limit("api", "first", rule)).toMatchObject({ success: true, remaining: 2 });
  });

  it("rejects unusable rules and bucket names", async () => {
    const { limiter } = limiterAt(start);
    await expect(limiter.limit("api", "k", { limit: 0, windowSeconds: 60 })).rejects.toThrow(RangeError);
    await expect(limiter.limit("api", "k", { limit: 1.5, windowSeconds: 60 })).rejects.toThrow(RangeError);
    await expect(limiter.limit("api", "k", { limit: 5, windowSeconds: 0 })).rejects.toThrow(RangeError);
    await expect(limiter.limit("api", "k", { limit: 5, windowSeconds: Number.NaN })).rejects.toThrow(RangeError);
    await expect(limiter.limit("", "k", rule)).rejects.toThrow(RangeError);
    await expect(limiter.limit("api key", "k", rule)).rejects.toThrow(RangeError);
  });

  it("ships sensible default rules", () => {
    expect(RULES.signInPerEmail).toEqual({ limit: 5, windowSeconds: 600, whenStoreFails: "refuse" });
    expect(RULES.signInPerIp).toEqual({ limit: 20, windowSeconds: 600, whenStoreFails: "refuse" });
    for (const r of Object.values(RULES)) {
      expect(Number.isInteger(r.limit) && r.limit > 0).toBe(true);
      expect(r.windowSeconds).toBeGreaterThan(0);
    }
  });
});

describe("rateLimitHeaders", () => {
  it("always gives whole non-negative seconds, and a Retry-After of at least 1 s only on a refusal", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.nat(),
        fc.boolean(),
        fc.integer({ min: 1_600_000_000_000, max: 1_900_000_000_000 }),
        fc.integer({ min: -120_000, max: 3_600_000 }),
        (limit, used, success, now, untilReset) => {
          const result = { success, limit, remaining: Math.max(0, limit - used), reset: now + untilReset };
          const headers = rateLimitHeaders(result, now);
          for (const value of Object.values(headers)) expect(value).toMatch(/^(0|[1-9]\d*)$/);
          expect(headers["RateLimit-Limit"]).toBe(String(limit));
          expect(headers["RateLimit-Remaining"]).toBe(String(result.remaining));
          const reset = Number(headers["RateLimit-Reset"]);
          // Rounded up: a client that waits RateLimit-Reset seconds is never early.
          expect(reset * 1000).toBeGreaterThanOrEqual(untilReset);
          expect(reset * 1000 - Math.max(0, untilReset)).toBeLessThan(1000);
          if (success) {
            expect(headers["Retry-After"]).toBeUndefined();
          } else {
            expect(Number(headers["Retry-After"])).toBe(Math.max(1, reset));
          }
        },
      ),
    );
  });

  it("never tells a refused client to retry after 0 s, even when the reset has just passed", () => {
    const headers = rateLimitHeaders({ success: false, limit: 5, remaining: 0, reset: 1_000 }, 5_000);
    expect(headers["RateLimit-Reset"]).toBe("0");
    expect(headers["Retry-After"]).toBe("1");
  });
});

describe("rateLimit", () => {
  afterAll(closeRedis);

  it("limits through the backing the environment configures", async () => {
    // A bucket unique to this run: the configured backing may be a Redis shared with other runs.
    const bucket = `test-${Date.now()}-${Math.random().toString(36).slice(2)}`;
    const results: RateLimitResult[] = [];
    await awayFromBoundary(60_000, 2_000);
    for (let i = 0; i < 3; i++) results.push(await rateLimit(bucket, "k", { limit: 2, windowSeconds: 60 }));
    expect(results.map((r) => r.success)).toEqual([true, true, false]);
    expect(results[2]).toMatchObject({ limit: 2, remaining: 0 });
    expect(Number(rateLimitHeaders(results[2])["Retry-After"])).toBeGreaterThanOrEqual(1);
  });
});
