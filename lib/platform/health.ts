import { sql } from "@/db";
import { databaseAvailability } from "@/lib/platform/db-availability";
import { env } from "@/lib/platform/env";
import { getRedis } from "@/lib/platform/redis";

export interface DependencyHealth {
  ok: boolean;
  latencyMs?: number;
  error?: string;
}

export interface Health {
  status: "ok" | "degraded";
  mode: string;
  database: DependencyHealth;
  /** Only when a self-hosted Redis is configured (REDIS_URL). */
  redis?: DependencyHealth;
}

/** One check with a bounded wait, so a dead dependency makes it fail fast instead of hanging. */
async function check(probe: () => Promise<unknown>, timeoutMs: number): Promise<DependencyHealth> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      probe(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
    return { ok: true, latencyMs: Math.round(performance.now() - started) };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : "unreachable" };
  } finally {
    clearTimeout(timer);
  }
}

/** Says which dependency is down. While the database is known to be down, it says so at once, with since when. */
export async function checkHealth(timeoutMs = 3000): Promise<Health> {
  const e = env();
  const [database, redis] = await Promise.all([
    check(() => sql()`select 1`, timeoutMs).then((result): DependencyHealth => {
      const availability = databaseAvailability();
      return result.ok || availability.up ? result : { ok: false, error: `${availability.reason ?? "unreachable"} (down since ${availability.since.toISOString()})` };
    }),
    e.REDIS_URL ? check(() => getRedis().ping(), timeoutMs) : undefined,
  ]);
  const ok = database.ok && (redis?.ok ?? true);
  return { status: ok ? "ok" : "degraded", mode: e.mode, database, ...(redis ? { redis } : {}) };
}
