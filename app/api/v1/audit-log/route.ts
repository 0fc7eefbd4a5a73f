// GET /api/v1/audit-log - the workspace's audit trail, newest first, cursor-paginated
import { apiRoute, ok } from "@/lib/api/handler";
import { pageQuerySchema } from "@/lib/api/pagination";
import { auditList, listBody } from "@/lib/api/v1-schemas";
import { auditFiltersSchema, queryAuditLog } from "@/lib/audit/query";

export const GET = apiRoute({ scope: "audit:read" }, async ({ key, query }) => {
  const params = Object.fromEntries(query);
  const { limit } = pageQuerySchema.parse(params);
  const { rows, nextCursor } = await queryAuditLog(key.workspaceId, auditFiltersSchema.parse(params), limit);
  const data = rows.map((r) => ({
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
  }));
  return ok(auditList.parse(listBody(data, nextCursor)));
});
