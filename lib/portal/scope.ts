import { foundByPathId, idOrNotFound, type RequestContext } from "@/lib/api";
import { getEndpoint, getMessage } from "@/lib/outbound";

// The portal's isolation is the core functions': the session's context is limited to its application, so they answer
// "not found" for another application's (or workspace's) id exactly as for an unknown one (lib/applications/scope.ts).

const DETAIL_CHECKS: Record<string, (ctx: RequestContext, id: string) => Promise<unknown>> = {
  endpoints: (ctx, id) => getEndpoint({ id: idOrNotFound("ep", id, "The endpoint") }, ctx),
  messages: (ctx, id) => getMessage({ id: idOrNotFound("msg", id, "The message") }, ctx),
};

/**
 * False when `pathname` is a portal detail page (/portal/endpoints/<id>, /portal/messages/<id>) whose object is not
 * the session's application's. Portal pages stream behind a loading skeleton, so by the time a page finds nothing the
 * status is already 200; the portal layout asks this first and answers 404.
 */
export async function portalDetailExists(pathname: string, ctx: RequestContext): Promise<boolean> {
  const [, portal, section, id, ...rest] = pathname.split("/");
  const check = portal === "portal" && id && rest.length === 0 ? DETAIL_CHECKS[section] : undefined;
  return check ? foundByPathId(id, (decoded) => check(ctx, decoded)) : true;
}
