import { z } from "zod";
import { db, type Tx } from "@/db";
import { AppError, authorize, contextFromApiKey, type RequestContext, requestMetaFromHeaders, toPublicError } from "@/lib/api";
import { resolveApplication } from "@/lib/applications";
import { type VerifiedKey, verifyApiKey } from "@/lib/keys";
import { readCappedBody } from "@/lib/net";
import { getEventType, listEventTypes, listMessages, sendMessage } from "@/lib/outbound";
import { env, safeEqual } from "@/lib/platform";
import { iftttItem } from "@/lib/integrations/ifttt/adapter";

/**
 * IFTTT's service protocol (under /api/integrations/ifttt/v1, the service's API URL prefix being /api/integrations):
 * its own authentication (the IFTTT-Service-Key header, or the user's access token, which is one of our
 * application-limited API keys), its own body shapes (`{data}` on success, `{errors: [{message}]}` on failure, with
 * `status: "SKIP"` for an action no retry can run) and its status codes (400, 401, 404, 500, 503). So the routes
 * stand apart from apiRoute, and share iftttServiceRoute / iftttUserRoute instead.
 */

const MAX_BODY_BYTES = 256 * 1024;
/** IFTTT asks for 50 items when it names no limit; our pages hold at most 250. */
const DEFAULT_LIMIT = 50;
const MAX_LIMIT = 250;

type Body = Record<string, unknown>;

/** IFTTT is not configured here: 503 (IFTTT's "not available, try later"), saying what to set. */
class NotConfigured extends Error {}

/** An error as IFTTT reads it: its status set, and SKIP for an action refused for its input. */
function errorResponse(error: unknown, action: boolean): Response {
  if (error instanceof NotConfigured) return Response.json({ errors: [{ message: error.message }] }, { status: 503 });
  const e = toPublicError(error);
  const status = e.status === 401 || e.status === 403 ? 401 : e.status === 429 || e.status === 503 ? 503 : e.status >= 500 ? 500 : 400;
  if (status === 500) console.error(JSON.stringify({ level: "error", msg: "IFTTT request failed", error: String(error) }));
  const skip = action && status === 400;
  return Response.json({ errors: [{ message: e.message, ...(skip ? { status: "SKIP" } : {}) }] }, { status, headers: e.details?.headers });
}

async function readBody(request: Request): Promise<Body> {
  if (request.method === "GET" || request.method === "DELETE") return {};
  const read = await readCappedBody(request.body, MAX_BODY_BYTES, request.headers.get("content-length"));
  if (!read.ok) throw new AppError("payload_too_large", `The body is larger than ${MAX_BODY_BYTES} bytes.`);
  const text = read.bytes.toString("utf8").trim();
  if (!text) return {};
  try {
    const parsed: unknown = JSON.parse(text);
    return parsed && typeof parsed === "object" && !Array.isArray(parsed) ? (parsed as Body) : {};
  } catch {
    throw new AppError("invalid_json", "The request body is not valid JSON.");
  }
}

/** The IFTTT-Service-Key check of /status and /test/setup: unconfigured says what to set, a wrong key is 401. */
function assertServiceKey(headers: Headers) {
  const expected = env().IFTTT_SERVICE_KEY;
  if (!expected) throw new NotConfigured("IFTTT is not configured on this deployment: set IFTTT_SERVICE_KEY.");
  const sent = headers.get("ifttt-service-key") ?? headers.get("ifttt-channel-key") ?? "";
  if (!safeEqual(sent, expected)) throw new AppError("unauthorized", "The IFTTT-Service-Key header is missing or wrong.");
}

/** A handler's data in IFTTT's `{data}` wrapper; a handler that shapes the whole body returns a Response. */
const ok = (data: unknown) => (data instanceof Response ? data : Response.json(data === undefined ? {} : { data }, { headers: { "cache-control": "no-store" } }));

export const notConfigured = (message: string) => new NotConfigured(message);

/** A route IFTTT calls with its service key (status, test setup). */
export function iftttServiceRoute(handler: (body: Body) => Promise<unknown>) {
  return async (request: Request) => {
    try {
      assertServiceKey(request.headers);
      return ok(await handler(await readBody(request)));
    } catch (error) {
      return errorResponse(error, false);
    }
  };
}

/** A route IFTTT calls for a user, with their access token (an application-limited key). `action` marks SKIP errors. */
export function iftttUserRoute<P = Record<string, string>>(
  options: { action?: boolean },
  handler: (call: { ctx: RequestContext; key: VerifiedKey; body: Body }, params: P) => Promise<unknown>,
) {
  return async (request: Request, route: { params: Promise<P> }) => {
    try {
      const meta = requestMetaFromHeaders(request.headers);
      const key = await verifyApiKey(request.headers.get("authorization"), meta.ip);
      return ok(await handler({ ctx: contextFromApiKey(key, meta), key, body: await readBody(request) }, await route.params));
    } catch (error) {
      return errorResponse(error, options.action ?? false);
    }
  };
}

/** GET /user/info: who the token is. The id is the key's, which realtime notifications name. */
export async function userInfo(key: VerifiedKey, ctx: RequestContext, tx: Tx = db()) {
  const application = key.applicationId ? await resolveApplication({ id: key.applicationId }, ctx, tx) : null;
  return { name: application ? `${application.name} (${key.workspace.name})` : key.workspace.name, id: key.id };
}

const triggerSchema = z.object({
  triggerFields: z.object({ event_type: z.string().trim().min(1, "The trigger field event_type is required.") }, { error: "The trigger fields are missing." }),
  limit: z.number().int().min(0).optional(),
  cursor: z.string().max(500).optional(),
});

/**
 * POST /triggers/new_event: the application's events of the type, newest first, `limit` of them (50 unless IFTTT
 * says; 0 answers none), with a cursor to the next page when there are more.
 */
export async function newEventTrigger(body: Body, ctx: RequestContext, tx: Tx = db()) {
  const { triggerFields, limit = DEFAULT_LIMIT, cursor } = triggerSchema.parse(body);
  authorize(ctx, "messages:read");
  const type = await getEventType({ idOrName: triggerFields.event_type }, ctx, tx);
  if (limit === 0) return [];
  const page = await listMessages({ eventType: type.name, limit: Math.min(limit, MAX_LIMIT), cursor }, ctx, tx);
  // The cursor sits beside data, so this shapes the whole body.
  return Response.json({ data: page.data.map(iftttItem), ...(page.nextCursor ? { cursor: page.nextCursor } : {}) });
}

/** Dynamic options of the event_type fields (trigger and action): the catalog. */
export async function eventTypeOptions(ctx: RequestContext, tx: Tx = db()) {
  authorize(ctx, "event_types:read");
  return (await listEventTypes({}, ctx, tx)).map((t) => ({ label: t.description ? `${t.name}: ${t.description}` : t.name, value: t.name }));
}

const actionSchema = z.object({
  actionFields: z.object({ event_type: z.string().trim().min(1, "The action field event_type is required."), payload: z.string().max(MAX_BODY_BYTES).optional() }, { error: "The action fields are missing." }),
});

/** POST /actions/send_event: sends a message to the token's application; the payload field is JSON (text otherwise). */
export async function sendEventAction(body: Body, ctx: RequestContext, tx: Tx = db()) {
  const { actionFields } = actionSchema.parse(body);
  let payload: unknown = {};
  if (actionFields.payload?.trim()) {
    try {
      payload = JSON.parse(actionFields.payload);
    } catch {
      payload = { text: actionFields.payload };
    }
  }
  const sent = await sendMessage({ eventType: actionFields.event_type, payload }, ctx, tx);
  return [{ id: sent.message.id }];
}
