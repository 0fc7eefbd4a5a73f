import { sql } from "drizzle-orm";
import { db } from "@/db";
import { DecryptionError, decryptSecret, encryptSecret } from "@/lib/platform/crypto";
import { env } from "@/lib/platform/env";

/**
 * ENCRYPTION_KEYS rotation, finished. The first key seals and every listed key opens its own values (lib/platform/crypto.ts),
 * so putting a new key first starts a rotation; this job completes it by re-sealing every value still under an older
 * key, after which that key can be taken out of the environment.
 *
 * Each sealed column is walked in primary-key order (keyset), a small batch per transaction, its rows taken with
 * FOR UPDATE SKIP LOCKED: a request changing one of them is never waited for (its row is left to the next run), and
 * a batch holds its locks for only as long as it takes to re-seal a hundred values.
 */

interface SealedColumn {
  /** What the column holds, as the settings page names it. */
  label: string;
  table: string;
  /** The primary key, for the keyset walk. */
  key: string[];
  column: string;
  /** SQL over the row giving its sealed value (`v1.<kid>.…`), null when the row holds none. */
  box: string;
  /** jsonb columns are read and written as JSON text. */
  jsonb?: boolean;
  /** The column's value with each sealed value in it passed through `reseal`. */
  reseal: (value: string, reseal: (box: string) => string) => string;
}

const whole = (value: string, reseal: (box: string) => string) => reseal(value);

/** Every column that holds values sealed with lib/platform/crypto. A new one is added here, or its old key can never go. */
export const SEALED_COLUMNS: SealedColumn[] = [
  { label: "Endpoint signing secrets", table: "endpoint_secrets", key: ["id"], column: "secret_encrypted", box: "secret_encrypted", reseal: whole },
  {
    label: "Endpoint outbound auth",
    table: "endpoints",
    key: ["id"],
    column: "auth",
    jsonb: true,
    box: "coalesce(auth->>'passwordEncrypted', auth->>'tokenEncrypted', auth->>'valueEncrypted')",
    // The secret part of each kind is a `...Encrypted` field (StoredOutboundAuth); the rest stays as it is.
    reseal: (value, reseal) =>
      JSON.stringify(Object.fromEntries(Object.entries(JSON.parse(value) as Record<string, string>).map(([k, v]) => [k, k.endsWith("Encrypted") ? reseal(v) : v]))),
  },
  {
    label: "Integration connections (Slack tokens)",
    table: "endpoints",
    key: ["id"],
    column: "integration",
    jsonb: true,
    // A connection's secrets are sealed together, so any one of them names the key of all.
    box: "(select value from jsonb_each_text(integration->'secrets') limit 1)",
    reseal: (value, reseal) => {
      const stored = JSON.parse(value) as { secrets: Record<string, string> };
      return JSON.stringify({ ...stored, secrets: Object.fromEntries(Object.entries(stored.secrets).map(([k, v]) => [k, reseal(v)])) });
    },
  },
  { label: "Source verification secrets", table: "sources", key: ["id"], column: "verification_encrypted", box: "verification_encrypted", reseal: whole },
  { label: "API keys waiting to be revealed", table: "api_keys", key: ["id"], column: "pending_reveal", box: "pending_reveal", reseal: whole },
  {
    label: "Idempotency-Key replays",
    table: "idempotency_records",
    key: ["workspace_id", "key"],
    column: "response_body",
    jsonb: true,
    // Sealed bodies are stored as a JSON string; records from before sealing hold an object and are left alone.
    box: "case when jsonb_typeof(response_body) = 'string' then response_body #>> '{}' end",
    reseal: (value, reseal) => JSON.stringify(reseal(JSON.parse(value) as string)),
  },
];

const keyIdOf = (column: SealedColumn) => sql.raw(`split_part(${column.box}, '.', 2)`);
const tuple = (names: string[]) => sql.raw(`(${names.join(", ")})`);

export interface ReencryptResult {
  label: string;
  resealed: number;
  /** Values that could not be opened (a key id missing from ENCRYPTION_KEYS, or a damaged value); left as they are. */
  failed: number;
}

/** Re-seals one column's values that are under another key than the active one; stops after `maxBatches`. */
async function reencryptColumn(column: SealedColumn, activeKeyId: string, batchSize: number, maxBatches: number): Promise<ReencryptResult> {
  const result: ReencryptResult = { label: column.label, resealed: 0, failed: 0 };
  const value = sql.raw(column.jsonb ? `${column.column}::text` : column.column);
  let after: unknown[] | null = null;
  for (let batch = 0; batch < maxBatches; batch++) {
    const cursor: unknown[] | null = after;
    const rows: Record<string, string>[] = await db().transaction(async (tx) => {
      const taken = await tx.execute<Record<string, string>>(sql`
        select ${sql.raw(column.key.join(", "))}, ${value} as value
        from ${sql.raw(column.table)}
        where ${sql.raw(column.box)} is not null and ${keyIdOf(column)} <> ${activeKeyId}
          ${cursor ? sql`and ${tuple(column.key)} > (${sql.join(cursor.map((v) => sql`${v}`), sql`, `)})` : sql``}
        order by ${sql.raw(column.key.join(", "))}
        limit ${batchSize}
        for update skip locked`);
      for (const row of taken) {
        let resealed: string;
        try {
          resealed = column.reseal(row.value, (box) => encryptSecret(decryptSecret(box)));
        } catch (error) {
          if (!(error instanceof DecryptionError)) throw error;
          result.failed += 1;
          console.warn(JSON.stringify({ level: "warn", msg: "sealed value could not be re-encrypted", column: `${column.table}.${column.column}`, reason: error.message }));
          continue;
        }
        const match = sql.join(column.key.map((k) => sql`${sql.raw(k)} = ${row[k]}`), sql` and `);
        await tx.execute(sql`update ${sql.raw(column.table)} set ${sql.raw(column.column)} = ${column.jsonb ? sql`${resealed}::jsonb` : sql`${resealed}`} where ${match}`);
        result.resealed += 1;
      }
      return [...taken];
    });
    if (rows.length < batchSize) break;
    const last = rows[rows.length - 1];
    after = column.key.map((k) => last[k]);
  }
  return result;
}

/**
 * The scheduled job: re-seals, under the first key of ENCRYPTION_KEYS, every sealed value still under another one.
 * A run does at most `maxBatches` batches per column; the next run continues.
 */
export async function reencryptSealedValues(options: { batchSize?: number; maxBatches?: number } = {}): Promise<ReencryptResult[]> {
  const { batchSize = 100, maxBatches = 100 } = options;
  const activeKeyId = env().ENCRYPTION_KEYS[0].id;
  const results: ReencryptResult[] = [];
  for (const column of SEALED_COLUMNS) results.push(await reencryptColumn(column, activeKeyId, batchSize, maxBatches));
  return results;
}

export interface SealedKeyCounts {
  /** The key that seals new values (the first of ENCRYPTION_KEYS). */
  activeKeyId: string;
  /** Per column, how many values are sealed under each key id. */
  columns: { label: string; byKey: { keyId: string; rows: number }[] }[];
  /** Values under any key other than the active one: 0 means every older key can be removed. */
  remaining: number;
}

/** The rotation's progress, for the settings page: the server's sealed values counted by the key that sealed them. */
export async function sealedKeyCounts(): Promise<SealedKeyCounts> {
  const activeKeyId = env().ENCRYPTION_KEYS[0].id;
  const columns = await Promise.all(
    SEALED_COLUMNS.map(async (column) => {
      const rows = await db().execute<{ key_id: string; rows: number }>(sql`
        select ${keyIdOf(column)} as key_id, count(*)::int as rows
        from ${sql.raw(column.table)}
        where ${sql.raw(column.box)} is not null
        group by 1 order by 1`);
      return { label: column.label, byKey: rows.map((r) => ({ keyId: r.key_id, rows: r.rows })) };
    }),
  );
  const remaining = columns.flatMap((c) => c.byKey).reduce((sum, k) => sum + (k.keyId === activeKeyId ? 0 : k.rows), 0);
  return { activeKeyId, columns, remaining };
}
