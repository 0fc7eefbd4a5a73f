// GET /api/v1/sources/<id>/stream - the source's requests as server-sent events (inspector, listen tunnel); resumes
// from Last-Event-ID, or with ?listener=<name> after the last request that listener answered
import { AppError } from "@/lib/api/errors";
import { apiRoute } from "@/lib/api/handler";
import { env } from "@/lib/platform/env";
import { requestStream, STREAM_HEADERS } from "@/lib/inbound/stream";
import { hasScope } from "@/lib/keys/scopes";
import { verifyApiKey } from "@/lib/keys/verify";
import { getSource } from "@/lib/inbound/sources";

export const dynamic = "force-dynamic";

export const GET = apiRoute({ params: { id: "text" }, scope: "sources:read" }, async ({ ctx, query, headers, signal }, { id }) => {
  const source = await getSource({ id }, ctx);
  const listener = query.get("listener")?.trim().slice(0, 100) || null;
  // The key is verified afresh each time: its cache forgets a revoked or expired key when the change commits (NOTIFY).
  const authorization = headers.get("authorization");
  const stillAuthorized = () =>
    verifyApiKey(authorization, ctx.request.ip).then(
      (key) => hasScope(key.scopes, "sources:read"),
      (error: unknown) => {
        if (error instanceof AppError) return false;
        throw error;
      },
    );
  const stream = requestStream({ sourceId: source.id, lastEventId: headers.get("last-event-id"), listener, signal, stillAuthorized, authRecheckMs: env().STREAM_AUTH_RECHECK_MS });
  return new Response(stream, { headers: STREAM_HEADERS });
});
