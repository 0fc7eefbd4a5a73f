import { and, desc, eq, gte, ilike, lt, lte, or, type SQL } from "drizzle-orm";
import { z } from "zod";
import { db } from "@/db";
import { auditLog } from "@/db/schema";
import { decodeCursor, toPage } from "@/lib/api";

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
    .orderBy(desc(auditLog.createdAt), desc(auditLog.id))
    .limit(limit + 1);
  const { data, nextCursor } = toPage(rows, limit);
  return { rows: data, nextCursor };
}

/** Streams every matching row as CSV, in batches, so a large export does not sit in memory. */
export async function* auditCsv(workspaceId: string, filters: AuditFilters): AsyncGenerator<string> {
  const columns = ["id", "created_at", "actor_type", "actor_id", "actor", "action", "target_type", "target_id", "before", "after", "ip", "user_agent", "request_id"];
  yield columns.join(",") + "\n";
  let cursor: string | undefined;
  do {
    const { rows, nextCursor } = await queryAuditLog(workspaceId, { ...filters, cursor }, 500);
    for (const r of rows) {
      const cells = [r.id, r.createdAt.toISOString(), r.actorType, r.actorId, r.actorLabel, r.action, r.targetType, r.targetId,
        r.before == null ? "" : JSON.stringify(r.before), r.after == null ? "" : JSON.stringify(r.after), r.ip, r.userAgent, r.requestId];
      yield cells.map(csvCell).join(",") + "\n";
    }
    cursor = nextCursor ?? undefined;
  } while (cursor);
}

/** Quotes a CSV cell, and defuses spreadsheet formulas (a cell starting with = + - @ runs in Excel). */
export function csvCell(value: string | null | undefined): string {
  let s = value ?? "";
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\n\r]/.test(s) || s !== (value ?? "") ? `"${s.replace(/"/g, '""')}"` : s;
}

