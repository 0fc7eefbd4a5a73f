"use server";

import { redirect } from "next/navigation";
import { headers } from "next/headers";
import { memberContextForSlug, requestMetaFromHeaders } from "@/lib/api";
import { currentUser, userActor } from "@/lib/auth/session";
import { approveAuthorization, checkAuthorizeRequest, deniedRedirect } from "@/lib/integrations";
import { currentPortal } from "@/lib/portal";

/**
 * The IFTTT consent form's answers. The authorize request is checked again from the form's copy of IFTTT's query
 * (it is the user's to tamper with), and the approver is the portal session or the signed-in member, never the form.
 */
function authorizeRequestFrom(form: FormData) {
  return checkAuthorizeRequest(JSON.parse(String(form.get("request") ?? "{}")) as Record<string, string>);
}

export async function approveIftttAction(form: FormData) {
  const request = authorizeRequestFrom(form);
  const portal = await currentPortal();
  let url: string;
  if (portal) {
    url = await approveAuthorization({ request, application: portal.session.applicationId }, portal.ctx);
  } else {
    const user = await currentUser();
    if (!user) redirect("/sign-in");
    const [slug, application] = String(form.get("target") ?? "").split("|");
    const { ctx } = await memberContextForSlug(userActor(user), slug, "endpoints:write", requestMetaFromHeaders(await headers()));
    url = await approveAuthorization({ request, application }, ctx);
  }
  redirect(url);
}

export async function denyIftttAction(form: FormData) {
  redirect(deniedRedirect(authorizeRequestFrom(form)));
}
