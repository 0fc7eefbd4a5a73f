import { NextResponse, type NextFetchEvent, type NextRequest } from "next/server";
import { auth } from "@/lib/auth/config";

// Pages that need no session. APIs authenticate themselves (API keys, signatures), so they never reach this check.
const PUBLIC_PAGES = ["/sign-in", "/verify-request", "/dev/mailbox"];

// With lazily built Auth.js config, auth(handler) resolves to the wrapped handler, so it is awaited once per request.
const withSession = auth((request) => {
  const { pathname, search } = request.nextUrl;
  if (request.auth || PUBLIC_PAGES.some((p) => pathname === p || pathname.startsWith(`${p}/`))) return NextResponse.next();
  // A relative Location keeps the browser on the host it used; Next may see its own hostname here instead.
  const location = `/sign-in?${new URLSearchParams({ callbackUrl: pathname + search })}`;
  return new Response(null, { status: 307, headers: { location } });
});

export async function proxy(request: NextRequest, event: NextFetchEvent) {
  const handler = (await withSession) as unknown as (request: NextRequest, event: NextFetchEvent) => Promise<Response>;
  return handler(request, event);
}

export const config = {
  // Everything except APIs, inbound webhooks, Next internals and static files.
  matcher: ["/((?!api/|in/|_next/|favicon.ico|.*\\.(?:png|svg|jpg|ico|webp|txt)$).*)"],
};
