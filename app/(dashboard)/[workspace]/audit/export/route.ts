// GET /<workspace>/audit/export?format=csv|json - the filtered audit trail, streamed (session auth, audit:read).
// The filters beyond the time range are the audit page's own (actor, action, target); the API's export takes the range.
import { auditFiltersSchema } from "@/lib/audit/query";
import { requireWorkspace } from "@/lib/auth/session";
import { downloadResponse, exportAuditLog } from "@/lib/retention";

export async function GET(request: Request, { params }: { params: Promise<{ workspace: string }> }) {
  const { workspace: slug } = await params;
  const { ctx } = await requireWorkspace(slug, "audit:read");
  const search = Object.fromEntries(new URL(request.url).searchParams);
  const filters = auditFiltersSchema.omit({ cursor: true }).safeParse(search);
  if (!filters.success) return Response.json({ error: { code: "validation_failed", message: "Invalid filters." } }, { status: 422 });
  return downloadResponse(exportAuditLog({ format: search.format === "json" ? "json" : "csv", ...filters.data }, ctx));
}
