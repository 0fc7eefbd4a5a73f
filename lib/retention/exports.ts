import { z } from "zod";
import { authorize, type RequestContext } from "@/lib/api";
import { AUDIT_CSV_COLUMNS, auditCsvCells, auditRows, auditView, csvCell } from "@/lib/audit";
import { type AttemptView, listAttempts } from "@/lib/outbound";

/**
 * Compliance exports: the audit log and attempt metadata, as CSV or JSON, over a time range, streamed. Rows are read a
 * page at a time along the same keyset indexes as the logs (audit_log_workspace_time, attempts_workspace_created) and
 * written as they arrive, so an export of millions of rows holds one page in memory. Newest first.
 */

export const exportQuerySchema = z
  .object({
    format: z.enum(["csv", "json"]).default("csv"),
    from: z.coerce.date().optional(),
    to: z.coerce.date().optional(),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { path: ["to"], message: "`to` must not be before `from`." });
export type ExportQuery = z.input<typeof exportQuerySchema>;

export interface Export {
  format: "csv" | "json";
  /** The file name to download as: `<what>-<from>-<to>.<format>`. */
  filename: string;
  chunks: AsyncGenerator<string>;
}

/** A JSON array written element by element: `[`, then each value on its own line, then `]`. */
async function* jsonArray<T>(rows: AsyncIterable<T>, view: (row: T) => unknown): AsyncGenerator<string> {
  yield "[";
  let first = true;
  for await (const row of rows) {
    yield (first ? "\n" : ",\n") + JSON.stringify(view(row));
    first = false;
  }
  yield first ? "]\n" : "\n]\n";
}

/** CSV (RFC 4180, CRLF-free: rows end in \n) with a header line; every cell goes through csvCell. */
async function* csvRows<T>(columns: string[], rows: AsyncIterable<T>, cells: (row: T) => (string | null | undefined)[]): AsyncGenerator<string> {
  yield columns.join(",") + "\n";
  for await (const row of rows) yield cells(row).map(csvCell).join(",") + "\n";
}

const day = (d: Date | undefined) => (d ? d.toISOString().slice(0, 10) : "all");
const filename = (what: string, q: z.infer<typeof exportQuerySchema>) => `${what}-${day(q.from)}-${day(q.to)}.${q.format}`;

/** The workspace's audit log between `from` and `to` (both inclusive): audit:read, the whole workspace only. */
export function exportAuditLog(input: ExportQuery, ctx: RequestContext): Export {
  // audit:read is a workspace-level permission: authorize answers a limited actor not_found.
  authorize(ctx, "audit:read");
  const q = exportQuerySchema.parse(input);
  const rows = auditRows(ctx.workspaceId, { from: q.from, to: q.to });
  return {
    format: q.format,
    filename: filename("audit-log", q),
    chunks: q.format === "csv" ? csvRows(AUDIT_CSV_COLUMNS, rows, auditCsvCells) : jsonArray(rows, auditView),
  };
}

/** Attempts' metadata only: no headers, no bodies (those are what retention purges; the export is kept). */
const ATTEMPT_FIELDS = ["id", "createdAt", "messageId", "deliveryId", "endpointId", "number", "trigger", "url", "succeeded", "responseStatus", "durationMs", "errorClass", "errorMessage", "requestBodySha256", "responseBodyTruncated", "bodiesPurgedAt"] as const;
const ATTEMPT_CSV_COLUMNS = ["id", "created_at", "message_id", "delivery_id", "endpoint_id", "number", "trigger", "url", "succeeded", "response_status", "duration_ms", "error_class", "error_message", "request_body_sha256", "response_body_truncated", "bodies_purged_at"];

const attemptMetadata = (a: AttemptView) =>
  Object.fromEntries(ATTEMPT_FIELDS.map((f) => [f, a[f] instanceof Date ? a[f].toISOString() : a[f]])) as Record<(typeof ATTEMPT_FIELDS)[number], string | number | boolean | null>;

/** Every attempt in the range, newest first, through listAttempts (so a limited actor gets its application's only). */
async function* attemptRows(ctx: RequestContext, from: Date | undefined, to: Date | undefined): AsyncGenerator<AttemptView> {
  let cursor: string | undefined;
  do {
    const page = await listAttempts({ since: from, until: to, cursor, limit: 250 }, ctx);
    yield* page.data;
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
}

/** Attempt metadata from `from` (inclusive) to `to` (exclusive): messages:read. */
export function exportAttempts(input: ExportQuery, ctx: RequestContext): Export {
  authorize(ctx, "messages:read");
  const q = exportQuerySchema.parse(input);
  const rows = attemptRows(ctx, q.from, q.to);
  return {
    format: q.format,
    filename: filename("attempts", q),
    chunks:
      q.format === "csv"
        ? csvRows(ATTEMPT_CSV_COLUMNS, rows, (a) => Object.values(attemptMetadata(a)).map((v) => (v === null ? "" : String(v))))
        : jsonArray(rows, attemptMetadata),
  };
}

/**
 * The export as a download: its chunks pulled one at a time as the client reads (so a slow client slows the queries,
 * never piles rows up), and the generator closed if the client goes away.
 */
export function downloadResponse(file: Export): Response {
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { value, done } = await file.chunks.next();
      if (done) controller.close();
      else controller.enqueue(encoder.encode(value));
    },
    async cancel() {
      await file.chunks.return(undefined);
    },
  });
  return new Response(body, {
    headers: {
      "content-type": file.format === "csv" ? "text/csv; charset=utf-8" : "application/json; charset=utf-8",
      "content-disposition": `attachment; filename="${file.filename}"`,
      "cache-control": "no-store",
    },
  });
}
