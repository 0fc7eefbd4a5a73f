import { sql } from "@/db";
import { env } from "@/lib/env";

export interface Health {
  status: "ok" | "degraded";
  mode: string;
  database: { ok: boolean; latencyMs?: number; error?: string };
}

/** Checks the database with a bounded wait, so a dead database makes the check fail fast instead of hanging. */
export async function checkHealth(timeoutMs = 3000): Promise<Health> {
  const mode = env().mode;
  const started = performance.now();
  try {
    await Promise.race([
      sql()`select 1`,
      new Promise((_, reject) => setTimeout(() => reject(new Error("timed out")), timeoutMs).unref()),
    ]);
    return { status: "ok", mode, database: { ok: true, latencyMs: Math.round(performance.now() - started) } };
  } catch (error) {
    return { status: "degraded", mode, database: { ok: false, error: error instanceof Error ? error.message : "unreachable" } };
  }
}
