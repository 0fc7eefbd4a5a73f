// POST /api/integrations/ifttt/v1/oauth/token - IFTTT trades an authorization code for the user's access token
// OAuth's token endpoint: form-encoded (or JSON) in, RFC 6749 answers out, so it stands apart from apiRoute.
import { exchangeCode, OAuthError } from "@/lib/integrations/ifttt/oauth";

function parseJson(text: string): Record<string, string> {
  try {
    return JSON.parse(text || "{}") as Record<string, string>;
  } catch {
    throw new OAuthError("invalid_request", "The body is not valid JSON.");
  }
}

export async function POST(request: Request) {
  const type = request.headers.get("content-type") ?? "";
  const text = await request.text();
  try {
    const form = type.includes("json") ? parseJson(text) : Object.fromEntries(new URLSearchParams(text));
    return Response.json(await exchangeCode(form), { headers: { "cache-control": "no-store" } });
  } catch (error) {
    if (!(error instanceof OAuthError)) throw error;
    return Response.json({ error: error.error, error_description: error.message }, { status: error.error === "invalid_client" ? 401 : 400, headers: { "cache-control": "no-store" } });
  }
}
