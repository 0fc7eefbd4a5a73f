import { inArray, sql as dsql } from "drizzle-orm";
import { db } from "@/db";
import { apiKeys, apiKeyUsageDaily } from "@/db/schema";

/**
 * Usage is counted in memory and written in batches, so a hot key costs no write per request: daily counts are
 * added up every few seconds, and last_used_at is written at most once a minute per key.
 */
const FLUSH_EVERY_MS = 5_000;
const LAST_USED_EVERY_MS = 60_000;

const pending = new Map<string, number>(); // "keyId|day" -> requests since the last flush
const lastUsedWritten = new Map<string, number>();
const lastUsedDue = new Set<string>();
let timer: NodeJS.Timeout | undefined;

export function recordKeyUse(keyId: string, now = new Date()) {
  const slot = `${keyId}|${now.toISOString().slice(0, 10)}`;
  pending.set(slot, (pending.get(slot) ?? 0) + 1);
  if (now.getTime() - (lastUsedWritten.get(keyId) ?? 0) >= LAST_USED_EVERY_MS) {
    lastUsedWritten.set(keyId, now.getTime());
    lastUsedDue.add(keyId);
  }
  timer ??= setTimeout(() => {
    timer = undefined;
    flushKeyUsage().catch((error) => console.warn("[keys] usage flush failed", error));
  }, FLUSH_EVERY_MS).unref();
}

export async function flushKeyUsage() {
  const counts = [...pending].map(([slot, count]) => {
    const [keyId, day] = slot.split("|");
    return { keyId, day, count };
  });
  const touched = [...lastUsedDue];
  pending.clear();
  lastUsedDue.clear();
  try {
    // A key may be gone by now (deleted with its application or workspace): its counts go with it, or the foreign
    // key would fail the batch, and every later one that retries it, for every key.
    const live = counts.length > 0 ? new Set((await db().select({ id: apiKeys.id }).from(apiKeys).where(inArray(apiKeys.id, [...new Set(counts.map((c) => c.keyId))]))).map((k) => k.id)) : new Set();
    const kept = counts.filter((c) => live.has(c.keyId));
    if (kept.length > 0) {
      await db()
        .insert(apiKeyUsageDaily)
        .values(kept)
        .onConflictDoUpdate({ target: [apiKeyUsageDaily.keyId, apiKeyUsageDaily.day], set: { count: dsql`${apiKeyUsageDaily.count} + excluded.count` } });
    }
    if (touched.length > 0) await db().update(apiKeys).set({ lastUsedAt: new Date() }).where(inArray(apiKeys.id, touched));
  } catch (error) {
    // Keep the counts for the next flush (a database blip must not lose usage), then report.
    for (const { keyId, day, count } of counts) pending.set(`${keyId}|${day}`, (pending.get(`${keyId}|${day}`) ?? 0) + count);
    throw error;
  }
}

/** Forgets the once-a-minute memory (tests). */
export function resetKeyUsageForTests() {
  pending.clear();
  lastUsedWritten.clear();
  lastUsedDue.clear();
}
