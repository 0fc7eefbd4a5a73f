"use server";

import { headers } from "next/headers";
import { unstable_rethrow } from "next/navigation";
import { toPublicError } from "@/lib/api/errors";
import { signIn } from "@/lib/auth/config";
import { assertSignInHost } from "@/lib/auth/origin";
import { assertSignInAllowed, signInEmailSchema } from "@/lib/auth/sign-in";
import { requestMetaFromHeaders } from "@/lib/api/request-context";

export type SignInState = { error?: string; fieldError?: string; email?: string } | null;

function safeCallback(value: FormDataEntryValue | null): string {
  // Only same-site paths: an absolute URL here would make the sign-in page an open redirect.
  const path = typeof value === "string" ? value : "/";
  return path.startsWith("/") && !path.startsWith("//") ? path : "/";
}

export async function signInWithEmail(_previous: SignInState, formData: FormData): Promise<SignInState> {
  const parsed = signInEmailSchema.safeParse(formData.get("email"));
  if (!parsed.success) return { fieldError: parsed.error.issues[0].message, email: String(formData.get("email") ?? "") };
  try {
    const requestHeaders = await headers();
    assertSignInHost(requestHeaders);
    await assertSignInAllowed(parsed.data, requestMetaFromHeaders(requestHeaders).ip);
    await signIn("nodemailer", { email: parsed.data, redirectTo: safeCallback(formData.get("callbackUrl")) });
  } catch (error) {
    unstable_rethrow(error);
    return { error: toPublicError(error).message, email: parsed.data };
  }
  return null;
}

export async function signInWithGitHub(formData: FormData) {
  await signIn("github", { redirectTo: safeCallback(formData.get("callbackUrl")) });
}
