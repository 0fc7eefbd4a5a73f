// GET /portal/access/<token> - open a single-use consumer portal link: exchange it for the session cookie
import { NextResponse, type NextRequest } from "next/server";
import { openPortalLink } from "@/lib/applications";
import { requestMetaFromHeaders } from "@/lib/api/request-context";
import { env } from "@/lib/platform/env";
import { PORTAL_COOKIE, portalCookieOptions } from "@/lib/portal";

export async function GET(request: NextRequest, { params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const opened = await openPortalLink(token, requestMetaFromHeaders(request.headers));
  // Redirects go to APP_URL, never the request's Host, which the client chooses.
  const response = NextResponse.redirect(new URL(opened ? "/portal" : "/portal/ended?reason=link", env().APP_URL), 303);
  response.headers.set("cache-control", "no-store");
  // The token is in this URL; the page it leads to must not pass it on to anyone in a Referer.
  response.headers.set("referrer-policy", "no-referrer");
  if (opened) response.cookies.set(PORTAL_COOKIE, opened.sessionToken, portalCookieOptions(opened.session.expiresAt));
  return response;
}
