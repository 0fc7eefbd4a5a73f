// GET /<workspace>/audit/export - the filtered audit trail as CSV (session auth, audit:read)
import { auditCsv, auditFiltersSchema } from "@/lib/audit/query";
import { requireWorkspace } from "@/lib/auth/session";

export async function GET(request: Request, { params }: { params: Promise<{ workspace: string }> }) {
  const { workspace: slug } = await params;
  const { workspace } = await requireWorkspace(slug, "audit:read");
  const filters = auditFiltersSchema.omit({ cursor: true }).safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!filters.success) return Response.json({ error: { code: "validation_failed", message: "Invalid filters." } }, { status: 422 });
  const lines = auditCsv(workspace.id, filters.data);
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { value, done } = await lines.next();
      if (done) controller.close();
      else controller.enqueue(encoder.encode(value));
    },
  });
  return new Response(body, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="audit-${slug}-${new Date().toISOString().slice(0, 10)}.csv"`,
      "cache-control": "no-store",
    },
  });
}
