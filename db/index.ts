import { drizzle, type PostgresJsDatabase } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import { env } from "@/lib/env";
import * as schema from "./schema";

export type Database = PostgresJsDatabase<typeof schema>;
/** A transaction or the database itself: core functions accept either, so callers can compose them in one transaction. */
export type Tx = Parameters<Parameters<Database["transaction"]>[0]>[0] | Database;

let client: ReturnType<typeof postgres> | undefined;
let database: Database | undefined;

/** Lazy: the first query connects, so importing this module (as `next build` does) never touches a database. */
export function db(): Database {
  if (!database) {
    client = postgres(env().DATABASE_URL, {
      max: Number(process.env.DATABASE_POOL_SIZE ?? 10),
      // Fail fast when the database is down, so requests answer 5xx instead of hanging.
      connect_timeout: 5,
      onnotice: () => {},
    });
    database = drizzle(client, { schema });
  }
  return database;
}

/** The raw postgres.js client, for LISTEN/NOTIFY and health checks. */
export function sql() {
  db();
  return client!;
}

export async function closeDb() {
  await client?.end({ timeout: 5 });
  client = undefined;
  database = undefined;
}

export { schema };
