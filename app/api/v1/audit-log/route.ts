// GET /api/v1/audit-log - the workspace's audit trail, newest first, cursor-paginated
import { apiRoute, ok } from "@/lib/api/handler";
import { pageQuerySchema } from "@/lib/api/pagination";
import { auditList, listBody } from "@/lib/api/v1-schemas";
import { auditFiltersSchema, auditView, queryAuditLog } from "@/lib/audit/query";

export const GET = apiRoute({ scope: "audit:read" }, async ({ key, query }) => {
  const params = Object.fromEntries(query);
  const { limit } = pageQuerySchema.parse(params);
  const { rows, nextCursor } = await queryAuditLog(key.workspaceId, auditFiltersSchema.parse(params), limit);
  return ok(auditList.parse(listBody(rows.map(auditView), nextCursor)));
});
