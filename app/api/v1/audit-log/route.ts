// GET /api/v1/audit-log - the workspace's audit trail, newest first, cursor-paginated
import { apiRoute, ok } from "@/lib/api/handler";
import { pageQuerySchema } from "@/lib/api/pagination";
import { auditList } from "@/lib/api/v1-schemas";
import { auditFiltersSchema, queryAuditLog } from "@/lib/audit-query";

export const GET = apiRoute({ scope: "audit:read" }, async ({ key, query }) => {
  const params = Object.fromEntries(query);
  const { limit } = pageQuerySchema.parse(params);
  const filters = auditFiltersSchema.parse(params);
  const { rows, nextCursor } = await queryAuditLog(key.workspaceId, filters, limit);
  return ok(
    auditList.parse({
      data: rows.map((r) => ({
        id: r.id,
        created_at: r.createdAt.toISOString(),
        actor: { type: r.actorType, id: r.actorId, label: r.actorLabel },
        action: r.action,
        target: { type: r.targetType, id: r.targetId },
        before: r.before,
        after: r.after,
        ip: r.ip,
        user_agent: r.userAgent,
        request_id: r.requestId,
      })),
      next_cursor: nextCursor,
      has_more: nextCursor !== null,
    }),
  );
});
