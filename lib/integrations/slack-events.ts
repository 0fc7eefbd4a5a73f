import { z } from "zod";
import { disconnectInstallation } from "./connections";
import { slackAdapter } from "./slack";

/**
 * Slack's Events API intake (POST /api/integrations/slack/events): every request is verified on its raw bytes with
 * the app's signing secret (v0 HMAC-SHA256, 5-minute window) before anything reads it; the url_verification challenge
 * is answered; app_uninstalled and tokens_revoked disconnect the Slack workspace's installations. Other events are
 * acknowledged and ignored. Slack retries what is not answered 2xx within 3 s, and the disconnect is idempotent.
 */

const envelopeSchema = z.object({ type: z.string(), challenge: z.string().optional(), team_id: z.string().optional(), event: z.object({ type: z.string() }).optional() });

const DISCONNECTING = new Set(["app_uninstalled", "tokens_revoked"]);

export async function handleSlackEvent(request: { rawBody: Buffer; headers: Headers; now?: number }): Promise<{ status: number; body: unknown }> {
  const verdict = slackAdapter.verifyInbound!(request);
  if (!verdict.ok) return { status: 401, body: { error: { code: "invalid_signature", message: verdict.detail } } };
  let parsed: z.infer<typeof envelopeSchema>;
  try {
    parsed = envelopeSchema.parse(JSON.parse(request.rawBody.toString("utf8")));
  } catch {
    return { status: 400, body: { error: { code: "bad_request", message: "The body is not a Slack Events API payload." } } };
  }
  if (parsed.type === "url_verification") return { status: 200, body: { challenge: parsed.challenge ?? "" } };
  if (parsed.type === "event_callback" && parsed.team_id && parsed.event && DISCONNECTING.has(parsed.event.type)) {
    const reason = parsed.event.type === "app_uninstalled" ? "The Slack app was uninstalled from the Slack workspace." : "Slack revoked the app's tokens.";
    const disconnected = await disconnectInstallation("slack", { configKey: "teamId", value: parsed.team_id }, `${reason} Connect Slack again to resume.`);
    return { status: 200, body: { ok: true, disconnected } };
  }
  return { status: 200, body: { ok: true } };
}
