// GET/POST /api/auth/* - Auth.js (sign-in, callbacks, session, sign-out)
import type { NextRequest } from "next/server";
import { errorBody, toPublicError } from "@/lib/api/errors";
import { handlers } from "@/lib/auth/config";
import { assertSignInAllowed, signInEmailSchema } from "@/lib/auth/sign-in";
import { requestMetaFromHeaders } from "@/lib/request-context";

export const GET = handlers.GET;

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
  return handlers.POST(request);
}
