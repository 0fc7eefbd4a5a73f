import type { InboundProvider } from "@/lib/signing";

/** The verification presets a source can use, with their names for people. Safe to import from client components. */

export const PROVIDERS = [
  "standard_webhooks",
  "stripe",
  "github",
  "shopify",
  "slack",
  "twilio",
  "generic_hmac",
  "basic_auth",
  "api_key_header",
  "none",
] as const satisfies readonly InboundProvider[];

export const PROVIDER_LABELS: Record<InboundProvider, string> = {
  standard_webhooks: "Standard Webhooks (Svix)",
  stripe: "Stripe",
  github: "GitHub",
  shopify: "Shopify",
  slack: "Slack",
  twilio: "Twilio",
  generic_hmac: "Generic HMAC",
  basic_auth: "Basic auth",
  api_key_header: "API key header",
  none: "None",
};
