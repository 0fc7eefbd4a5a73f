import type { EndpointKind } from "@/db/schema";

/**
 * The contract every integration (Slack, Zapier, IFTTT) implements; lib/integrations/registry.ts lists them. A
 * connection is an endpoint of the adapter's kind (lib/outbound createIntegrationEndpoint): fan-out, filters,
 * templates, retries, the attempts log, replay and charts treat it as any endpoint, and only the last step, the
 * send, asks the adapter (deliverThroughAdapter).
 */

export type IntegrationKind = Exclude<EndpointKind, "webhook">;

/** Whether the deployment has what the integration needs; when not, which variables to set and what for. */
export type IntegrationConfigStatus = { configured: true } | { configured: false; missing: { variable: string; purpose: string }[] };

/** One delivery as an adapter sees it: the message, and the connection's config with its secrets decrypted. */
export interface AdapterDelivery {
  workspaceId: string;
  messageId: string;
  eventType: string;
  /** The message's creation time. */
  timestamp: Date;
  payload: unknown;
  endpoint: { id: string; timeoutMs: number };
  config: Record<string, string | null>;
  secrets: Record<string, string>;
}

/** The body the delivery pipeline built for the endpoint (the envelope, or the endpoint's template's output). */
export interface RenderedBody {
  body: string;
  contentType: string;
}

/** What the service answered to a delivery it accepted, for the attempt log. */
export interface AdapterResponse {
  /** The request's real target (the attempt log's URL). */
  url: string;
  status: number;
  body: string;
}

/** One example the docs show: an event, and what the integration makes of it. */
export interface SamplePayload {
  eventType: string;
  payload: unknown;
  /** What the service receives for it (a Slack message, a Zapier hook body), as JSON. */
  delivered: unknown;
}

/** What the one documentation template (lib/integrations/docs.ts) renders into a page and docs/integrations/<id>.md. */
export interface IntegrationDocs {
  summary: string;
  setup: string[];
  /** Scopes or permissions the integration asks for, each with why. */
  scopes: { name: string; why: string }[];
  /** Environment variables the deployment sets. */
  configuration: { variable: string; purpose: string; default?: string }[];
  troubleshooting: { problem: string; fix: string }[];
}

/** A connection an OAuth exchange made: the endpoint's url and description, and its config and secrets (plain here). */
export interface NewConnection {
  url: string;
  description: string;
  config: Record<string, string | null>;
  secrets: Record<string, string>;
}

/** A connect we start: the user is sent to the service's authorize page and comes back to our callback with a code. */
export interface OAuthConnect {
  type: "oauth";
  /** The button's label ("Add to Slack"). */
  action: string;
  authorizeUrl(input: { state: string; redirectUri: string }): string;
  /** Trades the callback's code for the connection; throws IntegrationError. */
  exchange(input: { code: string; redirectUri: string }): Promise<NewConnection>;
  /** Tells the service a connection is gone (revokes its token); best effort, a failure is only logged. */
  revoke?(secrets: Record<string, string>): Promise<void>;
}

export interface Adapter {
  id: IntegrationKind;
  name: string;
  /** How a connection is made: an OAuth install we start, or one the other service makes through our API. */
  connect: OAuthConnect | { type: "api"; description: string };
  status(): IntegrationConfigStatus;
  /** Sends one delivery; throws IntegrationError for anything that kept it from arriving. */
  deliver(delivery: AdapterDelivery, rendered: RenderedBody): Promise<AdapterResponse>;
  /** Checks a request the service sent us (Slack's Events API) on its raw bytes; absent when it sends none. */
  verifyInbound?(request: { rawBody: Buffer; headers: Headers; now?: number }): { ok: true } | { ok: false; detail: string };
  /** Examples per event type for the docs: the given events (a workspace's catalog) or the adapter's own. */
  samplePayloads(events?: { eventType: string; payload: unknown }[]): SamplePayload[];
  docs: IntegrationDocs;
}
