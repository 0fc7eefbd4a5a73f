import { randomUUID } from "node:crypto";
import type { NextRequest } from "next/server";
import { DEFAULT_API_BODY_LIMIT_BYTES, jsonTextNestsDeeperThan, MAX_JSON_DEPTH, readApiBody, tooDeep } from "@/lib/api/body";
import { AppError, errorBody, notFound, toPublicError } from "@/lib/api/errors";
import { claimIdempotencyKey, type IdempotencySemantics } from "@/lib/api/idempotency";
import { portalSessionFromToken } from "@/lib/applications";
import { env, type Id, type IdPrefix, isId, rateLimit, rateLimitHeaders, type RateLimitResult, RULES, withDatabaseDeadline } from "@/lib/platform";
import { type ApiScope, recordKeyUse, type VerifiedKey, verifyApiKey } from "@/lib/keys";
import { authorize, contextFromApiKey, contextFromPortalSession, requestMetaFromHeaders, type RequestContext, type RequestMeta } from "@/lib/api/request-context";
import { elapsedMs, log, observeApiRequest } from "@/lib/monitoring";

export interface ApiContext<Key extends VerifiedKey | null = VerifiedKey> {
  /** The API key; null for a portal session's token (only on routes that take them, `portalTokens`). */
  key: Key;
  /** The context core functions take; an API key acts with its scopes' permissions, never as a workspace member. */
  ctx: RequestContext;
  requestId: string;
  /** The request body parsed as JSON (read once by the wrapper, which also needs it for idempotency). */
  json: () => unknown;
  query: URLSearchParams;
  headers: Headers;
  /** Aborts when the client goes away (long-lived responses such as event streams). */
  signal: AbortSignal;
}

export interface ApiResult {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

export const ok = (body: unknown, status = 200): ApiResult => ({ status, body });

type RouteParams = { params: Promise<Record<string, string>> };

/**
 * A route's path parameters: the id prefix each must have (`{ id: "ep" }`), or "text" for an id-or-name, an action
 * and the like. The handler gets ids typed (`Id<"ep">`); one with another prefix names no such record, so the route
 * answers it not_found, as it would an unknown id, before the handler runs.
 */
type ParamSpec = Record<string, IdPrefix | "text">;
type ParamsOf<S extends ParamSpec> = { [K in keyof S]: S[K] extends IdPrefix ? Id<S[K]> : string };

/** What a path id names, for its not_found message (the same words the core's own lookups use). */
const RECORD_NAMES: Partial<Record<IdPrefix, string>> = { ep: "endpoint", msg: "message", dlv: "delivery", att: "attempt", src: "source", req: "request", con: "connection", tpl: "template", alr: "alert rule", inc: "alert" };

function checkedParams<S extends ParamSpec>(spec: S | undefined, params: Record<string, string>): ParamsOf<S> {
  for (const [name, prefix] of Object.entries(spec ?? {})) {
    if (prefix !== "text" && !isId(prefix, params[name])) throw notFound(`The ${RECORD_NAMES[prefix] ?? "record"}`);
  }
  return params as ParamsOf<S>;
}

/**
 * Another API's answer to an error (the Svix-compatible API's `{code, detail}`): its status and body. Stored
 * Idempotency-Key answers are built with it too, so a replay answers as the first request did.
 */
export type ErrorShape = (error: AppError, requestId?: string) => { status: number; body: unknown };

const ownErrorShape: ErrorShape = (error, requestId) => ({ status: error.status, body: errorBody(error, requestId) });

/** Who a request acts as: an API key, or (on routes that take them) a portal session's API token. */
interface Caller {
  key: VerifiedKey | null;
  ctx: RequestContext;
  /** What its rate limit and usage count under. */
  limitId: string;
  perMinute: number;
  /** Idempotency-Keys are the workspace's for its keys; a portal session's are its own, so it never replays another's answer. */
  idempotencyNamespace: string;
}

/**
 * The Authorization header as a caller. An `sb_` key is verified as always. Routes with `portalTokens` also take the
 * token of a portal session made for an API (createPortalApiToken, the Svix-compatible appPortalAccess token): it acts
 * as that session, limited to its application; one that names no live session is an unknown key.
 */
async function authenticate(authorization: string | null, meta: RequestMeta, portalTokens: boolean): Promise<Caller> {
  const token = portalTokens ? /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? "")?.[1] : undefined;
  if (token && !token.startsWith("sb_")) {
    const session = await portalSessionFromToken(token);
    if (!session) throw new AppError("unknown_api_key", "This token names no live portal session: it expired, was logged out or never existed.");
    return { key: null, ctx: contextFromPortalSession(session, meta), limitId: `portal:${session.id}`, perMinute: RULES.apiPerKey.limit, idempotencyNamespace: `portal_session:${session.id}:` };
  }
  const key = await verifyApiKey(authorization, meta.ip);
  return { key, ctx: contextFromApiKey(key, meta), limitId: key.id, perMinute: key.workspace.rateLimitPerMinute, idempotencyNamespace: "" };
}

/** RFC 6750's challenge: the scheme to use, and whether the key that was sent is the problem. */
const wwwAuthenticate = (code: string) => (code === "missing_api_key" ? 'Bearer realm="switchboard"' : 'Bearer realm="switchboard", error="invalid_token"');

function respond(result: ApiResult | Response, headers: Record<string, string>): Response {
  if (result instanceof Response) {
    // A handler that streams builds its own response; it still carries the request id and rate-limit headers.
    for (const [name, value] of Object.entries(headers)) if (!result.headers.has(name)) result.headers.set(name, value);
    return result;
  }
  const all = { ...headers, ...result.headers };
  // A 204 has no body by definition; Response.json would refuse one.
  if (result.status === 204) return new Response(null, { status: 204, headers: all });
  return Response.json(result.body, { status: result.status, headers: all });
}

/**
 * The one wrapper for public API routes: request id, API key (with its precise 401/403), scope, per-key rate limit
 * with RateLimit headers, usage counting, Idempotency-Key on POST, and the error shape. Handlers return data, or a
 * Response of their own when they stream.
 */
export function apiRoute<const S extends ParamSpec = Record<never, never>, const P extends boolean = false>(
  options: {
    scope?: ApiScope;
    /** The body limit, read per request (it may come from the environment); 256 KiB unless given. */
    maxBodyBytes?: () => number;
    params?: S;
    /** The error answer, when not ours (`{error:{code,message}}`). */
    errorShape?: ErrorShape;
    /** Whose Idempotency-Key semantics apply (lib/api/idempotency.ts); ours unless given. */
    idempotency?: IdempotencySemantics;
    /** Also take a portal session's API token as the bearer; the handler's `key` is then null for it. */
    portalTokens?: P;
  },
  handler: (api: ApiContext<P extends true ? VerifiedKey | null : VerifiedKey>, params: ParamsOf<S>) => Promise<ApiResult | Response>,
) {
  const shapeError = options.errorShape ?? ownErrorShape;
  /** What the request's log line says beyond its answer: filled in as the request is understood. */
  type Seen = { requestId: string; workspaceId?: string; applicationId?: string | null; keyId?: string; errorCode?: string };
  const handle = async (request: NextRequest, route: RouteParams, seen: Seen): Promise<Response> => {
    const { requestId } = seen;
    const headers: Record<string, string> = { "x-request-id": requestId, "cache-control": "no-store" };
    let limit: RateLimitResult | undefined;
    const meta = requestMetaFromHeaders(request.headers, requestId);
    try {
      const { key, ctx, limitId, perMinute, idempotencyNamespace } = await authenticate(request.headers.get("authorization"), meta, options.portalTokens === true);
      Object.assign(seen, { workspaceId: ctx.workspaceId, applicationId: ctx.applicationId, keyId: key?.id ?? ctx.actor.id ?? undefined });
      limit = await rateLimit("api", limitId, { limit: perMinute, windowSeconds: 60 });
      Object.assign(headers, rateLimitHeaders(limit));
      if (!limit.success) throw new AppError("rate_limited", `This ${key ? "key" : "token"} may make ${limit.limit} requests a minute. Retry after the time in Retry-After.`);
      if (key) recordKeyUse(key.id);
      if (options.scope) authorize(ctx, options.scope);

      const raw = request.method === "GET" || request.method === "HEAD" ? "" : await readApiBody(request, options.maxBodyBytes?.() ?? DEFAULT_API_BODY_LIMIT_BYTES);
      const api: ApiContext<VerifiedKey | null> = {
        key,
        requestId,
        query: request.nextUrl.searchParams,
        headers: request.headers,
        signal: request.signal,
        ctx,
        json: () => {
          if (raw.trim() === "") return {};
          if (jsonTextNestsDeeperThan(raw, MAX_JSON_DEPTH)) throw tooDeep();
          try {
            return JSON.parse(raw);
          } catch {
            throw new AppError("invalid_json", "The request body is not valid JSON.");
          }
        },
      };
      const params = checkedParams(options.params, await route.params);

      const idempotencyKey = request.method === "POST" ? request.headers.get("idempotency-key") : null;
      // The handler's own type says whether its key may be null (portalTokens); this is the one place both meet.
      const run = () => handler(api as ApiContext<P extends true ? VerifiedKey | null : VerifiedKey>, params);
      if (!idempotencyKey) return respond(await run(), headers);

      const claim = await claimIdempotencyKey(ctx.workspaceId, idempotencyKey, { method: request.method, path: request.nextUrl.pathname, body: raw }, { semantics: options.idempotency, namespace: idempotencyNamespace });
      if (claim.kind === "replay") return respond({ status: claim.status, body: claim.body }, { ...headers, "idempotent-replayed": "true" });
      let result: ApiResult | Response;
      try {
        result = await run();
      } catch (error) {
        // Stored without the request id: a replay answers as the first request did, under its own id.
        const shaped = shapeError(toPublicError(error));
        await claim.release({ status: shaped.status, body: shaped.body });
        throw error;
      }
      // A streamed response cannot be stored for replay, so the key is let go rather than kept half-claimed.
      // What the handler did is done: if the database fails now, the answer is still its result, never a 503 that
      // would make the client send again what was stored (the key then stays claimed until its window ends).
      await claim.release(result instanceof Response ? { status: result.status, body: null, replayable: false } : result).catch((error: unknown) => {
        log().warn({ requestId, reason: (error as Error).message }, "could not store the response for its Idempotency-Key");
      });
      return respond(result, headers);
    } catch (error) {
      let publicError = toPublicError(error);
      // A request refused before its key's limit applied (no key, a bad one, a refused address) counts against its
      // client address instead: its answer carries RateLimit headers too, and guessing keys from one address is bounded.
      if (!limit) {
        const byAddress = await rateLimit("api:unauthenticated", meta.ip ?? "unknown", RULES.apiUnauthenticatedPerIp);
        Object.assign(headers, rateLimitHeaders(byAddress));
        // An outage is not the client's doing: its answer stays the 503 and the database's Retry-After.
        if (!byAddress.success && publicError.code !== "database_unavailable") publicError = new AppError("rate_limited", `Too many refused requests from this address. Retry after the time in Retry-After.`);
      }
      seen.errorCode = publicError.code;
      if (publicError.status === 401) headers["www-authenticate"] = wwwAuthenticate(publicError.code);
      if (publicError.code === "internal_error") log().error({ err: error, requestId, method: request.method, path: request.nextUrl.pathname }, "api request failed");
      const shaped = shapeError(publicError, requestId);
      return Response.json(shaped.body, { status: shaped.status, headers: { ...headers, ...publicError.details?.headers } });
    }
  };
  // One deadline for all the request's waits on the database: during an outage it answers 503 within it.
  // Every request gets its log line and counts, whatever it was answered.
  return async (request: NextRequest, route: RouteParams) => {
    const started = performance.now();
    const seen: Seen = { requestId: request.headers.get("x-request-id") || randomUUID() };
    const response = await withDatabaseDeadline(env().DATABASE_TIMEOUT_MS, () => handle(request, route, seen));
    observeApiRequest({ ...seen, method: request.method, path: request.nextUrl.pathname, status: response.status, durationMs: elapsedMs(started), headers: request.headers });
    return response;
  };
}
