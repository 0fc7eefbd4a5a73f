import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";

export const redisUrl = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";

/** A key prefix no other test run shares, so parallel runs never see each other's counters. */
export function uniquePrefix() {
  return `test:ratelimit:${randomUUID()}`;
}

export function connectRedis() {
  return new Redis(redisUrl, { maxRetriesPerRequest: 1 });
}

export async function deleteKeys(redis: Redis, prefix: string) {
  let cursor = "0";
  do {
    const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}*`, "COUNT", 1000);
    if (keys.length > 0) await redis.del(...keys);
    cursor = next;
  } while (cursor !== "0");
}

/**
 * Waits until the current window of `windowMs` has at least `marginMs` left, so a burst that must land in one
 * window does not straddle a boundary. Waits at most `marginMs`.
 */
export async function awayFromBoundary(windowMs: number, marginMs: number) {
  const left = windowMs - (Date.now() % windowMs);
  if (left < marginMs) await new Promise((resolve) => setTimeout(resolve, left + 10));
}
