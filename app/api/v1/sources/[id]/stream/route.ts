// GET /api/v1/sources/<id>/stream - the source's requests as server-sent events (inspector, listen tunnel); resumes
// from Last-Event-ID, or with ?listener=<name> after the last request that listener answered
import { apiRoute } from "@/lib/api/handler";
import { requestStream, STREAM_HEADERS } from "@/lib/inbound/stream";
import { getSource } from "@/lib/sources/service";

export const dynamic = "force-dynamic";

export const GET = apiRoute<{ id: string }>({ scope: "sources:read" }, async ({ ctx, query, headers, signal }, { id }) => {
  const source = await getSource({ id }, ctx);
  const listener = query.get("listener")?.trim().slice(0, 100) || null;
  const stream = requestStream({ sourceId: source.id, lastEventId: headers.get("last-event-id"), listener, signal });
  return new Response(stream, { headers: STREAM_HEADERS });
});
