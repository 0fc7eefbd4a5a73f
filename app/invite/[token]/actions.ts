"use server";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { toPublicError } from "@/lib/api/errors";
import { requireUser } from "@/lib/auth/session";
import { requestMetaFromHeaders } from "@/lib/api/request-context";
import { acceptInvitation } from "@/lib/workspaces/service";

export async function acceptInvitationAction(formData: FormData) {
  const user = await requireUser();
  const token = String(formData.get("token") ?? "");
  let slug: string;
  try {
    slug = (await acceptInvitation(token, user, requestMetaFromHeaders(await headers()))).slug;
  } catch (error) {
    redirect(`/invite/${encodeURIComponent(token)}?error=${encodeURIComponent(toPublicError(error).message)}`);
  }
  redirect(`/${slug}`);
}
