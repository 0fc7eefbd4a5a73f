import { z } from "zod";

/** Query parameters every list endpoint accepts. */
export const pageQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(250).default(50),
  cursor: z.string().max(500).optional(),
});

/**
 * A cursor is the sort key of the last row returned, opaque to callers. Keyset pagination: each page is an index
 * range scan that starts where the last one ended, however deep the caller pages.
 */
export function encodeCursor(row: { createdAt: Date; id: string }): string {
  return Buffer.from(`${row.createdAt.toISOString()}|${row.id}`).toString("base64url");
}

export function decodeCursor(cursor: string): { createdAt: Date; id: string } | null {
  const [time, id] = Buffer.from(cursor, "base64url").toString().split("|");
  const createdAt = new Date(time);
  return id && !Number.isNaN(createdAt.getTime()) ? { createdAt, id } : null;
}

/** Trims the one extra row fetched to learn whether another page exists. */
export function toPage<T extends { createdAt: Date; id: string }>(rows: T[], limit: number) {
  const data = rows.slice(0, limit);
  return { data, nextCursor: rows.length > limit ? encodeCursor(data[data.length - 1]) : null };
}

/**
 * A list page's `?cursor=` from the address bar. One that does not decode (a truncated or hand-edited link) is dropped,
 * so the page shows its newest entries with a notice instead of failing the whole page.
 */
export function pageCursor(raw: string | string[] | undefined): { cursor: string | undefined; ignored: boolean } {
  if (raw === undefined || raw === "") return { cursor: undefined, ignored: false };
  if (typeof raw === "string" && raw.length <= 500 && decodeCursor(raw)) return { cursor: raw, ignored: false };
  return { cursor: undefined, ignored: true };
}
