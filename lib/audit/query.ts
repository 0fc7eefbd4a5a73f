import { and, eq, gte, ilike, lt, lte, or, type SQL } from "drizzle-orm";
import { z } from "zod";
import { db } from "@/db";
import { auditLog } from "@/db/schema";
import { decodeCursor, newestFirst, toPage } from "@/lib/api";

export const auditFiltersSchema = z.object({
  actor: z.string().trim().max(200).optional(),
  action: z.string().trim().max(100).optional(),
  target: z.string().trim().max(200).optional(),
  from: z.coerce.date().optional(),
  to: z.coerce.date().optional(),
  cursor: z.string().max(200).optional(),
});
export type AuditFilters = z.infer<typeof auditFiltersSchema>;

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

function conditions(workspaceId: string, f: AuditFilters): SQL[] {
  const where: SQL[] = [eq(auditLog.workspaceId, workspaceId)];
  if (f.actor) where.push(or(ilike(auditLog.actorLabel, `%${escapeLike(f.actor)}%`), eq(auditLog.actorId, f.actor))!);
  // "member" matches every member.* action; "member.invite" matches exactly that family.
  if (f.action) where.push(ilike(auditLog.action, `${escapeLike(f.action)}%`));
  if (f.target) where.push(or(eq(auditLog.targetType, f.target), eq(auditLog.targetId, f.target))!);
  if (f.from) where.push(gte(auditLog.createdAt, f.from));
  if (f.to) where.push(lte(auditLog.createdAt, f.to));
  return where;
}

/** One page of a workspace's audit trail, newest first, served by the audit_log_workspace_time index. */
export async function queryAuditLog(workspaceId: string, filters: AuditFilters, limit = 50) {
  const where = conditions(workspaceId, filters);
  const cursor = filters.cursor ? decodeCursor(filters.cursor) : null;
  if (cursor) {
    where.push(or(lt(auditLog.createdAt, cursor.createdAt), and(eq(auditLog.createdAt, cursor.createdAt), lt(auditLog.id, cursor.id)))!);
  }
  const rows = await db()
    .select()
    .from(auditLog)
    .where(and(...where))
    .orderBy(...newestFirst(auditLog.createdAt, auditLog.id))
    .limit(limit + 1);
  const { data, nextCursor } = toPage(rows, limit);
  return { rows: data, nextCursor };
}

/** Every matching row, newest first, read a page at a time so a large export never sits in memory. */
export async function* auditRows(workspaceId: string, filters: AuditFilters): AsyncGenerator<AuditRow> {
  let cursor: string | undefined;
  do {
    const { rows, nextCursor } = await queryAuditLog(workspaceId, { ...filters, cursor }, 500);
    yield* rows;
    cursor = nextCursor ?? undefined;
  } while (cursor);
}

type AuditRow = typeof auditLog.$inferSelect;

/** One audit row as the API shows it (GET /api/v1/audit-log, the JSON export). */
export const auditView = (r: AuditRow) => ({
  id: r.id,
  createdAt: r.createdAt.toISOString(),
  actor: { type: r.actorType, id: r.actorId, label: r.actorLabel },
  action: r.action,
  target: { type: r.targetType, id: r.targetId },
  before: r.before,
  after: r.after,
  ip: r.ip,
  userAgent: r.userAgent,
  requestId: r.requestId,
});

export const AUDIT_CSV_COLUMNS = ["id", "created_at", "actor_type", "actor_id", "actor", "action", "target_type", "target_id", "before", "after", "ip", "user_agent", "request_id"];

/** One audit row's CSV cells, in AUDIT_CSV_COLUMNS' order (before and after as JSON). */
export const auditCsvCells = (r: AuditRow) => [r.id, r.createdAt.toISOString(), r.actorType, r.actorId, r.actorLabel, r.action, r.targetType, r.targetId,
  r.before == null ? "" : JSON.stringify(r.before), r.after == null ? "" : JSON.stringify(r.after), r.ip, r.userAgent, r.requestId];

/** Streams every matching row as CSV lines. */
export async function* auditCsv(workspaceId: string, filters: AuditFilters): AsyncGenerator<string> {
  yield AUDIT_CSV_COLUMNS.join(",") + "\n";
  for await (const r of auditRows(workspaceId, filters)) yield auditCsvCells(r).map(csvCell).join(",") + "\n";
}

/** Quotes a CSV cell, and defuses spreadsheet formulas (a cell starting with = + - @ runs in Excel). */
export function csvCell(value: string | null | undefined): string {
  let s = value ?? "";
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\n\r]/.test(s) || s !== (value ?? "") ? `"${s.replace(/"/g, '""')}"` : s;
}

