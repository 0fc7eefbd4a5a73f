import { drizzle, type PostgresJsDatabase } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import { boundQueueWaits, resetDatabaseAvailability } from "@/lib/platform/db-availability";
import { env } from "@/lib/platform/env";
import * as schema from "./schema";

export type Database = PostgresJsDatabase<typeof schema>;
/** A transaction or the database itself: core functions accept either, so callers can compose them in one transaction. */
export type Tx = Parameters<Parameters<Database["transaction"]>[0]>[0] | Database;

let client: ReturnType<typeof postgres> | undefined;
let database: Database | undefined;

/** Lazy: the first query connects, so importing this module (as `next build` does) never touches a database. */
export function db(): Database {
  if (!database) {
    const e = env();
    const raw = postgres(e.DATABASE_URL, {
      max: Number(process.env.DATABASE_POOL_SIZE ?? 10),
      connect_timeout: 5,
      // Reconnect attempts at most a second apart (postgres.js waits up to 20 s by default), so the worker and the
      // outage probe find a returning database at once.
      backoff: (retries: number) => Math.min(0.05 * 2 ** retries, 1) * (0.5 + Math.random() / 2),
      onnotice: () => {},
    });
    if (!e.DATABASE_NO_PREPARE) preparingClient(raw);
    // Requests never wait in the driver's reconnect queue past their deadline (lib/platform/db-availability.ts).
    client = boundQueueWaits(raw, e.DATABASE_TIMEOUT_MS);
    database = drizzle(raw, { schema });
  }
  return database;
}

/**
 * Drizzle runs its queries unprepared, so PostgreSQL parses and plans every one again; measured here that costs
 * 1.5 to 7 times the query itself. This client prepares them (postgres.js caches each statement per connection).
 * Behind a transaction-mode pooler (PgBouncer, some managed poolers) named statements break: DATABASE_NO_PREPARE=1.
 */
function preparingClient(raw: ReturnType<typeof postgres>) {
  const unsafe = raw.unsafe.bind(raw);
  return Object.assign(raw, {
    unsafe: ((query: string, params?: unknown[], options?: { prepare?: boolean }) =>
      unsafe(query, params as never, { ...options, prepare: true })) as typeof raw.unsafe,
  });
}

/** The raw postgres.js client (its queries bounded like Drizzle's), for LISTEN/NOTIFY and hot-path statements. */
export function sql() {
  db();
  return client!;
}

export async function closeDb() {
  await client?.end({ timeout: 5 });
  client = undefined;
  database = undefined;
  resetDatabaseAvailability();
}

export { schema };
