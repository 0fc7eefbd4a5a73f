import { z } from "zod";
import { unsupportedField } from "./errors";

/**
 * Svix's pagination over our keyset cursors: `iterator` is our cursor (opaque either way), `done` says whether this was
 * the last page. Our lists page newest first and forward only, so `prevIterator` is always null and `order=ascending`
 * is refused (docs/svix-migration.md).
 */

// Parsed under `query`, so a refusal points at the query string (`loc: ["query", "limit"]`), not at the body.
const pageQuery = z.object({
  query: z.object({
    limit: z.coerce.number().int().min(1).max(250).default(50),
    iterator: z.string().max(500).optional(),
  }),
});

/** Our `{limit, cursor}` from Svix's query string. */
export function svixPage(query: URLSearchParams): { limit: number; cursor: string | undefined } {
  if (query.get("order") === "ascending") throw unsupportedField("query.order", "Ascending order");
  const { limit, iterator } = pageQuery.parse({ query: { limit: query.get("limit") ?? undefined, iterator: query.get("iterator") || undefined } }).query;
  return { limit, cursor: iterator };
}

/** Svix's ListResponse of a page of ours. */
export function svixList<T>(data: T[], nextCursor: string | null) {
  return { data, iterator: nextCursor, prevIterator: null, done: nextCursor === null };
}

/** A page of a list held whole in memory (a message's destinations: one per endpoint it went to), by position. */
export function pageOf<T>(items: T[], { limit, cursor }: { limit: number; cursor: string | undefined }) {
  const start = cursor && /^\d+$/.test(cursor) ? Number(cursor) : 0;
  const next = start + limit < items.length ? String(start + limit) : null;
  return svixList(items.slice(start, start + limit), next);
}

// Under `query` too, so a bad time points at `["query", "after"]` rather than at a body field of the core's name.
const timeQuery = z.object({ query: z.object({ after: z.iso.datetime({ offset: true }).optional(), before: z.iso.datetime({ offset: true }).optional() }) });

/** Svix's `before`/`after` query times (ISO 8601) as our `until`/`since`. */
export function svixTimeRange(query: URLSearchParams) {
  const { after, before } = timeQuery.parse({ query: { after: query.get("after") ?? undefined, before: query.get("before") ?? undefined } }).query;
  return { since: after, until: before };
}
