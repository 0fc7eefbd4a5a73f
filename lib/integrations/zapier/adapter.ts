import { renderTemplate, builtInTemplate } from "@/lib/payloads";
import { type DeliveryResult, sendWebhook, targetPolicyFor } from "@/lib/net";
import { env } from "@/lib/platform";
import type { Adapter, AdapterDelivery, RenderedBody, SamplePayload } from "@/lib/integrations/adapter";
import { IntegrationError } from "@/lib/integrations/errors";

/**
 * Zapier (REST Hooks): Zapier subscribes a Zap's target URL to one event type through our API with a customer's
 * application-limited key (lib/integrations/zapier/hooks.ts); each subscription is an endpoint of kind zapier whose
 * url is that target. Delivery POSTs one flat JSON object per event (the built-in zapier-flat template, the shape
 * perform list answers with too, so the fields a user maps while building the Zap are the ones that arrive). A 410
 * is Zapier saying the Zap was turned off or deleted: the subscription and its endpoint go (endsConnection).
 */

const USER_AGENT = "Switchboard-Webhooks/1.0 (Zapier REST Hooks)";
const FLAT = builtInTemplate("zapier-flat")!;

/** An event as one flat object, Zapier's way: event_id, event_type, occurred_at and data_<field> for each payload field. */
export function zapierFlat(event: { id: string; type: string; timestamp: Date; data: unknown }): Record<string, unknown> {
  const rendered = renderTemplate(FLAT.source, { event: { ...event, timestamp: event.timestamp.toISOString() }, vars: {} });
  if (!rendered.ok) throw new Error(`the zapier-flat template failed: ${rendered.error.message}`);
  return JSON.parse(rendered.output) as Record<string, unknown>;
}

/** The standard envelope, which the pipeline sends when the endpoint has no template of its own. */
function isEnvelope(value: unknown): boolean {
  if (!value || typeof value !== "object" || Array.isArray(value)) return false;
  return Object.keys(value).sort().join(",") === "data,timestamp,type";
}

function bodyFor(delivery: AdapterDelivery, rendered: RenderedBody): string {
  try {
    // An endpoint template's output goes as it is; the envelope becomes the flat object Zapier maps best.
    if (!isEnvelope(JSON.parse(rendered.body))) return rendered.body;
  } catch {
    return rendered.body;
  }
  return JSON.stringify(zapierFlat({ id: delivery.messageId, type: delivery.eventType, timestamp: delivery.timestamp, data: delivery.payload }));
}

/**
 * What a failed POST to a Zap's hook means: 410 ends the subscription (Zapier's REST Hooks rule), 429 and 5xx are
 * Zapier being busy (retried, after its Retry-After), another 4xx is a refusal no retry fixes, and no answer at all
 * is retried unless the target is one we may not call.
 */
export function zapierError(result: DeliveryResult, url: string): IntegrationError {
  const response = result.status ? { status: result.status, body: result.body ?? "" } : undefined;
  const status = result.status;
  if (status === 410) {
    return new IntegrationError({ code: "zapier_subscription_gone", message: "Zapier answered 410: the Zap was turned off or deleted, so its subscription and endpoint were removed.", retryable: false, endsConnection: true, response, url });
  }
  if (status === 429) {
    return new IntegrationError({ code: "rate_limited", message: "Zapier is rate limiting this hook; it will be retried.", retryable: true, retryAfterSeconds: result.retryAfterSeconds, response, url });
  }
  if (status && (status >= 500 || status === 408)) {
    return new IntegrationError({ code: "zapier_unavailable", message: `Zapier answered ${status}; it will be retried.`, retryable: true, retryAfterSeconds: result.retryAfterSeconds, response, url });
  }
  if (status) return new IntegrationError({ code: "zapier_rejected", message: `Zapier refused the event with ${status}. Check the Zap's trigger.`, retryable: false, response, url });
  if (result.errorClass === "ssrf_blocked" || result.errorClass === "invalid_url") {
    return new IntegrationError({ code: "target_refused", message: result.errorMessage ?? "The Zap's target URL may not be called.", retryable: false, url });
  }
  const timedOut = result.errorClass === "timeout";
  return new IntegrationError({ code: timedOut ? "timeout" : "network", message: timedOut ? "Zapier did not answer in time; it will be retried." : `Could not reach Zapier (${result.errorMessage ?? "network error"}); it will be retried.`, retryable: true, url });
}

async function deliver(delivery: AdapterDelivery, rendered: RenderedBody) {
  const url = delivery.config.targetUrl ?? "";
  // The target came from Zapier through the API, so it is held to the workspace's SSRF policy like any endpoint URL.
  const result = await sendWebhook({
    url,
    headers: { "content-type": "application/json", "user-agent": USER_AGENT },
    body: bodyFor(delivery, rendered),
    timeoutMs: delivery.endpoint.timeoutMs,
    policy: await targetPolicyFor(delivery.workspaceId),
  });
  if (!result.ok) throw zapierError(result, url);
  return { url, status: result.status ?? 200, body: result.body ?? "" };
}

const SAMPLE_EVENTS = [
  { eventType: "order.created", payload: { orderId: "ord_1042", customer: "Acme Corp", total: 129.5, currency: "EUR", items: [{ sku: "T-1", quantity: 2 }] } },
  { eventType: "user.created", payload: { userId: "usr_77", email: "ada@example.com", plan: "team" } },
];
const SAMPLE_TIME = new Date("2026-01-15T09:30:00.000Z");

export const zapierApiBase = () => `${env().APP_URL}/api/v1/integrations/zapier`;

export const zapierAdapter: Adapter = {
  id: "zapier",
  name: "Zapier",
  connect: { type: "api", description: "A Zap subscribes through the API with a customer's application-limited key (REST Hooks); each subscription is a zapier endpoint." },
  // Nothing to configure: Zapier reaches us with our own API keys, and we call only the hook URLs it gives.
  status: () => ({ configured: true }),
  deliver,
  samplePayloads: (events = SAMPLE_EVENTS): SamplePayload[] =>
    events.map(({ eventType, payload }) => ({ eventType, payload, delivered: zapierFlat({ id: "msg_2xQ9example", type: eventType, timestamp: SAMPLE_TIME, data: payload }) })),
  docs: {
    summary: "Lets your customers start Zaps from your events. Zapier subscribes a Zap to one event type with REST Hooks, authenticated by an API key limited to the customer's application; each event arrives at the Zap as one flat JSON object.",
    setup: [
      "Download the Zapier app definition: GET /api/v1/integrations/zapier/app with a key holding event_types:read (one trigger per event type of your catalog, with its sample).",
      "Create a Zapier CLI project (zapier init, template minimal), put the definition in definition.json and make index.js export it with the project's version and zapier-platform-core's platformVersion; then zapier push.",
      "Your customers connect with an API key limited to their application (Keys page → Limit to application) holding event_types:read, endpoints:read, endpoints:write and messages:read.",
      "When a Zap is turned on, Zapier calls POST /api/v1/integrations/zapier/subscriptions: the subscription shows as a Zapier endpoint of that application, with its attempts, retries and replay.",
      "Turning the Zap off calls DELETE /api/v1/integrations/zapier/subscriptions/{id}; a 410 from Zapier removes the subscription too.",
    ],
    scopes: [
      { name: "event_types:read", why: "lists the triggers and their samples (app definition, perform list)" },
      { name: "endpoints:write", why: "subscribing and unsubscribing a Zap makes and deletes its endpoint" },
      { name: "messages:read", why: "perform list shows the application's recent events while a Zap is built" },
    ],
    configuration: [{ variable: "APP_URL", purpose: "the public URL the app definition's requests go to (`/api/v1/integrations/zapier/...`)" }],
    troubleshooting: [
      { problem: "A Zapier endpoint disappeared", fix: "Zapier answered 410 (the Zap was turned off or deleted); the audit log has integration.unsubscribed. Turning the Zap on again subscribes anew." },
      { problem: "Zapier says the API key is invalid", fix: "The auth test (GET /api/v1/integrations/zapier/me) refused it: the key is revoked, expired or lacks the scopes above." },
      { problem: "Attempts fail with zapier_rejected", fix: "Zapier refused the body (4xx). Check the Zap's trigger step and the endpoint's template, then replay." },
      { problem: "Perform list shows the sample, not real events", fix: "The application has no recent message of that type yet; send one and test the trigger again." },
    ],
  },
};

