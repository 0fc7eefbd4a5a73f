// GET/POST /api/auth/* - Auth.js (sign-in, callbacks, session, sign-out)
// Not a workspace route: this is where a session comes from, before there is a member to build a context for.
import type { NextRequest } from "next/server";
import { errorBody, toPublicError } from "@/lib/api/errors";
import { handlers } from "@/lib/auth/config";
import { assertSignInHost, signInOrigin } from "@/lib/auth/origin";
import { assertSignInAllowed, signInEmailSchema } from "@/lib/auth/sign-in";
import { env } from "@/lib/platform/env";
import { requestMetaFromHeaders } from "@/lib/api/request-context";

type AuthHandler = (request: NextRequest) => Promise<Response>;

/**
 * Next hands route handlers a URL with its own hostname (often "localhost"), and Auth.js builds its redirects and
 * links from that URL. It gets the app's own origin instead (APP_URL; on Vercel the deployment's host asked), never
 * one taken from the client's Host header, so every redirect and link stays on the one origin the cookies belong to.
 */
async function atAppOrigin(request: NextRequest): Promise<NextRequest> {
  const url = new URL(request.url);
  const origin = new URL(signInOrigin(request.headers) ?? env().APP_URL);
  url.protocol = origin.protocol;
  url.host = origin.host;
  if (url.href === request.url) return request;
  const body = request.method === "GET" || request.method === "HEAD" ? undefined : await request.arrayBuffer();
  return new Request(url, { method: request.method, headers: request.headers, body }) as NextRequest;
}

export async function GET(request: NextRequest) {
  return (handlers.GET as AuthHandler)(await atAppOrigin(request));
}

// Direct posts to the email sign-in endpoint skip our form's server action, so they are checked here as well.
export async function POST(request: NextRequest) {
  if (request.nextUrl.pathname.endsWith("/signin/nodemailer")) {
    try {
      assertSignInHost(request.headers);
      const form = await request.clone().formData();
      const email = signInEmailSchema.safeParse(form.get("email"));
      await assertSignInAllowed(email.success ? email.data : "invalid", requestMetaFromHeaders(request.headers).ip);
    } catch (error) {
      const publicError = toPublicError(error);
      return Response.json(errorBody(publicError), { status: publicError.status });
    }
  }
  return (handlers.POST as AuthHandler)(await atAppOrigin(request));
}
