// GET /api/v1/audit-log/export?format=csv|json&from&to - the workspace's audit trail, streamed (audit:read)
import { apiRoute } from "@/lib/api/handler";
import { downloadResponse, exportAuditLog } from "@/lib/retention";

export const GET = apiRoute({ scope: "audit:read" }, async ({ ctx, query }) => downloadResponse(exportAuditLog(Object.fromEntries(query), ctx)));
