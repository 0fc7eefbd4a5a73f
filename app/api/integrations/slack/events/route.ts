// POST /api/integrations/slack/events - Slack's Events API (url_verification, app_uninstalled, tokens_revoked).
// Authenticated by Slack's request signature over the raw bytes, not an API key, so not apiRoute.
import { NextResponse, type NextRequest } from "next/server";
import { handleSlackEvent } from "@/lib/integrations";
import { readCappedBody } from "@/lib/net";

// Slack's event payloads are a few kilobytes; anything far larger is not from Slack.
const MAX_EVENT_BYTES = 256 * 1024;

export async function POST(request: NextRequest) {
  const body = await readCappedBody(request.body, MAX_EVENT_BYTES, request.headers.get("content-length"));
  if (!body.ok) return NextResponse.json({ error: { code: "payload_too_large", message: "A Slack event is never this large." } }, { status: 413 });
  const answer = await handleSlackEvent({ rawBody: body.bytes, headers: request.headers });
  return NextResponse.json(answer.body, { status: answer.status });
}
