import { sql, type AnyColumn, type SQL } from "drizzle-orm";
import { AppError } from "@/lib/api/errors";
import { decodeCursor } from "@/lib/api/pagination";

/**
 * The WHERE condition of keyset pagination, newest first: rows strictly older than the cursor's (created_at, id).
 * Undefined for the first page. Lists use it with an index on (scope, created_at desc, id desc).
 */
export function olderThan(cursor: string | undefined, createdAt: AnyColumn, id: AnyColumn): SQL | undefined {
  if (!cursor) return undefined;
  const position = decodeCursor(cursor);
  if (!position) throw new AppError("bad_request", "The cursor is not valid; pass back the nextCursor of a previous page.");
  return sql`(${createdAt}, ${id}) < (${position.createdAt.toISOString()}::timestamptz, ${position.id})`;
}

/**
 * The ORDER BY of a newest-first keyset list: (created_at, id) descending, NULLS LAST. The nulls clause is what lets
 * the (scope, created_at desc, id desc) indexes serve it: drizzle-kit writes them DESC NULLS LAST, while a bare DESC
 * means NULLS FIRST, an order those indexes do not hold, so PostgreSQL would read every row of the scope and sort
 * (the 1 M messages log's first page: 489 ms instead of under 1 ms).
 */
export function newestFirst(createdAt: AnyColumn, id: AnyColumn): [SQL, SQL] {
  return [sql`${createdAt} desc nulls last`, sql`${id} desc nulls last`];
}
