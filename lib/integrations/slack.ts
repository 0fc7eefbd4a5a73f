import { ErrorCode, LogLevel, WebClient, type WebAPICallError } from "@slack/web-api";
import { env } from "@/lib/platform";
import { verifyInbound } from "@/lib/signing";
import type { Adapter, AdapterDelivery, NewConnection, RenderedBody, SamplePayload } from "./adapter";
import { IntegrationError } from "./errors";
import { defaultSlackMessage, slackMessageFrom } from "./slack-message";

/**
 * Slack: "Add to Slack" (OAuth v2 with the incoming-webhook scope, so the installer picks the channel), delivery with
 * chat.postMessage as the app's bot, and the Events API for uninstalls (lib/integrations/slack-events.ts). Every
 * call goes to SLACK_API_BASE_URL, Slack's own unless a test points it at a stand-in: an operator's setting, not a
 * user's, so it is not held to the SSRF policy that endpoint URLs are.
 */

/** incoming-webhook lets the installer pick the channel; chat:write lets the bot post to it. */
export const SLACK_SCOPES = ["incoming-webhook", "chat:write"];

/** Slack's Events API signatures are refused when older than this (its own recommendation). */
const EVENT_TOLERANCE_SECONDS = 300;

function client(token?: string, timeoutMs = 10_000) {
  return new WebClient(token, {
    slackApiUrl: `${env().SLACK_API_BASE_URL.replace(/\/+$/, "")}/`,
    // Retries are the delivery schedule's (with Slack's Retry-After), never the client's, so an attempt is one request.
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    timeout: timeoutMs,
    logLevel: LogLevel.ERROR,
  });
}

const apiUrl = (method: string) => `${env().SLACK_API_BASE_URL.replace(/\/+$/, "")}/${method}`;

/**
 * Slack's error names that no retry can fix, with what the user should do; anything else Slack reports is retried.
 * The code is Slack's own name, so it can be looked up in Slack's documentation.
 */
export const PERMANENT_SLACK_ERRORS: Record<string, string> = {
  channel_not_found: "The Slack channel no longer exists or the app cannot see it. Connect Slack again and pick a channel.",
  not_in_channel: "The Slack app is not in the channel. Invite it there (/invite) or connect Slack again.",
  is_archived: "The Slack channel is archived. Unarchive it, or connect Slack again and pick another channel.",
  invalid_auth: "Slack refused the app's token. Connect Slack again.",
  not_authed: "Slack received no token. Connect Slack again.",
  account_inactive: "The Slack installation was deactivated (the app was removed or its installer left). Connect Slack again.",
  token_revoked: "The Slack token was revoked. Connect Slack again.",
  token_expired: "The Slack token expired. Connect Slack again.",
  missing_scope: "The Slack app lacks a permission it needs (chat:write). Connect Slack again to grant it.",
  no_permission: "The Slack workspace does not let the app post there. Ask a Slack admin, or pick another channel.",
  restricted_action: "The Slack workspace's settings forbid the app from posting in this channel.",
  ekm_access_denied: "The Slack workspace's Enterprise Key Management refused access to the channel.",
  team_access_not_granted: "The Slack token has no access to that Slack workspace. Connect Slack again.",
  invalid_blocks: "Slack refused the message's blocks. Fix the endpoint's template (Block Kit).",
  invalid_blocks_format: "Slack refused the message's blocks: they are not a list of Block Kit blocks. Fix the endpoint's template.",
  msg_too_long: "The message is longer than Slack accepts. Shorten the endpoint's template.",
  no_text: "The message has neither text nor blocks. Fix the endpoint's template.",
};

/** Slack's error names that mean "try later" (besides HTTP 429, which carries Retry-After). */
const TRANSIENT_SLACK_ERRORS = new Set(["ratelimited", "internal_error", "fatal_error", "service_unavailable", "request_timeout"]);

/** One Slack Web API failure as an IntegrationError: its code, the user's message, and whether to retry. */
export function slackError(error: unknown, method: string): IntegrationError {
  const url = apiUrl(method);
  const coded = error as Partial<WebAPICallError> & Error;
  switch (coded.code) {
    case ErrorCode.RateLimitedError: {
      const retryAfter = (error as { retryAfter: number }).retryAfter;
      return new IntegrationError({ code: "rate_limited", message: `Slack is rate limiting the app; retrying after ${retryAfter} s, as Slack asked.`, retryable: true, retryAfterSeconds: retryAfter, response: { status: 429, body: "" }, url });
    }
    case ErrorCode.PlatformError: {
      const data = (error as { data: { error: string } }).data;
      const name = data.error;
      const response = { status: 200, body: JSON.stringify(data) };
      if (PERMANENT_SLACK_ERRORS[name]) return new IntegrationError({ code: name, message: PERMANENT_SLACK_ERRORS[name], retryable: false, response, url });
      const transient = TRANSIENT_SLACK_ERRORS.has(name);
      return new IntegrationError({ code: name, message: `Slack answered ${name}${transient ? "" : " (not a known Slack error)"}; it will be retried.`, retryable: true, response, url });
    }
    case ErrorCode.HTTPError: {
      const { statusCode, body } = error as { statusCode: number; body?: unknown };
      const response = { status: statusCode, body: typeof body === "string" ? body.slice(0, 2000) : "" };
      if (statusCode >= 500 || statusCode === 408) return new IntegrationError({ code: "slack_unavailable", message: `Slack answered ${statusCode}; it will be retried.`, retryable: true, response, url });
      return new IntegrationError({ code: "slack_http_error", message: `Slack answered ${statusCode} to ${method}.`, retryable: false, response, url });
    }
    case ErrorCode.RequestError: {
      const original = (error as { original?: Error }).original;
      const timedOut = original?.name === "TimeoutError" || original?.name === "AbortError";
      return new IntegrationError({ code: timedOut ? "timeout" : "network", message: timedOut ? "Slack did not answer in time; it will be retried." : `Could not reach Slack (${original?.message ?? "network error"}); it will be retried.`, retryable: true, url });
    }
    default:
      throw error;
  }
}

async function call<T>(method: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw slackError(error, method);
  }
}

const missing = () => {
  const e = env();
  return [
    !e.SLACK_CLIENT_ID && { variable: "SLACK_CLIENT_ID", purpose: "the Slack app's Client ID (Basic Information → App Credentials)" },
    !e.SLACK_CLIENT_SECRET && { variable: "SLACK_CLIENT_SECRET", purpose: "the Slack app's Client Secret" },
    !e.SLACK_SIGNING_SECRET && { variable: "SLACK_SIGNING_SECRET", purpose: "the Slack app's Signing Secret, to verify Events API requests (uninstalls)" },
  ].filter((m): m is { variable: string; purpose: string } => Boolean(m));
};

async function deliver(delivery: AdapterDelivery, rendered: RenderedBody) {
  const message = slackMessageFrom(rendered.body) ?? defaultSlackMessage(delivery);
  const result = await call("chat.postMessage", () =>
    client(delivery.secrets.botToken, delivery.endpoint.timeoutMs).chat.postMessage({ channel: delivery.config.channelId ?? "", text: message.text, ...(message.blocks ? { blocks: message.blocks as never } : {}) }),
  );
  return { url: apiUrl("chat.postMessage"), status: 200, body: JSON.stringify({ ok: result.ok, channel: result.channel, ts: result.ts }) };
}

async function exchange({ code, redirectUri }: { code: string; redirectUri: string }): Promise<NewConnection> {
  const e = env();
  const access = await call("oauth.v2.access", () => client().oauth.v2.access({ client_id: e.SLACK_CLIENT_ID!, client_secret: e.SLACK_CLIENT_SECRET!, code, redirect_uri: redirectUri }));
  const hook = access.incoming_webhook;
  if (!access.access_token || !access.team?.id || !hook?.channel_id || !hook.url) {
    throw new IntegrationError({ code: "incomplete_install", message: "Slack's answer had no bot token or channel: add the app again and pick a channel.", retryable: false });
  }
  // Confirms the token works before anything is stored, and gives the Slack workspace's address.
  const identity = await call("auth.test", () => client(access.access_token).auth.test());
  const channelName = (hook.channel ?? hook.channel_id).replace(/^#/, "");
  return {
    url: `slack://${access.team.id}/${hook.channel_id}`,
    description: `Slack #${channelName} in ${access.team.name ?? access.team.id}`,
    config: {
      teamId: access.team.id,
      teamName: access.team.name ?? null,
      teamUrl: identity.url ?? null,
      channelId: hook.channel_id,
      channelName,
      appId: access.app_id ?? null,
      botUserId: access.bot_user_id ?? null,
      configurationUrl: hook.configuration_url ?? null,
    },
    secrets: { botToken: access.access_token, webhookUrl: hook.url },
  };
}

const SAMPLE_EVENTS = [
  { eventType: "invoice.paid", payload: { invoiceId: "inv_1042", customer: "Acme Corp", amount: 4200, currency: "EUR" } },
  { eventType: "user.created", payload: { userId: "usr_77", email: "ada@example.com", plan: "team" } },
];
const SAMPLE_TIME = new Date("2026-01-15T09:30:00.000Z");

export const slackAdapter: Adapter = {
  id: "slack",
  name: "Slack",
  connect: {
    type: "oauth",
    action: "Add to Slack",
    authorizeUrl: ({ state, redirectUri }) => {
      const url = new URL(env().SLACK_AUTHORIZE_URL);
      url.searchParams.set("client_id", env().SLACK_CLIENT_ID ?? "");
      url.searchParams.set("scope", SLACK_SCOPES.join(","));
      url.searchParams.set("redirect_uri", redirectUri);
      url.searchParams.set("state", state);
      return url.toString();
    },
    exchange,
    revoke: async (secrets) => {
      if (secrets.botToken) await call("auth.revoke", () => client(secrets.botToken).auth.revoke());
    },
  },
  status: () => {
    const absent = missing();
    return absent.length ? { configured: false, missing: absent } : { configured: true };
  },
  deliver,
  verifyInbound: ({ rawBody, headers, now }) => {
    const secret = env().SLACK_SIGNING_SECRET;
    if (!secret) return { ok: false, detail: "SLACK_SIGNING_SECRET is not set, so no Slack request can be verified." };
    const verdict = verifyInbound({ provider: "slack", secret, toleranceSeconds: EVENT_TOLERANCE_SECONDS }, { rawBody, headers: Object.fromEntries(headers), url: "", now });
    return verdict.ok ? { ok: true } : { ok: false, detail: verdict.detail };
  },
  samplePayloads: (events = SAMPLE_EVENTS): SamplePayload[] =>
    events.map(({ eventType, payload }) => ({ eventType, payload, delivered: defaultSlackMessage({ eventType, messageId: "msg_2xQ9example", timestamp: SAMPLE_TIME, payload }) })),
  docs: {
    summary: "Posts each event to a Slack channel as a Block Kit message. A workspace connects its own Slack; a customer connects theirs from the portal, and gets only their application's events.",
    setup: [
      "Create a Slack app at api.slack.com/apps (From scratch) in any Slack workspace you administer.",
      "Under OAuth & Permissions, add the redirect URLs {APP_URL}/api/integrations/slack/callback (dashboard) and {APP_URL}/portal/integrations/slack/callback (consumer portal), and the bot scopes below.",
      "Under Event Subscriptions, turn events on with the request URL {APP_URL}/api/integrations/slack/events and subscribe to the bot events app_uninstalled and tokens_revoked.",
      "Turn on Manage Distribution if customers will install it in their own Slack workspaces.",
      "Set SLACK_CLIENT_ID, SLACK_CLIENT_SECRET and SLACK_SIGNING_SECRET (Basic Information → App Credentials) and restart.",
      "On the Integrations page, choose Add to Slack, pick the application and, in Slack, the channel. The connection appears as an endpoint: give it event types, a filter or a template there.",
    ],
    scopes: [
      { name: "incoming-webhook", why: "lets the installer pick the channel the events go to" },
      { name: "chat:write", why: "posts the events to that channel as the app (chat.postMessage)" },
    ],
    configuration: [
      { variable: "SLACK_CLIENT_ID", purpose: "the app's Client ID" },
      { variable: "SLACK_CLIENT_SECRET", purpose: "the app's Client Secret, for the OAuth exchange (oauth.v2.access)" },
      { variable: "SLACK_SIGNING_SECRET", purpose: "verifies Events API requests (v0 HMAC-SHA256, 5-minute window)" },
      { variable: "SLACK_API_BASE_URL", purpose: "the Web API's base URL", default: "https://slack.com/api" },
      { variable: "SLACK_AUTHORIZE_URL", purpose: "the OAuth authorize page", default: "https://slack.com/oauth/v2/authorize" },
    ],
    troubleshooting: [
      { problem: "Attempts fail with channel_not_found or is_archived", fix: "The channel was deleted, archived or made private. Connect Slack again and pick a channel; these are not retried." },
      { problem: "Attempts fail with not_in_channel", fix: "Invite the app to the channel (/invite @your-app) and replay the failed messages." },
      { problem: "Attempts fail with invalid_auth, token_revoked or account_inactive", fix: "The app was removed or its token revoked. Connect Slack again; the old connection shows as disabled." },
      { problem: "Attempts show rate_limited", fix: "Slack is limiting the app (about one message per second per channel). Retries wait as long as Slack's Retry-After asks; nothing to do unless it persists." },
      { problem: "invalid_blocks", fix: "The endpoint's template produced Block Kit Slack refuses. Preview it in Slack's Block Kit Builder and fix the template." },
      { problem: "The connection was disabled by itself", fix: "Slack told us the app was uninstalled or its tokens revoked (Events API). Connect Slack again." },
      { problem: "Slack says the redirect URL does not match", fix: "Add both callback URLs above, on APP_URL's origin, under OAuth & Permissions → Redirect URLs." },
    ],
  },
};
