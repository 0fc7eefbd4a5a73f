import { Ratelimit } from "@upstash/ratelimit";
import { Redis as UpstashRedis } from "@upstash/redis";
import type { Redis } from "ioredis";
import { AppError } from "@/lib/api";
import { env, rateLimitBacking, type RateLimitBacking } from "@/lib/platform/env";
import { createUpstashCompatibleRedis, getRedis, type UpstashCompatibleRedis } from "@/lib/platform/redis";

/**
 * Rate limits with one interface over three stores (DESIGN §3): Upstash REST on Vercel, a self-hosted Redis through
 * an ioredis adapter, and an in-process store for the embedded default.
 *
 * The shared stores (Redis, Upstash) run Upstash's sliding window: counts are kept per fixed window aligned to the
 * epoch, and a request is allowed while
 *   floor(previousWindowCount * (1 - elapsedFractionOfCurrentWindow)) + currentWindowCount < limit.
 * It beats a fixed window, but it is an estimate: it assumes the previous window's requests were spread evenly, so a
 * client that spent its limit at the end of one window can spend most of it again early in the next. `reset` is the
 * end of the current window: by then the previous window's weight has started to decay, so at least one request is
 * allowed again, which is what `Retry-After` promises.
 *
 * The in-process store is exact instead: it keeps the times of the requests it allowed within the last window and
 * allows one more only while fewer than the limit remain, so no interval of one window ever holds more than the
 * limit. Memory follows traffic (one number per allowed request still inside its window), not the limits. Its
 * `reset` is when the oldest of those leaves the window, the moment one more request fits.
 */

export interface RateLimitResult {
  success: boolean;
  limit: number;
  remaining: number;
  /**
   * Unix time in milliseconds by which one more request is allowed: the end of the current window (shared stores),
   * or when the oldest request still counted leaves the window (in-process).
   */
  reset: number;
}

export interface RateLimitRule {
  limit: number;
  windowSeconds: number;
  /**
   * What a store error means (see `storeUnavailable`): by default the request is allowed with a logged warning (the
   * API, webhook intake, deliveries); with "refuse" it is refused with a 503 `rate_limit_unavailable` (sign-in).
   */
  whenStoreFails?: "allow" | "refuse";
}

export interface RateLimiter {
  limit(bucket: string, identifier: string, rule: RateLimitRule): Promise<RateLimitResult>;
}

export interface RateLimiterOptions {
  /** Prefix of every key in the store. Tests pass a unique one per run so runs never share counters. */
  keyPrefix?: string;
  /** "redis" backing: the ioredis client. Defaults to the shared `getRedis()`. */
  redis?: Pick<Redis, "call">;
  /** "upstash" backing: REST credentials. Default to UPSTASH_REDIS_REST_URL and UPSTASH_REDIS_REST_TOKEN. */
  upstash?: { url: string; token: string };
  /** "memory" backing: the clock in unix milliseconds, so tests can move time instead of waiting. */
  now?: () => number;
  /** How long to wait for Redis before counting it unavailable (see `storeUnavailable`). */
  timeoutMs?: number;
}

/** Defaults for the limits the app applies. Sign-in limits are per 10 minutes; traffic limits per minute. */
export const RULES = {
  // Sign-in fails closed: without its limits, anyone could flood an inbox or sweep addresses while the store is down.
  signInPerEmail: { limit: 5, windowSeconds: 600, whenStoreFails: "refuse" },
  signInPerIp: { limit: 20, windowSeconds: 600, whenStoreFails: "refuse" },
  /** Used when a source has no rate limit of its own. Providers burst (a Stripe backfill, a Shopify bulk edit). */
  inboundPerSource: { limit: 600, windowSeconds: 60 },
  apiPerKey: { limit: 600, windowSeconds: 60 },
  /** API requests refused before a key is known (no key, a bad one, a refused address), per client address. */
  apiUnauthenticatedPerIp: { limit: 600, windowSeconds: 60 },
  /** Lookups of API keys that pass the checksum but do not exist, per client address (lib/keys/unknown-keys.ts). */
  unknownKeysPerIp: { limit: 30, windowSeconds: 60 },
  /** Dashboard mutations (lib/api/actions.ts): generous for people, a wall for scripts hammering server actions. */
  dashboardActionPerUser: { limit: 120, windowSeconds: 60 },
} as const satisfies Record<string, RateLimitRule>;

const DEFAULT_KEY_PREFIX = "switchboard:ratelimit";
const DEFAULT_TIMEOUT_MS = 2_000;

/** Buckets are names chosen in code ("api", "signin:email"); identifiers come from users and are escaped. */
const BUCKET = /^[a-z0-9][a-z0-9:_-]*$/i;

/** The rule's window in milliseconds, after checking the rule is usable. */
function checkedWindowMs(rule: RateLimitRule): number {
  const windowMs = Math.round(rule.windowSeconds * 1000);
  if (!Number.isSafeInteger(rule.limit) || rule.limit < 1) {
    throw new RangeError(`Rate limit must be a positive integer, got ${rule.limit}.`);
  }
  if (!Number.isFinite(windowMs) || windowMs < 1) {
    throw new RangeError(`Rate limit window must be at least 1 ms, got ${rule.windowSeconds} s.`);
  }
  return windowMs;
}

/**
 * The store's key for one bucket and identifier. `encodeURIComponent` escapes ":", so a user-chosen identifier such
 * as "x:y" can never reach into another bucket's keys.
 */
function keyOf(bucket: string, identifier: string): string {
  if (!BUCKET.test(bucket)) throw new RangeError(`Invalid rate limit bucket "${bucket}".`);
  return `${bucket}:${encodeURIComponent(identifier)}`;
}

/**
 * When the store is down or slow, a rule decides. By default the request is allowed (fail open): a Redis outage
 * should not take the API, webhook intake and deliveries down with it, and the warning makes the unprotected period
 * visible in the logs. Sign-in's rules refuse instead (fail closed) with a 503, since a mail-sending endpoint without
 * its limits is open to abuse; people can sign in again once the store is back.
 */
function storeUnavailable(bucket: string, rule: RateLimitRule, windowMs: number, now: number, cause: unknown): RateLimitResult {
  const reason = cause instanceof Error ? cause.message : String(cause);
  if (rule.whenStoreFails === "refuse") {
    console.error(JSON.stringify({ level: "error", msg: "rate limit store unavailable; request refused", bucket, reason }));
    throw new AppError("rate_limit_unavailable", "This is briefly unavailable (the rate limiter cannot be reached). Try again in a minute.");
  }
  console.warn(JSON.stringify({ level: "warn", msg: "rate limit store unavailable; request allowed", bucket, reason }));
  return { success: true, limit: rule.limit, remaining: rule.limit, reset: (Math.floor(now / windowMs) + 1) * windowMs };
}

/** Rate limiting through @upstash/ratelimit, against either Upstash REST or the ioredis adapter. */
function upstashLimiter(
  redis: UpstashRedis | UpstashCompatibleRedis,
  options: { keyPrefix: string; timeoutMs: number; ephemeralCache: boolean },
): RateLimiter {
  // One Ratelimit per (bucket, limit, window), built on first use, because routes call this on every request.
  const instances = new Map<string, Ratelimit>();

  return {
    async limit(bucket, identifier, rule) {
      const windowMs = checkedWindowMs(rule);
      const key = keyOf(bucket, identifier);
      const cacheKey = `${bucket}|${rule.limit}|${windowMs}`;
      let ratelimit = instances.get(cacheKey);
      if (!ratelimit) {
        ratelimit = new Ratelimit({
          // The adapter implements only eval and evalsha. The type also asks for get and set, which Ratelimit uses
          // only for dynamic limits, and those stay off.
          redis: redis as UpstashRedis,
          limiter: Ratelimit.slidingWindow(rule.limit, `${windowMs} ms`),
          // Ratelimit joins prefix and identifier with ":", so keys read prefix:bucket:identifier:window.
          prefix: options.keyPrefix,
          timeout: options.timeoutMs,
          ephemeralCache: options.ephemeralCache ? new Map<string, number>() : false,
          analytics: false,
          enableTelemetry: false,
        });
        instances.set(cacheKey, ratelimit);
      }
      try {
        const result = await ratelimit.limit(key);
        // On timeout Ratelimit itself allows the request, reporting limit 0; report it like any other outage.
        if (result.reason === "timeout") throw new Error(`no answer within ${options.timeoutMs} ms`);
        return { success: result.success, limit: result.limit, remaining: result.remaining, reset: result.reset };
      } catch (error) {
        return storeUnavailable(bucket, rule, windowMs, Date.now(), error);
      }
    },
  };
}

/** Forget identifiers whose window holds nothing any more, at most this often. */
const SWEEP_INTERVAL_MS = 60_000;
/** Hard cap on tracked identifiers, so a flood of distinct ones (say, random IPv6 addresses) cannot exhaust memory. */
const MAX_ENTRIES = 100_000;

interface Log {
  windowMs: number;
  /** When the requests allowed within the last window were made, oldest first. */
  times: number[];
}

/** The in-process store: an exact sliding log per identifier (see the top of this file). */
function memoryLimiter(now: () => number): RateLimiter {
  const logs = new Map<string, Log>();
  let lastSweep = now();

  function sweep(at: number) {
    for (const [key, log] of logs) {
      if ((log.times.at(-1) ?? -Infinity) <= at - log.windowMs) logs.delete(key);
    }
    lastSweep = at;
  }

  return {
    async limit(bucket, identifier, rule) {
      const windowMs = checkedWindowMs(rule);
      const key = keyOf(bucket, identifier);
      const at = now();
      if (at - lastSweep >= SWEEP_INTERVAL_MS) sweep(at);

      let log = logs.get(key);
      if (!log || log.windowMs !== windowMs) {
        // Maps iterate in insertion order, so the first key is the oldest identifier: forgetting it is the cheapest
        // way to stay under the cap.
        if (!log && logs.size >= MAX_ENTRIES) logs.delete(logs.keys().next().value!);
        log = { windowMs, times: [] };
        logs.set(key, log);
      }
      // A request made exactly one window ago no longer counts: windows are half-open, [t, t + window).
      let expired = 0;
      while (expired < log.times.length && log.times[expired] <= at - windowMs) expired++;
      if (expired > 0) log.times.splice(0, expired);

      if (log.times.length >= rule.limit) {
        return { success: false, limit: rule.limit, remaining: 0, reset: log.times[0] + windowMs };
      }
      log.times.push(at);
      return { success: true, limit: rule.limit, remaining: rule.limit - log.times.length, reset: log.times[0] + windowMs };
    },
  };
}

/** Builds a limiter on an explicit backing. The app uses `rateLimit()`; tests and scripts construct their own. */
export function createRateLimiter(backing: RateLimitBacking, options: RateLimiterOptions = {}): RateLimiter {
  const keyPrefix = options.keyPrefix ?? DEFAULT_KEY_PREFIX;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  switch (backing) {
    case "upstash": {
      const { url, token } = options.upstash ?? {
        url: env().UPSTASH_REDIS_REST_URL,
        token: env().UPSTASH_REDIS_REST_TOKEN,
      };
      if (!url || !token) throw new Error("The upstash backing needs UPSTASH_REDIS_REST_URL and UPSTASH_REDIS_REST_TOKEN.");
      // Each Vercel instance keeps an ephemeral cache of identifiers Redis has already refused, until the window
      // ends. It can only refuse more, never allow more, across instances: what it refuses is what `Retry-After`
      // already told the client to wait for. It spares a paid REST call for every request of a client that ignores
      // the 429.
      return upstashLimiter(new UpstashRedis({ url, token, enableTelemetry: false }), {
        keyPrefix,
        timeoutMs,
        ephemeralCache: true,
      });
    }
    case "redis":
      // A local Redis answers in well under a millisecond, so the cache would buy nothing; without it the answers
      // match the in-process store exactly.
      return upstashLimiter(createUpstashCompatibleRedis(options.redis ?? getRedis()), {
        keyPrefix,
        timeoutMs,
        ephemeralCache: false,
      });
    case "memory":
      // Read through the global each time rather than capturing `Date.now`, so tests that fake Date move it too.
      return memoryLimiter(options.now ?? (() => Date.now()));
  }
}

let defaultLimiter: RateLimiter | undefined;

/**
 * Counts one request of `identifier` in `bucket` against `rule`, on the backing the environment configures.
 * A bucket should always be used with the same rule: the counters are shared by bucket and identifier.
 */
export async function rateLimit(bucket: string, identifier: string, rule: RateLimitRule): Promise<RateLimitResult> {
  defaultLimiter ??= createRateLimiter(rateLimitBacking());
  return defaultLimiter.limit(bucket, identifier, rule);
}

/**
 * Response headers for a rate-limited endpoint, in the IETF RateLimit header fields' form (seconds until reset),
 * plus `Retry-After` on a refusal. Both round up, so a client that waits as told is never early.
 */
export function rateLimitHeaders(result: RateLimitResult, now: number = Date.now()): Record<string, string> {
  const secondsToReset = Math.max(0, Math.ceil((result.reset - now) / 1000));
  const headers: Record<string, string> = {
    "RateLimit-Limit": String(result.limit),
    "RateLimit-Remaining": String(result.remaining),
    "RateLimit-Reset": String(secondsToReset),
  };
  if (!result.success) headers["Retry-After"] = String(Math.max(1, secondsToReset));
  return headers;
}

/** Tests switch backings by changing the environment; this makes the next call pick the backing again. */
export function resetRateLimiterForTests() {
  defaultLimiter = undefined;
}
