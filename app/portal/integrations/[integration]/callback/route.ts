// GET /portal/integrations/<integration>/callback - the OAuth callback for a customer connecting from the consumer
// portal. Under /portal because the portal session's cookie is sent only there; otherwise as the dashboard's
// callback (app/api/integrations/[integration]/callback): every outcome is a redirect to the portal's Integrations page.
import { NextResponse, type NextRequest } from "next/server";
import { toPublicError } from "@/lib/api/errors";
import { completeConnect, integrationKindSchema } from "@/lib/integrations";
import { env } from "@/lib/platform/env";
import { currentPortal } from "@/lib/portal";

export async function GET(request: NextRequest, { params }: { params: Promise<{ integration: string }> }) {
  const integration = integrationKindSchema.safeParse((await params).integration);
  const query = request.nextUrl.searchParams;
  const back = (search: Record<string, string>) => {
    const url = new URL("/portal/integrations", env().APP_URL);
    url.search = new URLSearchParams(search).toString();
    const response = NextResponse.redirect(url, 303);
    response.headers.set("referrer-policy", "no-referrer");
    return response;
  };
  if (!integration.success) return back({ error: "This connect link is not valid. Start again." });
  if (query.get("error")) return back({ error: `The connection was not made (${query.get("error")}).` });
  const portal = await currentPortal();
  if (!portal) return NextResponse.redirect(new URL("/portal/ended", env().APP_URL), 303);
  try {
    const endpoint = await completeConnect({ integration: integration.data, state: query.get("state") ?? "", code: query.get("code") ?? "" }, portal.ctx);
    return back({ connected: endpoint.id });
  } catch (error) {
    return back({ error: toPublicError(error).message });
  }
}
