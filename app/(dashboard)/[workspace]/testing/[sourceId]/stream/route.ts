// GET /<workspace>/testing/<sourceId>/stream - the live inspector's event stream (session auth, sources:read)
import { notFound } from "next/navigation";
import { AppError } from "@/lib/api/errors";
import { requireWorkspace } from "@/lib/auth/session";
import { env } from "@/lib/platform/env";
import { requestStream, STREAM_HEADERS } from "@/lib/inbound/stream";
import { getSource } from "@/lib/inbound/sources";
import { memberStillMay } from "@/lib/workspaces/service";

export const dynamic = "force-dynamic";

export async function GET(request: Request, { params }: { params: Promise<{ workspace: string; sourceId: string }> }) {
  const { workspace: slug, sourceId } = await params;
  const { ctx, user } = await requireWorkspace(slug, "sources:read");
  const source = await getSource({ id: sourceId }, ctx).catch((error) => {
    if (error instanceof AppError && error.code === "not_found") notFound();
    throw error;
  });
  // A member removed (or demoted below sources:read) while watching stops receiving within the re-check interval.
  const stillAuthorized = () => memberStillMay(ctx.workspaceId, user.id, "sources:read");
  const stream = requestStream({ sourceId: source.id, lastEventId: request.headers.get("last-event-id"), listener: null, signal: request.signal, stillAuthorized, authRecheckMs: env().STREAM_AUTH_RECHECK_MS });
  return new Response(stream, { headers: STREAM_HEADERS });
}
