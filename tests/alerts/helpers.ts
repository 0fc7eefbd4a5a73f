// What the alerting tests share: a workspace with its own Slack connection (through the stand-in's OAuth), the three
// channels pointed at real local receivers (smtp-server, the Slack stand-in, a receiver verifying Standard Webhooks
// signatures), a loopback receiver whose answer the test sets, and a read of what each channel got for a rule.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { and, eq } from "drizzle-orm";
import { db } from "@/db";
import { deliveries } from "@/db/schema";
import type { AlertChannelInput } from "@/lib/alerts";
import { createApplication } from "@/lib/applications/applications";
import { completeConnect, startConnect } from "@/lib/integrations";
import { attemptDelivery } from "@/lib/outbound/attempt";
import { createEndpoint } from "@/lib/outbound/endpoints";
import { createEventType } from "@/lib/outbound/event-types";
import { sendMessage } from "@/lib/outbound/send";
import type { Id } from "@/lib/platform/id-types";
import { createOwner } from "@/tests/helpers/factories";
import type { SlackStandIn } from "@/tests/helpers/slack-stand-in";
import type { startSmtpServer } from "@/tests/helpers/smtp";
import type { VerifyingReceiver } from "@/tests/helpers/verifying-receiver";

export type Smtp = Awaited<ReturnType<typeof startSmtpServer>>;

/** A receiver on 127.0.0.1 answering `status` (set it at any time) to everything. */
export async function startStatusReceiver(initial = 500) {
  const state = { status: initial, hits: 0, url: "", close: async () => {} };
  const server = http.createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      state.hits++;
      res.writeHead(state.status).end(state.status >= 400 ? "trouble" : "ok");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  state.close = () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); });
  return state;
}

/** A fresh workspace (so each test's rules see only its own data) with an application, an event type and Slack connected. */
export async function alertWorkspace(slack: SlackStandIn) {
  const owner = await createOwner();
  const ctx = owner.ctx;
  const app = await createApplication({ name: "Acme", uid: "acme" }, ctx);
  await createEventType({ name: "invoice.paid" }, ctx);
  const { url } = await startConnect({ integration: "slack", application: app.id }, ctx);
  const authorize = new URL(url);
  const code = slack.grantCode(authorize.searchParams.get("redirect_uri")!);
  const slackEndpoint = await completeConnect({ integration: "slack", state: authorize.searchParams.get("state")!, code }, ctx);
  return { ...owner, ctx, app, slackEndpoint };
}

export type AlertWorkspace = Awaited<ReturnType<typeof alertWorkspace>>;

/** The three channels: the mailbox, the workspace's Slack connection, and the verifying receiver with its secret. */
export function allChannels(ws: AlertWorkspace, mailbox: string, receiver: VerifyingReceiver): AlertChannelInput[] {
  return [
    { type: "email", to: [mailbox] },
    { type: "slack", endpointId: ws.slackEndpoint.id },
    { type: "webhook", url: `${receiver.url}/alerts`, secret: receiver.secrets[0] },
  ];
}

export async function webhookEndpoint(ws: AlertWorkspace, url: string, settings: { retrySchedule?: number[]; autoDisableAfterSeconds?: number } = {}) {
  const { endpoint } = await createEndpoint({ url, application: ws.app.id, eventTypes: ["invoice.paid"], ...settings }, ws.ctx);
  return endpoint;
}

/** Sends one message and makes its delivery to `endpointId`'s attempt now, as the worker would. */
export async function deliverOnce(ws: AlertWorkspace, endpointId: Id<"ep">) {
  const sent = await sendMessage({ eventType: "invoice.paid", payload: { invoice: "inv_1" }, application: ws.app.id }, ws.ctx);
  const [delivery] = await db().select().from(deliveries).where(and(eq(deliveries.messageId, sent.message.id), eq(deliveries.endpointId, endpointId)));
  await attemptDelivery(delivery.id);
  return { messageId: sent.message.id, deliveryId: delivery.id };
}

/** What each channel received for the rule named `rule`, by event: mails, Slack posts, verified webhook bodies. */
export function received(rule: string, channels: { smtp: Smtp; mailbox: string; slack: SlackStandIn; receiver: VerifyingReceiver }) {
  const webhooks = channels.receiver.requests
    .filter((r) => r.url === "/alerts")
    .map((r) => ({ ...r, json: JSON.parse(r.body) as { type: string; data: { ruleName: string; alertId: string; evidence: { refs: { type: string; id: string; url: string | null }[] } } } }))
    .filter((r) => r.json.data.ruleName === rule);
  const count = (event: "Firing" | "Resolved") => ({
    email: channels.smtp.mails.filter((m) => m.to.includes(channels.mailbox) && m.text.includes(`Subject: [Switchboard] ${event}: ${rule}`)).length,
    slack: channels.slack.messages.filter((m) => m.text.startsWith(`${event}: ${rule}:`)).length,
    webhook: webhooks.filter((r) => r.json.type === `alert.${event.toLowerCase()}`).length,
  });
  return { firing: count("Firing"), resolved: count("Resolved"), webhooks };
}
