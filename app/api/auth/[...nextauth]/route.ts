// GET/POST /api/auth/* - Auth.js (sign-in, callbacks, session, sign-out)
import type { NextRequest } from "next/server";
import { errorBody, toPublicError } from "@/lib/api/errors";
import { handlers } from "@/lib/auth/config";
import { assertSignInAllowed, signInEmailSchema } from "@/lib/auth/sign-in";
import { requestMetaFromHeaders } from "@/lib/request-context";

type AuthHandler = (request: NextRequest) => Promise<Response>;

/**
 * Next hands route handlers a URL with its own hostname (often "localhost"), not the one the browser used. Auth.js
 * builds redirects from that URL, which would move the browser to another host and lose its cookies. So the
 * handler gets the URL the browser asked for, as Auth.js itself does for server actions (trusted Host header).
 */
async function asRequested(request: NextRequest): Promise<NextRequest> {
  const host = request.headers.get("x-forwarded-host") ?? request.headers.get("host");
  if (!host) return request;
  const url = new URL(request.url);
  url.host = host;
  url.protocol = `${request.headers.get("x-forwarded-proto") ?? url.protocol.replace(":", "")}:`;
  const body = request.method === "GET" || request.method === "HEAD" ? undefined : await request.arrayBuffer();
  return new Request(url, { method: request.method, headers: request.headers, body }) as NextRequest;
}

export async function GET(request: NextRequest) {
  return (handlers.GET as AuthHandler)(await asRequested(request));
}

// Direct posts to the email sign-in endpoint skip our form's server action, so they are limited here as well.
export async function POST(request: NextRequest) {
  if (request.nextUrl.pathname.endsWith("/signin/nodemailer")) {
    const form = await request.clone().formData();
    const email = signInEmailSchema.safeParse(form.get("email"));
    try {
      await assertSignInAllowed(email.success ? email.data : "invalid", requestMetaFromHeaders(request.headers).ip);
    } catch (error) {
      const publicError = toPublicError(error);
      return Response.json(errorBody(publicError), { status: publicError.status });
    }
  }
  return (handlers.POST as AuthHandler)(await asRequested(request));
}
