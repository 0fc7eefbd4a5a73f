import { randomUUID } from "node:crypto";
import { type DeliveryResult, sendWebhook } from "@/lib/net";
import { env } from "@/lib/platform";
import type { Adapter, AdapterDelivery, SamplePayload } from "@/lib/integrations/adapter";
import { IntegrationError } from "@/lib/integrations/errors";

/**
 * IFTTT, as a service on the IFTTT Platform (its service protocol, lib/integrations/ifttt/service.ts): IFTTT polls
 * our trigger for a user's events and runs our action to send one. A user connects through our OAuth (a member's or
 * a portal session's sign-in, lib/integrations/ifttt/oauth.ts), which issues an application-limited API key as the
 * access token and makes an endpoint of kind ifttt for the application. Delivering to that endpoint is the realtime
 * notification: `POST {IFTTT_REALTIME_URL}/v1/notifications` naming the user, so IFTTT polls at once instead of within
 * the hour. The realtime URL is an operator's setting (a stand-in under test), not a user's.
 */

export const IFTTT_TRIGGER = "new_event";
export const IFTTT_ACTION = "send_event";

/** What a trigger item carries: IFTTT's ingredients for one event, and its meta (id, unix timestamp). */
export function iftttItem(message: { id: string; eventType: string; createdAt: Date; payload: unknown }) {
  const seconds = Math.floor(message.createdAt.getTime() / 1000);
  return {
    event_type: message.eventType,
    event_id: message.id,
    occurred_at: message.createdAt.toISOString(),
    payload: JSON.stringify(message.payload ?? null).slice(0, 10_000),
    created_at: message.createdAt.toISOString(),
    meta: { id: message.id, timestamp: seconds },
  };
}

export const realtimeUrl = () => `${env().IFTTT_REALTIME_URL.replace(/\/+$/, "")}/v1/notifications`;

/** What IFTTT's realtime API answering this means: a refused service key no retry fixes; busy or unreachable is retried. */
export function iftttRealtimeError(result: DeliveryResult, url: string): IntegrationError {
  const status = result.status;
  const response = status ? { status, body: result.body ?? "" } : undefined;
  if (status === 401 || status === 403) {
    return new IntegrationError({ code: "ifttt_service_key_refused", message: `IFTTT refused the service key (${status}). Check IFTTT_SERVICE_KEY against the IFTTT Platform's.`, retryable: false, response, url });
  }
  if (status === 429 || (status && (status >= 500 || status === 408))) {
    return new IntegrationError({ code: status === 429 ? "rate_limited" : "ifttt_unavailable", message: `IFTTT answered ${status}; the notification will be retried.`, retryable: true, retryAfterSeconds: result.retryAfterSeconds, response, url });
  }
  if (status) return new IntegrationError({ code: "ifttt_rejected", message: `IFTTT refused the notification with ${status}.`, retryable: false, response, url });
  const timedOut = result.errorClass === "timeout";
  return new IntegrationError({ code: timedOut ? "timeout" : "network", message: timedOut ? "IFTTT did not answer in time; it will be retried." : `Could not reach IFTTT (${result.errorMessage ?? "network error"}); it will be retried.`, retryable: true, url });
}

async function deliver(delivery: AdapterDelivery) {
  const url = realtimeUrl();
  const key = env().IFTTT_SERVICE_KEY;
  if (!key) throw new IntegrationError({ code: "integration_unavailable", message: "IFTTT is not configured: set IFTTT_SERVICE_KEY.", retryable: false, url });
  const result = await sendWebhook({
    url,
    headers: { "content-type": "application/json", accept: "application/json", "ifttt-service-key": key, "x-request-id": randomUUID() },
    body: JSON.stringify({ data: [{ user_id: delivery.config.userId }] }),
    timeoutMs: delivery.endpoint.timeoutMs,
  });
  if (!result.ok) throw iftttRealtimeError(result, url);
  return { url, status: result.status ?? 200, body: result.body ?? "" };
}

const missing = () => {
  const e = env();
  return [
    !e.IFTTT_SERVICE_KEY && { variable: "IFTTT_SERVICE_KEY", purpose: "the service key from the IFTTT Platform (API → Service key): IFTTT sends it, and realtime notifications carry it" },
    !e.IFTTT_CLIENT_ID && { variable: "IFTTT_CLIENT_ID", purpose: "the OAuth client id you enter on the IFTTT Platform (Authentication)" },
    !e.IFTTT_CLIENT_SECRET && { variable: "IFTTT_CLIENT_SECRET", purpose: "the OAuth client secret you enter there" },
  ].filter((m): m is { variable: string; purpose: string } => Boolean(m));
};

const SAMPLE_TIME = new Date("2026-01-15T09:30:00.000Z");

export const iftttAdapter: Adapter = {
  id: "ifttt",
  name: "IFTTT",
  connect: { type: "api", description: "A user connects from IFTTT: IFTTT sends them to our OAuth page, where they sign in (dashboard or portal) and pick the application." },
  status: () => {
    const absent = missing();
    return absent.length ? { configured: false, missing: absent } : { configured: true };
  },
  deliver,
  samplePayloads: (events = [{ eventType: "order.shipped", payload: { order: "ord_5521", carrier: "DHL" } }]): SamplePayload[] =>
    events.map(({ eventType, payload }) => ({ eventType, payload, delivered: iftttItem({ id: "msg_2xQ9example", eventType, createdAt: SAMPLE_TIME, payload }) })),
  docs: {
    summary: "Publishes your events as an IFTTT service: a trigger (New event, by event type) that applets start from, and an action (Send event) that sends one. Users connect with OAuth, signing in with their Switchboard account or your customer portal, and get only their application's events.",
    setup: [
      "Create a service on the IFTTT Platform with the API URL prefix {APP_URL}/api/integrations (IFTTT appends /ifttt/v1).",
      "Authentication: OAuth2 with the authorization URL {APP_URL}/portal/integrations/ifttt/authorize, the token URL {APP_URL}/api/integrations/ifttt/v1/oauth/token, and a client id and secret of your choosing (IFTTT_CLIENT_ID, IFTTT_CLIENT_SECRET).",
      "Add the trigger new_event with the dropdown trigger field event_type (dynamic options) and the ingredients event_type, event_id, occurred_at, payload and created_at.",
      "Add the action send_event with the action fields event_type (dynamic options) and payload (text: JSON).",
      "Set IFTTT_SERVICE_KEY to the service key shown under API, and IFTTT_TEST_WORKSPACE to the slug of a workspace for IFTTT's endpoint tests; restart and run IFTTT's endpoint tests.",
      "Users connect from IFTTT: they sign in, pick the application, and an IFTTT endpoint appears for it; new events notify IFTTT in realtime.",
    ],
    scopes: [
      { name: "event_types:read", why: "lists the event types as the trigger's and action's options" },
      { name: "messages:read", why: "the trigger returns the application's recent events" },
      { name: "messages:write", why: "the action sends an event to the application" },
    ],
    configuration: [
      { variable: "IFTTT_SERVICE_KEY", purpose: "checked on /status and /test/setup, sent with realtime notifications" },
      { variable: "IFTTT_CLIENT_ID", purpose: "the OAuth client IFTTT authenticates as" },
      { variable: "IFTTT_CLIENT_SECRET", purpose: "its secret, checked at the token exchange" },
      { variable: "IFTTT_REALTIME_URL", purpose: "the realtime API's base URL", default: "https://realtime.ifttt.com" },
      { variable: "IFTTT_REDIRECT_URI_PREFIX", purpose: "what an OAuth redirect_uri must start with", default: "https://ifttt.com/channels/" },
      { variable: "IFTTT_TEST_WORKSPACE", purpose: "the workspace (slug) whose test application IFTTT's endpoint tests use" },
    ],
    troubleshooting: [
      { problem: "IFTTT's endpoint tests fail on /status with 401", fix: "IFTTT_SERVICE_KEY differs from the Platform's service key." },
      { problem: "/test/setup answers 503", fix: "Set IFTTT_TEST_WORKSPACE to a workspace's slug; the tests' application and event type are made there." },
      { problem: "Attempts fail with ifttt_service_key_refused", fix: "IFTTT refused the realtime notification's key. Fix IFTTT_SERVICE_KEY; applets still run on IFTTT's polling meanwhile." },
      { problem: "An applet never fires", fix: "Check the connection's application sends that event type (the trigger shows only the application's own events, not workspace-wide sends)." },
    ],
  },
};
