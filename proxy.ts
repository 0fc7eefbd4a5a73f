import { NextResponse, type NextFetchEvent, type NextRequest } from "next/server";
import { auth } from "@/lib/auth/config";
import { PATHNAME_HEADER } from "@/lib/api/request-path";
import { PORTAL_COOKIE, portalFramePolicy } from "@/lib/portal/frame";

// Pages that need no session. APIs authenticate themselves (API keys, signatures), so they never reach this check;
// nor does the consumer portal, which has its own session (lib/portal), checked by its pages and actions.
const PUBLIC_PAGES = ["/sign-in", "/verify-request", "/dev/mailbox"];

// With lazily built Auth.js config, auth(handler) resolves to the wrapped handler, so it is awaited once per request.
const withSession = auth((request) => {
  const { pathname, search } = request.nextUrl;
  if (request.auth || PUBLIC_PAGES.some((p) => pathname === p || pathname.startsWith(`${p}/`))) {
    const headers = new Headers(request.headers);
    headers.set(PATHNAME_HEADER, pathname);
    return NextResponse.next({ request: { headers } });
  }
  // Next's proxy adapter needs an absolute Location (a relative one fails with "Invalid URL", a 500). It sends a
  // same-origin one on as a relative path, so the browser stays on the host it used.
  const signIn = new URL("/sign-in", request.nextUrl);
  signIn.search = new URLSearchParams({ callbackUrl: pathname + search }).toString();
  return NextResponse.redirect(signIn, 307);
});

export async function proxy(request: NextRequest, event: NextFetchEvent) {
  const { pathname } = request.nextUrl;
  if (pathname === "/portal" || pathname.startsWith("/portal/")) {
    // The portal is the one part of the app another site may frame: only the origins its workspace lists. Its
    // layout reads the path too, to answer 404 for another application's id before its pages stream.
    const headers = new Headers(request.headers);
    headers.set(PATHNAME_HEADER, pathname);
    const response = NextResponse.next({ request: { headers } });
    response.headers.set("content-security-policy", await portalFramePolicy(pathname, request.cookies.get(PORTAL_COOKIE)?.value));
    return response;
  }
  const handler = (await withSession) as unknown as (request: NextRequest, event: NextFetchEvent) => Promise<Response>;
  return handler(request, event);
}

export const config = {
  // Everything except APIs, inbound webhooks, Next internals and static files.
  matcher: ["/((?!api/|in/|_next/|favicon.ico|.*\\.(?:png|svg|jpg|ico|webp|txt)$).*)"],
};
