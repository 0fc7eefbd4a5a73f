import { randomUUID } from "node:crypto";
import { AppError } from "@/lib/api/errors";
import { hasScope, type ApiScope } from "@/lib/keys/scopes";
import { recordKeyUse } from "@/lib/keys/usage";
import { verifyApiKey } from "@/lib/keys/verify";
import { rateLimit } from "@/lib/ratelimit";
import { requestMetaFromHeaders } from "@/lib/request-context";
import type { WorkspaceContext } from "@/lib/workspaces";

/**
 * API key authentication for the event-stream route, which answers with a stream rather than the JSON that apiRoute
 * (lib/api/handler.ts) builds. The checks are the same: key, per-key rate limit, usage count, scope.
 */
export async function authenticateStream(request: Request, scope: ApiScope): Promise<{ ctx: WorkspaceContext; requestId: string }> {
  const requestId = request.headers.get("x-request-id") || randomUUID();
  const meta = requestMetaFromHeaders(request.headers, requestId);
  const key = await verifyApiKey(request.headers.get("authorization"), meta.ip);
  const limit = await rateLimit("api", key.id, { limit: key.workspace.rateLimitPerMinute, windowSeconds: 60 });
  if (!limit.success) throw new AppError("rate_limited", `This key may make ${limit.limit} requests a minute. Retry after a minute.`);
  recordKeyUse(key.id);
  if (!hasScope(key.scopes, scope)) throw new AppError("missing_scope", `This key lacks the ${scope} scope.`);
  return {
    requestId,
    ctx: { workspaceId: key.workspaceId, role: "developer", actor: { type: "api_key", id: key.id, label: key.name }, request: meta },
  };
}
