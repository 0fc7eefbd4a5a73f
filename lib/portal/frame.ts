import { portalSessionFromToken } from "@/lib/applications";

/** The portal session cookie (set by /portal/access/<token>, scoped to /portal). */
export const PORTAL_COOKIE = "sb_portal";

/**
 * The Content-Security-Policy of a portal response: it may be framed by the app itself and by the origins its
 * workspace lists (validated as bare origins when saved), nobody else. Without a live session nothing is listed.
 */
export async function portalFramePolicy(sessionToken: string | undefined): Promise<string> {
  const session = await portalSessionFromToken(sessionToken).catch(() => null);
  return ["frame-ancestors", "'self'", ...(session?.branding.frameOrigins ?? [])].join(" ");
}
