import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { portalSessionFromToken, type PortalSession } from "@/lib/applications";
import { contextFromPortalSession, type RequestContext, requestMetaFromHeaders } from "@/lib/api";
import { env } from "@/lib/platform";
import { PORTAL_COOKIE } from "./frame";


/**
 * The session cookie's attributes. The portal is meant to be framed by the workspace's own product, another site, and
 * a browser sends a cookie into a cross-site frame only when it is `SameSite=None`, which it accepts only with
 * `Secure`, which it keeps only over HTTPS. So over HTTPS (every real deployment) it is `None; Secure`. Over plain http
 * (the embedded default on a laptop) a Secure cookie would not be kept at all, so it is `Lax`: loopback pages on other
 * ports are other origins but the same site, so the portal still works framed by a local page there.
 */
export function portalCookieOptions(expiresAt: Date) {
  const secure = env().APP_URL.startsWith("https://");
  return { httpOnly: true, secure, sameSite: secure ? ("none" as const) : ("lax" as const), path: "/portal", expires: expiresAt };
}

export interface Portal {
  session: PortalSession;
  ctx: RequestContext;
}

/** The portal session the request's cookie names, with its context, or null when there is none or it ended. */
export async function currentPortal(): Promise<Portal | null> {
  const session = await portalSessionFromToken((await cookies()).get(PORTAL_COOKIE)?.value);
  if (!session) return null;
  return { session, ctx: contextFromPortalSession(session, requestMetaFromHeaders(await headers())) };
}

/** The one guard of portal pages: the live session and its context, or the page that says the session ended. */
export async function requirePortal(): Promise<Portal> {
  const portal = await currentPortal();
  if (!portal) redirect("/portal/ended");
  return portal;
}
