import { readFileSync } from "node:fs";
import path from "node:path";
import { drizzle } from "drizzle-orm/postgres-js";
import { migrate } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";

export const MIGRATIONS_FOLDER = path.join(process.cwd(), "db", "migrations");

/**
 * Held while migrating, so processes starting at once (an app and two workers of one deploy) never apply the same
 * migration twice: the first migrates, the others wait and then find nothing left to do. Any constant works, as long
 * as it is the same everywhere; this one is "switchbd" in ASCII.
 */
export const MIGRATION_LOCK = 0x7377_6974_6368_6264n;

type Client = ReturnType<typeof postgres>;

/** The newest migration in the committed journal, by the creation time drizzle records for each applied one. */
function newestInJournal(): number {
  const journal = JSON.parse(readFileSync(path.join(MIGRATIONS_FOLDER, "meta", "_journal.json"), "utf8")) as { entries: { when: number }[] };
  return Math.max(...journal.entries.map((e) => e.when));
}

/** Whether the database lacks a committed migration (drizzle applies those newer than the newest it recorded). */
async function behindJournal(client: Client): Promise<boolean> {
  const [{ present }] = await client<{ present: boolean }[]>`select to_regclass('drizzle.__drizzle_migrations') is not null as present`;
  if (!present) return true;
  const [{ newest }] = await client<{ newest: string | null }[]>`select max(created_at)::text as newest from drizzle.__drizzle_migrations`;
  return newest === null || Number(newest) < newestInJournal();
}

/**
 * Applies every committed migration to the database at `url`, under an advisory lock. Returns whether the database
 * was behind. `npm run migrate` runs this once per deploy.
 */
export async function runMigrations(url: string): Promise<boolean> {
  // One connection, so the session lock and the migration share it.
  const client = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await client`select pg_advisory_lock(${MIGRATION_LOCK.toString()}::bigint)`;
    // Checked again under the lock: another process may have just migrated.
    if (!(await behindJournal(client))) return false;
    await migrate(drizzle(client), { migrationsFolder: MIGRATIONS_FOLDER });
    return true;
  } finally {
    // Ending the session releases the lock.
    await client.end({ timeout: 5 });
  }
}

/**
 * What each start does: two small queries on one connection when the database is up to date (the usual case, after
 * `npm run migrate`), and the migration under the lock only when it is behind the journal. Returns whether anything
 * was applied.
 */
export async function migrateIfNeeded(url: string): Promise<boolean> {
  const client = postgres(url, { max: 1, onnotice: () => {} });
  try {
    if (!(await behindJournal(client))) return false;
  } finally {
    await client.end({ timeout: 5 });
  }
  return runMigrations(url);
}
