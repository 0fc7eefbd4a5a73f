// GET /api/integrations/<integration>/callback - where the service's OAuth authorize page sends a member back (Slack's
// "Add to Slack"). A browser redirect with the session cookie, not an API call, so not apiRoute: the member's context
// comes from the session and the state's workspace, and every outcome is a redirect to the Integrations page.
import { NextResponse, type NextRequest } from "next/server";
import { memberContextForSlug, requestMetaFromHeaders } from "@/lib/api/request-context";
import { toPublicError } from "@/lib/api/errors";
import { currentUser, userActor } from "@/lib/auth/session";
import { completeConnect, integrationKindSchema, stateWorkspaceSlug } from "@/lib/integrations";
import { env } from "@/lib/platform/env";

export async function GET(request: NextRequest, { params }: { params: Promise<{ integration: string }> }) {
  const integration = integrationKindSchema.safeParse((await params).integration);
  const query = request.nextUrl.searchParams;
  const state = query.get("state") ?? "";
  const slug = integration.success && state ? await stateWorkspaceSlug(state) : null;
  // Redirects go to APP_URL, never the request's Host, which the client chooses.
  const back = (search: Record<string, string>) => {
    const url = new URL(slug ? `/${slug}/integrations` : "/", env().APP_URL);
    url.search = new URLSearchParams(search).toString();
    const response = NextResponse.redirect(url, 303);
    response.headers.set("referrer-policy", "no-referrer");
    return response;
  };
  if (!integration.success || !slug) return back({ error: "This connect link is not valid. Start again from the Integrations page." });
  if (query.get("error")) return back({ error: `The connection was not made (${query.get("error")}).` });
  const user = await currentUser();
  if (!user) return back({ error: "Your session ended during the connect. Sign in and start again." });
  try {
    const { ctx } = await memberContextForSlug(userActor(user), slug, "endpoints:write", requestMetaFromHeaders(request.headers));
    const endpoint = await completeConnect({ integration: integration.data, state, code: query.get("code") ?? "" }, ctx);
    return back({ connected: endpoint.id });
  } catch (error) {
    return back({ error: toPublicError(error).message });
  }
}
