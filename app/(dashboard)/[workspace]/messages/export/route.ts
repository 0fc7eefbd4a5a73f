// GET /<workspace>/messages/export?format=csv|json&from&to - attempt metadata, streamed (session auth, messages:read)
import { requireWorkspace } from "@/lib/auth/session";
import { downloadResponse, exportAttempts, exportQuerySchema } from "@/lib/retention";

export async function GET(request: Request, { params }: { params: Promise<{ workspace: string }> }) {
  const { workspace: slug } = await params;
  const { ctx } = await requireWorkspace(slug, "messages:read");
  const query = exportQuerySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!query.success) return Response.json({ error: { code: "validation_failed", message: "Invalid time range." } }, { status: 422 });
  return downloadResponse(exportAttempts(query.data, ctx));
}
