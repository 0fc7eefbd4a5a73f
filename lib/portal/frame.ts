import { portalLinkFrameOrigins, portalSessionFromToken } from "@/lib/applications";

/** The portal session cookie (set by /portal/access/<token>, scoped to /portal). */
export const PORTAL_COOKIE = "sb_portal";

// Link tokens are base62, so the path holds them as they are.
const LINK_PATH = /^\/portal\/access\/([^/]+)$/;

/**
 * The Content-Security-Policy of a portal response: it may be framed by the app itself and by the origins its
 * workspace lists (validated as bare origins when saved), nobody else. The link's own response reads them from the
 * link, every other page from the session; without either nothing is listed. The ended page offers nothing to click,
 * so any page may frame it: an embedding site then shows why its frame is empty instead of a browser error.
 */
export async function portalFramePolicy(pathname: string, sessionToken: string | undefined): Promise<string> {
  if (pathname === "/portal/ended") return "frame-ancestors *";
  const link = LINK_PATH.exec(pathname)?.[1];
  const origins = link
    ? await portalLinkFrameOrigins(link).catch(() => [])
    : ((await portalSessionFromToken(sessionToken).catch(() => null))?.branding.frameOrigins ?? []);
  return ["frame-ancestors", "'self'", ...origins].join(" ");
}
