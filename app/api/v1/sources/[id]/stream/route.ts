// GET /api/v1/sources/<id>/stream - the source's requests as server-sent events (inspector, listen tunnel); resumes
// from Last-Event-ID, or with ?listener=<name> after the last request that listener answered
import { errorBody, toPublicError } from "@/lib/api/errors";
import { authenticateStream } from "@/lib/inbound/stream-auth";
import { requestStream, STREAM_HEADERS } from "@/lib/inbound/stream";
import { getSource } from "@/lib/sources/service";

export const dynamic = "force-dynamic";

export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  try {
    const { ctx } = await authenticateStream(request, "sources:read");
    const source = await getSource({ id: (await params).id }, ctx);
    const listener = new URL(request.url).searchParams.get("listener")?.trim().slice(0, 100) || null;
    const stream = requestStream({ sourceId: source.id, lastEventId: request.headers.get("last-event-id"), listener, signal: request.signal });
    return new Response(stream, { headers: STREAM_HEADERS });
  } catch (error) {
    const publicError = toPublicError(error);
    if (publicError.code === "internal_error") console.error("[api] source stream failed", error);
    return Response.json(errorBody(publicError), { status: publicError.status, headers: { "cache-control": "no-store" } });
  }
}
