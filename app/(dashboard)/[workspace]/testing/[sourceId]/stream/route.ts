// GET /<workspace>/testing/<sourceId>/stream - the live inspector's event stream (session auth, sources:read)
import { notFound } from "next/navigation";
import { AppError } from "@/lib/api/errors";
import { requireWorkspace } from "@/lib/auth/session";
import { requestStream, STREAM_HEADERS } from "@/lib/inbound/stream";
import { getSource } from "@/lib/sources/service";

export const dynamic = "force-dynamic";

export async function GET(request: Request, { params }: { params: Promise<{ workspace: string; sourceId: string }> }) {
  const { workspace: slug, sourceId } = await params;
  const { ctx } = await requireWorkspace(slug, "sources:read");
  const source = await getSource({ id: sourceId }, ctx).catch((error) => {
    if (error instanceof AppError && error.code === "not_found") notFound();
    throw error;
  });
  const stream = requestStream({ sourceId: source.id, lastEventId: request.headers.get("last-event-id"), listener: null, signal: request.signal });
  return new Response(stream, { headers: STREAM_HEADERS });
}
