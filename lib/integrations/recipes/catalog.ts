import type { AlertRuleKind } from "@/lib/alerts";
import type { ContentFilter } from "@/lib/outbound";

/**
 * The recipe library: ready-made flows, each a source (a provider's verification preset), a connection (a filter
 * and a JSON template that shapes the event) and a destination (a webhook endpoint whose body is a built-in payload
 * template for the receiver: Slack Block Kit, a Discord embed, a Teams Adaptive Card, Zapier's flat JSON). Plain,
 * versioned data: a change to a recipe raises its version, which each install records. installRecipe
 * (lib/integrations/recipes/install.ts) makes the parts; afterwards each is an ordinary source, connection, template
 * and endpoint, edited where those are. `sample` is a request the provider sends, for the docs and the tests.
 */

export type RecipeProvider = "stripe" | "github" | "shopify" | "standard_webhooks";

/** A connection's JSON template (lib/inbound transform.ts): `{{body.…}}` / `{{headers.…}}` references. */
type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

export interface Recipe {
  id: string;
  version: number;
  name: string;
  summary: string;
  source: { provider: RecipeProvider; name: string; description: string };
  connection: { name: string; filter: ContentFilter | null; transform: { eventType?: string; payload?: Json } | null };
  destination: {
    /** What the destination URL points at, for the form. */
    service: "Slack" | "Discord" | "Microsoft Teams" | "Zapier";
    urlHint: string;
    /** The built-in payload template (lib/payloads) its body is rendered with. */
    builtInTemplate: "slack-block-kit" | "discord-embed" | "teams-adaptive-card" | "zapier-flat";
    /** The event types the endpoint takes (the connection's), so the API's own sends do not reach it; null is every type. */
    eventTypes: string[] | null;
  };
  sample: { headers: Record<string, string>; body: unknown };
}

const slack = (eventTypes: string[]) => ({ service: "Slack", urlHint: "A Slack incoming webhook URL (https://hooks.slack.com/services/…)", builtInTemplate: "slack-block-kit", eventTypes }) as const;
const GITHUB_TYPES = ["github.push", "github.pull_request"];

const GITHUB_CONNECTION = {
  name: "Pushes and pull requests",
  filter: { or: [{ path: "headers.x-github-event", op: "eq", value: "push" }, { path: "headers.x-github-event", op: "eq", value: "pull_request" }] },
  transform: {
    eventType: "github.{{headers.x-github-event}}",
    payload: {
      repository: "{{body.repository.full_name}}",
      sender: "{{body.sender.login}}",
      ref: "{{body.ref}}",
      action: "{{body.action}}",
      title: "{{body.pull_request.title}}",
      url: "{{body.pull_request.html_url}}{{body.compare}}",
    },
  },
} satisfies Recipe["connection"];

const GITHUB_SAMPLE = {
  headers: { "x-github-event": "push", "x-github-delivery": "72d3162e-cc78-11e3-81ab-4c9367dc0958" },
  body: { ref: "refs/heads/main", compare: "https://github.com/acme/shop/compare/1a2b...3c4d", repository: { full_name: "acme/shop" }, sender: { login: "octocat" } },
};

export const RECIPES: readonly Recipe[] = [
  {
    id: "stripe-payment-to-slack",
    version: 1,
    name: "Stripe payments to Slack",
    summary: "Tells a Slack channel about every succeeded Stripe payment (payment_intent.succeeded).",
    source: { provider: "stripe", name: "Stripe payments", description: "Stripe events, verified with the endpoint's signing secret (whsec_…)." },
    connection: {
      name: "Succeeded payments",
      filter: { path: "body.type", op: "eq", value: "payment_intent.succeeded" },
      transform: {
        eventType: "stripe.payment_intent.succeeded",
        payload: {
          payment: "{{body.data.object.id}}",
          amount: "{{body.data.object.amount}}",
          currency: "{{body.data.object.currency}}",
          customer: "{{body.data.object.customer}}",
          description: "{{body.data.object.description}}",
        },
      },
    },
    destination: slack(["stripe.payment_intent.succeeded"]),
    sample: {
      headers: {},
      body: { id: "evt_3Pq", type: "payment_intent.succeeded", data: { object: { id: "pi_3Pq", amount: 4200, currency: "eur", customer: "cus_9s", description: "Team plan" } } },
    },
  },
  {
    id: "github-to-slack",
    version: 1,
    name: "GitHub pushes and pull requests to Slack",
    summary: "Posts each push and pull request of a repository to a Slack channel.",
    source: { provider: "github", name: "GitHub repository", description: "A GitHub repository's webhook (push, pull_request), verified with its secret." },
    connection: GITHUB_CONNECTION,
    destination: slack(GITHUB_TYPES),
    sample: GITHUB_SAMPLE,
  },
  {
    id: "github-to-discord",
    version: 1,
    name: "GitHub pushes and pull requests to Discord",
    summary: "Posts each push and pull request of a repository to a Discord channel as an embed.",
    source: { provider: "github", name: "GitHub repository", description: "A GitHub repository's webhook (push, pull_request), verified with its secret." },
    connection: GITHUB_CONNECTION,
    destination: { service: "Discord", urlHint: "A Discord channel webhook URL (https://discord.com/api/webhooks/…)", builtInTemplate: "discord-embed", eventTypes: GITHUB_TYPES },
    sample: { ...GITHUB_SAMPLE, headers: { ...GITHUB_SAMPLE.headers, "x-github-event": "pull_request" }, body: { action: "opened", repository: { full_name: "acme/shop" }, sender: { login: "octocat" }, pull_request: { title: "Faster checkout", html_url: "https://github.com/acme/shop/pull/7" } } },
  },
  {
    id: "shopify-orders-to-zapier",
    version: 1,
    name: "Shopify orders to Zapier",
    summary: "Starts a Zap for every new Shopify order (orders/create), as flat fields Zapier maps one by one.",
    source: { provider: "shopify", name: "Shopify store", description: "A Shopify store's webhooks, verified with its webhook signing secret." },
    connection: {
      name: "New orders",
      filter: { path: "headers.x-shopify-topic", op: "eq", value: "orders/create" },
      transform: {
        eventType: "shopify.orders.create",
        payload: { order: "{{body.name}}", total: "{{body.total_price}}", currency: "{{body.currency}}", email: "{{body.email}}", items: "{{body.line_items}}" },
      },
    },
    destination: { service: "Zapier", urlHint: "A Zap's Catch Hook URL (https://hooks.zapier.com/hooks/catch/…)", builtInTemplate: "zapier-flat", eventTypes: ["shopify.orders.create"] },
    sample: {
      headers: { "x-shopify-topic": "orders/create", "x-shopify-webhook-id": "b54557e4-bdd9-4b37-8a5f-bf7d70bcd043" },
      body: { name: "#1001", total_price: "59.00", currency: "EUR", email: "grace@example.com", line_items: [{ title: "Mug", quantity: 2 }] },
    },
  },
  {
    id: "any-event-to-teams",
    version: 1,
    name: "Any event to Microsoft Teams",
    summary: "Posts every event a Standard Webhooks sender delivers to a Teams channel as an Adaptive Card.",
    source: { provider: "standard_webhooks", name: "Events for Teams", description: "Any Standard Webhooks (Svix-compatible) sender, verified with its whsec_ secret." },
    connection: { name: "Every event", filter: null, transform: null },
    destination: { service: "Microsoft Teams", urlHint: "A Teams channel's Workflows webhook URL", builtInTemplate: "teams-adaptive-card", eventTypes: null },
    sample: { headers: { "webhook-id": "msg_2mXkS2fXv8RzT5uG" }, body: { type: "invoice.paid", timestamp: "2026-03-14T12:10:42.000Z", data: { invoice: "inv_1042", amount: 4200 } } },
  },
  {
    id: "failed-deliveries-to-slack",
    version: 1,
    // Another platform's failures; this workspace's own are ALERT_RECIPES' failed-deliveries-slack-alert.
    name: "Another sender's failed deliveries to Slack",
    summary: "Alerts a Slack channel when another webhook sender's operational webhooks (Svix's, say) report a delivery that failed for good or an endpoint that keeps failing.",
    source: { provider: "standard_webhooks", name: "Delivery failures", description: "Operational webhooks (message.attempt.exhausted, message.attempt.failing) from Svix or another Standard Webhooks sender." },
    connection: {
      name: "Failed deliveries",
      filter: { path: "body.type", op: "in", value: ["message.attempt.exhausted", "message.attempt.failing"] },
      transform: {
        eventType: "{{body.type}}",
        payload: { endpoint: "{{body.data.endpointId}}", message: "{{body.data.msgId}}{{body.data.messageId}}", lastError: "{{body.data.lastAttempt.responseStatusCode}}{{body.data.lastError}}" },
      },
    },
    destination: slack(["message.attempt.exhausted", "message.attempt.failing"]),
    sample: { headers: { "webhook-id": "msg_2mXkT7gYw3SaU9vH" }, body: { type: "message.attempt.exhausted", timestamp: "2026-03-14T13:30:05.000Z", data: { endpointId: "ep_1", msgId: "msg_1", lastAttempt: { responseStatusCode: 500 } } } },
  },
];

export function findRecipe(id: string): Recipe | undefined {
  return RECIPES.find((r) => r.id === id);
}

/**
 * Recipes about the workspace's own deliveries rather than a provider's events: each makes alert rules (lib/alerts)
 * whose channel is the workspace's Slack connection. installAlertRecipe (install.ts) makes them; afterwards each is an
 * ordinary rule, edited on the Alerts page. Versioned like the others.
 */
export interface AlertRecipe {
  id: string;
  version: number;
  name: string;
  summary: string;
  /** The rules it makes, each with its kind's thresholds (defaults where absent). */
  rules: { name: string; kind: AlertRuleKind; params: Record<string, number> }[];
}

export const ALERT_RECIPES: readonly AlertRecipe[] = [
  {
    id: "failed-deliveries-slack-alert",
    version: 1,
    name: "Failed deliveries → Slack alert",
    summary: "Alerts your Slack channel when one of this workspace's deliveries fails for good (every retry spent) or an endpoint is disabled for failing, and again when it recovers.",
    rules: [
      { name: "Delivery exhausted", kind: "delivery_exhausted", params: {} },
      { name: "Endpoint disabled", kind: "endpoint_disabled", params: {} },
    ],
  },
];

export function findAlertRecipe(id: string): AlertRecipe | undefined {
  return ALERT_RECIPES.find((r) => r.id === id);
}
