import { and, eq } from "drizzle-orm";
import { db } from "@/db";
import { endpoints, type StoredAlertChannel } from "@/db/schema";
import { deliverThroughAdapter, type SlackMessage } from "@/lib/integrations";
import { sendWebhook, targetPolicyFor } from "@/lib/net";
import { decryptSecret, escapeHtml, sendEmail } from "@/lib/platform";
import { signatureHeaders } from "@/lib/signing";
import { ALERT_KIND_LABELS, type AlertEvidenceView, type AlertRuleKind } from "@/lib/alerts/schemas";

/**
 * Sending one alert to one channel. The three channels are the platform's own ways out: email through the mailer
 * sign-in and key rotation use (lib/platform/email.ts), Slack through the workspace's Slack connection and its adapter
 * (lib/integrations deliverThroughAdapter, as any Slack endpoint's delivery), and an operational webhook signed with
 * Standard Webhooks (lib/signing) and sent by the SSRF-guarded client (lib/net), as every delivery is.
 */

export interface AlertMessage {
  /** The notification's id: the webhook's `webhook-id`, the same on every retry so receivers can de-duplicate. */
  id: string;
  event: "firing" | "resolved";
  workspace: { id: string; slug: string; name: string };
  incident: { id: string; ruleId: string | null; ruleName: string; kind: AlertRuleKind; subject: string; openedAt: Date; resolvedAt: Date | null };
  /** Links are absolute (APP_URL). */
  evidence: AlertEvidenceView;
  resolution: AlertEvidenceView | null;
  /** The alert history page. */
  historyUrl: string;
}

export type SendResult = { ok: true } | { ok: false; error: string; retryable: boolean };

const title = (m: AlertMessage) => (m.event === "firing" ? `Firing: ${m.incident.ruleName}` : `Resolved: ${m.incident.ruleName}`);
const sentence = (m: AlertMessage) => (m.event === "firing" ? m.evidence.summary : (m.resolution?.summary ?? "The condition no longer holds."));
const linked = (m: AlertMessage) => m.evidence.refs.filter((r) => r.url);

/** The webhook's JSON body: `alert.firing` / `alert.resolved`, with the incident and its evidence. */
export function webhookBody(m: AlertMessage): string {
  return JSON.stringify({
    type: `alert.${m.event}`,
    timestamp: new Date().toISOString(),
    data: {
      alertId: m.incident.id,
      ruleId: m.incident.ruleId,
      ruleName: m.incident.ruleName,
      kind: m.incident.kind,
      subject: m.incident.subject,
      workspaceId: m.workspace.id,
      openedAt: m.incident.openedAt.toISOString(),
      resolvedAt: m.incident.resolvedAt?.toISOString() ?? null,
      evidence: m.evidence,
      resolution: m.resolution,
      url: m.historyUrl,
    },
  });
}

export function slackAlert(m: AlertMessage): SlackMessage {
  const mark = m.event === "firing" ? ":rotating_light:" : ":white_check_mark:";
  const links = linked(m).map((r) => `<${r.url}|${r.type.replace("_", " ")} ${r.id}>`);
  return {
    text: `${title(m)}: ${sentence(m)}`,
    blocks: [
      { type: "header", text: { type: "plain_text", text: `${m.event === "firing" ? "🚨" : "✅"} ${title(m)}`.slice(0, 150) } },
      { type: "section", text: { type: "mrkdwn", text: `${mark} ${sentence(m)}`.slice(0, 3000) } },
      { type: "context", elements: [{ type: "mrkdwn", text: `${ALERT_KIND_LABELS[m.incident.kind]} · ${m.workspace.name} · <${m.historyUrl}|alert ${m.incident.id}>${links.length ? ` · ${links.join(" · ")}` : ""}`.slice(0, 3000) }] },
    ],
  };
}

export function emailAlert(m: AlertMessage) {
  const escape = escapeHtml;
  const links = linked(m);
  const figures = Object.entries((m.event === "firing" ? m.evidence : (m.resolution ?? m.evidence)).figures);
  const text = [
    title(m),
    "",
    sentence(m),
    "",
    ...figures.map(([k, v]) => `${k}: ${v ?? "-"}`),
    "",
    ...links.map((r) => `${r.type.replace("_", " ")} ${r.id}: ${r.url}`),
    `Alert history: ${m.historyUrl}`,
    "",
    `${ALERT_KIND_LABELS[m.incident.kind]} rule in ${m.workspace.name}; alert ${m.incident.id}, opened ${m.incident.openedAt.toISOString()}.`,
  ].join("\n");
  const html = `<div style="font-family:system-ui,sans-serif;max-width:560px;margin:auto;padding:24px">
<h2 style="margin:0 0 12px">${escape(title(m))}</h2><p>${escape(sentence(m))}</p>
<ul>${figures.map(([k, v]) => `<li>${escape(k)}: ${escape(String(v ?? "-"))}</li>`).join("")}</ul>
<p>${links.map((r) => `<a href="${escape(r.url!)}">${escape(`${r.type.replace("_", " ")} ${r.id}`)}</a>`).join(" · ")}</p>
<p><a href="${escape(m.historyUrl)}">Alert history</a></p>
<p style="color:#666;font-size:13px">${escape(`${ALERT_KIND_LABELS[m.incident.kind]} rule in ${m.workspace.name}; alert ${m.incident.id}.`)}</p></div>`;
  return { subject: `[Switchboard] ${title(m)}`, text, html };
}

const failure = (error: unknown, retryable = true): SendResult => ({ ok: false, error: error instanceof Error ? error.message : String(error), retryable });

/** Sends `m` to `channel`; never throws. */
export async function sendAlert(channel: StoredAlertChannel, m: AlertMessage): Promise<SendResult> {
  try {
    switch (channel.type) {
      case "email": {
        await sendEmail({ to: channel.to.join(", "), ...emailAlert(m) });
        return { ok: true };
      }
      case "slack": {
        const [endpoint] = await db()
          .select({ id: endpoints.id, kind: endpoints.kind, integration: endpoints.integration, timeoutMs: endpoints.timeoutMs })
          .from(endpoints)
          .where(and(eq(endpoints.id, channel.endpointId), eq(endpoints.workspaceId, m.workspace.id)));
        if (!endpoint) return failure("The Slack connection was removed: pick another one on the rule.", false);
        const { result } = await deliverThroughAdapter(
          { workspaceId: m.workspace.id, messageId: m.id, eventType: `alert.${m.event}`, messageCreatedAt: new Date(), payload: JSON.parse(webhookBody(m)), endpoint },
          { body: JSON.stringify(slackAlert(m)), contentType: "application/json" },
        );
        return result.ok ? { ok: true } : failure(`${result.errorClass ?? "error"}: ${result.errorMessage ?? "Slack refused the alert"}`, result.retryable !== false);
      }
      case "webhook": {
        const body = webhookBody(m);
        const signed = signatureHeaders({ id: m.id, timestamp: Math.floor(Date.now() / 1000), body, secrets: [decryptSecret(channel.secretEncrypted)] });
        const result = await sendWebhook({ url: channel.url, headers: { "content-type": "application/json", ...signed }, body, policy: await targetPolicyFor(m.workspace.id) });
        if (result.ok) return { ok: true };
        return failure(result.status ? `The webhook answered HTTP ${result.status}` : `${result.errorClass}: ${result.errorMessage}`, result.errorClass !== "ssrf_blocked" && result.errorClass !== "invalid_url");
      }
    }
  } catch (error) {
    return failure(error);
  }
}

/** How a channel is named in the history: its addresses, Slack connection or URL. */
export function channelTarget(channel: StoredAlertChannel): string {
  if (channel.type === "email") return channel.to.join(", ");
  if (channel.type === "slack") return channel.endpointId;
  return channel.url;
}
