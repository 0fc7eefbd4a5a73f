import { sql as dsql } from "drizzle-orm";
import { sql, type Tx } from "@/db";

/**
 * A short-lived in-process cache for hot-path lookups, kept honest across app instances by PostgreSQL NOTIFY: a
 * change calls `invalidate` inside its transaction, and every instance drops the entry when that transaction
 * commits. The TTL bounds staleness if a notification is ever missed (a listener reconnecting, say).
 */
export function notifiedCache<V>(options: { channel: string; ttlMs: number; maxEntries?: number }) {
  const { channel, ttlMs, maxEntries = 10_000 } = options;
  const entries = new Map<string, { value: V; at: number }>();
  let listening: Promise<unknown> | undefined;

  const listen = () => {
    listening ??= sql()
      .listen(channel, (key) => entries.delete(key))
      .catch((error) => {
        console.warn(`[cache] could not LISTEN on ${channel}; entries expire after ${ttlMs} ms`, error);
        listening = undefined;
      });
  };

  return {
    get(key: string): V | undefined {
      const entry = entries.get(key);
      return entry && Date.now() - entry.at < ttlMs ? entry.value : undefined;
    },
    set(key: string, value: V) {
      listen();
      if (entries.size >= maxEntries) entries.delete(entries.keys().next().value!);
      entries.set(key, { value, at: Date.now() });
    },
    /** Drops the entry here at once, and everywhere when `tx` commits. */
    async invalidate(tx: Tx, key: string) {
      entries.delete(key);
      await tx.execute(dsql`select pg_notify(${channel}, ${key})`);
    },
    clear() {
      entries.clear();
    },
  };
}
