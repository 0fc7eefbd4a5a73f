import { NextResponse } from "next/server";
import { auth } from "@/lib/auth/config";

// Pages that need no session. APIs authenticate themselves (API keys, signatures), so they never reach this check.
const PUBLIC_PAGES = ["/sign-in", "/verify-request", "/dev/mailbox"];

export const proxy = auth((request) => {
  const { pathname, search } = request.nextUrl;
  if (request.auth || PUBLIC_PAGES.some((p) => pathname === p || pathname.startsWith(`${p}/`))) return NextResponse.next();
  const signIn = new URL("/sign-in", request.nextUrl.origin);
  signIn.searchParams.set("callbackUrl", pathname + search);
  return NextResponse.redirect(signIn);
});

export const config = {
  // Everything except APIs, inbound webhooks, Next internals and static files.
  matcher: ["/((?!api/|in/|_next/|favicon.ico|.*\\.(?:png|svg|jpg|ico|webp|txt)$).*)"],
};
