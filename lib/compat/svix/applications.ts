import { z } from "zod";
import { AppError, type RequestContext } from "@/lib/api";
import {
  type ApplicationView,
  createApplication,
  createPortalAccess,
  createPortalApiToken,
  deleteApplication,
  endPortalSession,
  expireAllPortalSessions,
  getOrCreateApplication,
  listApplications,
  PORTAL_MAX_EXPIRES_IN,
  resolveApplication,
  updateApplication,
} from "@/lib/applications";
import { isId } from "@/lib/platform";
import { unsupportedField } from "./errors";
import { svixList, svixPage } from "./pagination";
import { svixApplication, type SvixResult } from "./shapes";

/** Svix's application calls and its app-portal authentication, over lib/applications. */

const applicationIn = z.object({
  name: z.string(),
  uid: z.string().nullish(),
  throttleRate: z.number().int().nullish(),
  metadata: z.record(z.string(), z.string()).optional(),
});
type ApplicationIn = z.output<typeof applicationIn>;

/** Svix's ApplicationIn as our create input. */
const ourApplication = (app: ApplicationIn) => ({ name: app.name, uid: app.uid ?? null, rateLimitPerSecond: app.throttleRate ?? null, metadata: app.metadata ?? {} });

/** The application a path names (id or uid), or 404: every call under /app/{app_id} starts here. */
export const pathApplication = (appId: string, ctx: RequestContext) => resolveApplication({ id: appId }, ctx);

export async function listSvixApplications(query: URLSearchParams, ctx: RequestContext): Promise<SvixResult> {
  for (const name of ["exclude_apps_with_no_endpoints", "exclude_apps_with_disabled_endpoints", "exclude_apps_with_svix_play_endpoints"]) {
    if (query.get(name) === "true") throw unsupportedField(`query.${name}`, `The ${name} filter`);
  }
  const { data, nextCursor } = await listApplications(svixPage(query), ctx);
  return { status: 200, body: svixList(data.map(svixApplication), nextCursor) };
}

/** create, and getOrCreate (`get_if_exists=true`: 200 with the application of that uid when it exists). */
export async function createSvixApplication(body: unknown, query: URLSearchParams, ctx: RequestContext): Promise<SvixResult> {
  const app = applicationIn.parse(body);
  if (query.get("get_if_exists") === "true" && app.uid) {
    const existing = await resolveApplication({ id: app.uid }, ctx).catch((error: unknown) => {
      if (error instanceof AppError && error.code === "not_found") return null;
      throw error;
    });
    if (existing) return { status: 200, body: svixApplication(existing) };
    return { status: 201, body: svixApplication(await getOrCreateApplication({ ...ourApplication(app), uid: app.uid }, ctx)) };
  }
  return { status: 201, body: svixApplication(await createApplication(ourApplication(app), ctx)) };
}

export async function getSvixApplication(appId: string, ctx: RequestContext): Promise<SvixResult> {
  return { status: 200, body: svixApplication(await pathApplication(appId, ctx)) };
}

/** upsert: the application the path names gets the body's fields (200), or is created with the path as its uid (201). */
export async function upsertSvixApplication(appId: string, body: unknown, ctx: RequestContext): Promise<SvixResult> {
  const app = applicationIn.parse(body);
  const existing = await pathApplication(appId, ctx).catch((error: unknown) => {
    if (error instanceof AppError && error.code === "not_found" && !isId("app", appId)) return null;
    throw error;
  });
  if (existing) return { status: 200, body: svixApplication(await updateApplication({ id: existing.id, ...ourApplication(app), uid: app.uid ?? existing.uid }, ctx)) };
  return { status: 201, body: svixApplication(await createApplication({ ...ourApplication(app), uid: app.uid ?? appId }, ctx)) };
}

export async function patchSvixApplication(appId: string, body: unknown, ctx: RequestContext): Promise<SvixResult> {
  const patch = applicationIn.partial().parse(body);
  const app = await pathApplication(appId, ctx);
  const updated = await updateApplication(
    { id: app.id, name: patch.name, uid: patch.uid, metadata: patch.metadata, rateLimitPerSecond: patch.throttleRate === undefined ? undefined : patch.throttleRate },
    ctx,
  );
  return { status: 200, body: svixApplication(updated) };
}

export async function deleteSvixApplication(appId: string, ctx: RequestContext): Promise<SvixResult> {
  await deleteApplication({ id: (await pathApplication(appId, ctx)).id }, ctx);
  return { status: 204, body: null };
}

const portalAccessIn = z.object({
  application: applicationIn.nullish(),
  readOnly: z.boolean().nullish(),
  capabilities: z.array(z.string()).nullish(),
  expiry: z.number().int().nullish(),
  featureFlags: z.array(z.string()).optional(),
  sessionId: z.string().nullish(),
});

/**
 * appPortalAccess: our portal link as `url` and, as `token`, a portal session's API token (createPortalApiToken) that
 * works as the SDK's token for this application alone (a portal built with svix-react). `application` creates the
 * application first when the path names none. A session lasts `expiry` seconds (7 days unless given, as in Svix).
 * Capabilities without ManageEndpoint make it read-only: our sessions either change endpoints or only look.
 */
export async function svixAppPortalAccess(appId: string, body: unknown, ctx: RequestContext): Promise<SvixResult> {
  const input = portalAccessIn.parse(body ?? {});
  if (input.sessionId) throw unsupportedField("sessionId", "A session id");
  if (input.featureFlags?.length) throw unsupportedField("featureFlags", "Feature flags");
  let app: ApplicationView;
  try {
    app = await pathApplication(appId, ctx);
  } catch (error) {
    if (!(error instanceof AppError && error.code === "not_found" && input.application)) throw error;
    app = await getOrCreateApplication({ ...ourApplication(input.application), uid: input.application.uid ?? appId }, ctx);
  }
  const readOnly = input.readOnly ?? (input.capabilities ? !input.capabilities.includes("ManageEndpoint") : false);
  const session = { id: app.id, expiresIn: input.expiry ?? PORTAL_MAX_EXPIRES_IN, readOnly };
  const link = await createPortalAccess(session, ctx);
  const { token } = await createPortalApiToken(session, ctx);
  return { status: 200, body: { url: link.url, token } };
}

/** expireAll: every session of the application ends at once (Svix's `expiry` grace is not kept: see the guide). */
export async function svixExpireAll(appId: string, ctx: RequestContext): Promise<SvixResult> {
  await expireAllPortalSessions({ id: (await pathApplication(appId, ctx)).id }, ctx);
  return { status: 204, body: null };
}

/** logout: ends the portal session whose token made the call; any other token is refused, as Svix does. */
export async function svixLogout(ctx: RequestContext): Promise<SvixResult> {
  if (ctx.actor.type !== "portal_session") throw new AppError("forbidden", "Only an app portal token (from appPortalAccess) can be logged out.");
  await endPortalSession(ctx);
  return { status: 204, body: null };
}

