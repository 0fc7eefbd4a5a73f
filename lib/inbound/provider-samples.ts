import type { SignableProvider } from "@/lib/signing";

/**
 * Realistic webhook requests from Stripe, GitHub, Shopify and Slack, for testing sources from the testing page: the
 * body each provider sends for a common event, and the headers it sends besides its signature (which signInbound adds
 * at sending time). Shapes follow each provider's documented payloads, trimmed to the fields people route on; ids and
 * values are made up. Versioned: a sample that changes shape gets a new version, so a connection's routing tested
 * against "stripe.payment_intent.succeeded@2" keeps meaning the same request. Client-safe (types only imported).
 */

export interface ProviderSample {
  /** Stable id, `<provider>.<event>`. */
  id: string;
  version: number;
  provider: SignableProvider;
  /** The event, as the provider names it (Stripe's `type`, GitHub's X-GitHub-Event, Shopify's topic, Slack's event type). */
  event: string;
  title: string;
  /** Headers the provider sends besides the signature ones: its event-type header, ids, user agent. */
  headers: Record<string, string>;
  body: unknown;
}

const STRIPE_HEADERS = { "content-type": "application/json; charset=utf-8", "user-agent": "Stripe/1.0 (+https://stripe.com/docs/webhooks)" };

export const PROVIDER_SAMPLES: readonly ProviderSample[] = [
  {
    id: "stripe.payment_intent.succeeded",
    version: 1,
    provider: "stripe",
    event: "payment_intent.succeeded",
    title: "Stripe: a payment succeeded",
    headers: STRIPE_HEADERS,
    body: {
      id: "evt_3QkZ2xLkdIwHu7ix0b9Qe1Aa",
      object: "event",
      api_version: "2024-06-20",
      created: 1735725600,
      type: "payment_intent.succeeded",
      livemode: false,
      pending_webhooks: 1,
      request: { id: "req_8pK2nQvS4xTmYw", idempotency_key: "5a1f0b7e-2c4d-4e8f-9a1b-3c5d7e9f1a2b" },
      data: {
        object: {
          id: "pi_3QkZ2xLkdIwHu7ix0Hn4Cq8R",
          object: "payment_intent",
          amount: 4200,
          amount_received: 4200,
          currency: "eur",
          customer: "cus_RdA8vN2kQ1mZpX",
          description: "Invoice INV-2025-0042",
          latest_charge: "ch_3QkZ2xLkdIwHu7ix0Lr6Wd2T",
          metadata: { order_id: "ord_1234" },
          payment_method: "pm_1QkZ2wLkdIwHu7ixK9sTq3Vb",
          payment_method_types: ["card"],
          receipt_email: "jane@example.com",
          status: "succeeded",
        },
      },
    },
  },
  {
    id: "stripe.invoice.payment_failed",
    version: 1,
    provider: "stripe",
    event: "invoice.payment_failed",
    title: "Stripe: an invoice payment failed",
    headers: STRIPE_HEADERS,
    body: {
      id: "evt_1QkZ9aLkdIwHu7ixq2Rw7TbN",
      object: "event",
      api_version: "2024-06-20",
      created: 1735729200,
      type: "invoice.payment_failed",
      livemode: false,
      pending_webhooks: 1,
      request: { id: null, idempotency_key: null },
      data: {
        object: {
          id: "in_1QkZ8zLkdIwHu7ixGm3Pz5Yc",
          object: "invoice",
          amount_due: 1900,
          amount_paid: 0,
          attempt_count: 2,
          billing_reason: "subscription_cycle",
          currency: "usd",
          customer: "cus_RdA8vN2kQ1mZpX",
          customer_email: "jane@example.com",
          next_payment_attempt: 1735988400,
          number: "8F2C1A-0007",
          status: "open",
          subscription: "sub_1Qa3bCLkdIwHu7ixW4e8Nf1H",
        },
      },
    },
  },
  {
    id: "github.push",
    version: 1,
    provider: "github",
    event: "push",
    title: "GitHub: commits pushed",
    headers: {
      "content-type": "application/json",
      "user-agent": "GitHub-Hookshot/8b3f2c1",
      "x-github-event": "push",
      "x-github-delivery": "72d3162e-cc78-11e3-81ab-4c9367dc0958",
      "x-github-hook-id": "491203377",
      "x-github-hook-installation-target-type": "repository",
      "x-github-hook-installation-target-id": "785412356",
    },
    body: {
      ref: "refs/heads/main",
      before: "6113728f27ae82c7b1a177c8d03f9e96e0adf246",
      after: "0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c",
      created: false,
      deleted: false,
      forced: false,
      compare: "https://github.com/acme/storefront/compare/6113728f27ae...0d1a26e67d8f",
      commits: [
        {
          id: "0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c",
          message: "Fix rounding in the cart total",
          timestamp: "2025-01-01T10:15:00Z",
          url: "https://github.com/acme/storefront/commit/0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c",
          author: { name: "Jane Doe", email: "jane@example.com", username: "janedoe" },
          added: [],
          removed: [],
          modified: ["src/cart/total.ts"],
        },
      ],
      head_commit: { id: "0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c", message: "Fix rounding in the cart total", timestamp: "2025-01-01T10:15:00Z" },
      repository: { id: 785412356, name: "storefront", full_name: "acme/storefront", private: true, default_branch: "main", html_url: "https://github.com/acme/storefront" },
      pusher: { name: "janedoe", email: "jane@example.com" },
      sender: { login: "janedoe", id: 5823417, type: "User" },
    },
  },
  {
    id: "github.pull_request.opened",
    version: 1,
    provider: "github",
    event: "pull_request",
    title: "GitHub: a pull request opened",
    headers: {
      "content-type": "application/json",
      "user-agent": "GitHub-Hookshot/8b3f2c1",
      "x-github-event": "pull_request",
      "x-github-delivery": "9a6e3f10-cc79-11e3-8c1d-0e2f6b8a9d41",
      "x-github-hook-id": "491203377",
      "x-github-hook-installation-target-type": "repository",
      "x-github-hook-installation-target-id": "785412356",
    },
    body: {
      action: "opened",
      number: 128,
      pull_request: {
        id: 2148873201,
        number: 128,
        state: "open",
        title: "Add gift cards at checkout",
        html_url: "https://github.com/acme/storefront/pull/128",
        draft: false,
        user: { login: "janedoe", id: 5823417 },
        head: { ref: "gift-cards", sha: "b41d5b0e51f0a5f8e0c9d7f3b2a1c4e6d8f0a2b3" },
        base: { ref: "main", sha: "0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c" },
        created_at: "2025-01-01T11:02:00Z",
      },
      repository: { id: 785412356, name: "storefront", full_name: "acme/storefront", private: true },
      sender: { login: "janedoe", id: 5823417, type: "User" },
    },
  },
  {
    id: "shopify.orders.create",
    version: 1,
    provider: "shopify",
    event: "orders/create",
    title: "Shopify: an order created",
    headers: {
      "content-type": "application/json",
      "user-agent": "Shopify-Captain-Hook",
      "x-shopify-topic": "orders/create",
      "x-shopify-shop-domain": "acme-store.myshopify.com",
      "x-shopify-api-version": "2024-10",
      "x-shopify-webhook-id": "b54557e4-bdd9-4b37-8a5f-bf7d70bcd043",
      "x-shopify-triggered-at": "2025-01-01T12:00:00.000000000Z",
      "x-shopify-event-id": "98880550-7158-44d4-b7cd-2c97c8a091b5",
    },
    body: {
      id: 5824193642691,
      admin_graphql_api_id: "gid://shopify/Order/5824193642691",
      name: "#1042",
      order_number: 1042,
      email: "jane@example.com",
      created_at: "2025-01-01T13:00:00+01:00",
      currency: "EUR",
      financial_status: "paid",
      fulfillment_status: null,
      subtotal_price: "38.00",
      total_tax: "4.00",
      total_price: "42.00",
      customer: { id: 7012345678901, email: "jane@example.com", first_name: "Jane", last_name: "Doe" },
      line_items: [{ id: 14682135576771, product_id: 8123456789012, title: "Canvas tote bag", quantity: 2, price: "19.00", sku: "TOTE-CNV" }],
      shipping_address: { city: "Lyon", country_code: "FR", zip: "69002" },
    },
  },
  {
    id: "shopify.app.uninstalled",
    version: 1,
    provider: "shopify",
    event: "app/uninstalled",
    title: "Shopify: the app uninstalled",
    headers: {
      "content-type": "application/json",
      "user-agent": "Shopify-Captain-Hook",
      "x-shopify-topic": "app/uninstalled",
      "x-shopify-shop-domain": "acme-store.myshopify.com",
      "x-shopify-api-version": "2024-10",
      "x-shopify-webhook-id": "1c0b2f64-3e8d-4b0a-9d1e-5f7a8c2b4d6e",
      "x-shopify-triggered-at": "2025-01-02T09:30:00.000000000Z",
      "x-shopify-event-id": "4f1e2d3c-5b6a-4798-8a9b-0c1d2e3f4a5b",
    },
    body: { id: 65432198765, name: "Acme Store", email: "owner@acme.example", domain: "acme.example", myshopify_domain: "acme-store.myshopify.com", plan_name: "basic" },
  },
  {
    id: "slack.app_mention",
    version: 1,
    provider: "slack",
    event: "app_mention",
    title: "Slack: the app mentioned in a channel",
    headers: { "content-type": "application/json", "user-agent": "Slackbot 1.0 (+https://api.slack.com/robots)" },
    body: {
      token: "Jhj5dZrVaK7ZwHHjRyZWjbDl",
      team_id: "T0A1B2C3D",
      api_app_id: "A0KRD7HC3",
      event: { type: "app_mention", user: "U0LAN0Z89", text: "<@U0LAN0Z89> is the deploy done?", ts: "1735725600.000200", channel: "C0LAN2Q65", event_ts: "1735725600.000200" },
      type: "event_callback",
      event_id: "Ev0A1B2C3D4E",
      event_time: 1735725600,
      authorizations: [{ team_id: "T0A1B2C3D", user_id: "U0LAN0Z89", is_bot: true }],
    },
  },
  {
    id: "slack.url_verification",
    version: 1,
    provider: "slack",
    event: "url_verification",
    title: "Slack: the Events API's URL check",
    headers: { "content-type": "application/json", "user-agent": "Slackbot 1.0 (+https://api.slack.com/robots)" },
    body: { token: "Jhj5dZrVaK7ZwHHjRyZWjbDl", challenge: "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P", type: "url_verification" },
  },
];

/** The sample's body as sent: compact JSON, the exact bytes that are signed. */
export function providerSampleBody(sample: ProviderSample): string {
  return JSON.stringify(sample.body);
}

export function findProviderSample(id: string): ProviderSample | undefined {
  return PROVIDER_SAMPLES.find((s) => s.id === id);
}
