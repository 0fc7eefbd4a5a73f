import type { RouteConfig } from "@asteasolutions/zod-to-openapi";
import { z } from "zod";
import { errorResponse, timestamp } from "@/lib/api";
import { performListSchema, subscribeSchema } from "@/lib/integrations/zapier/hooks";

/** The Zapier REST Hooks routes' answers (/api/v1/integrations/zapier/...) and their OpenAPI operations. */

export const zapierSubscription = z
  .object({
    id: z.string().describe("The subscription's id, which is its endpoint's (`ep_…`): Zapier keeps it to unsubscribe."),
    targetUrl: z.string(),
    eventType: z.string(),
    applicationId: z.string(),
    createdAt: timestamp,
  })
  .openapi("ZapierSubscription");

export const zapierMe = z
  .object({
    label: z.string().describe("What Zapier names the connection: the application's name, else the workspace's."),
    workspace: z.object({ id: z.string(), name: z.string(), slug: z.string() }),
    application: z.object({ id: z.string(), name: z.string(), uid: z.string().nullable() }).nullable(),
    key: z.object({ id: z.string(), name: z.string() }),
  })
  .openapi("ZapierMe");

export const zapierSamples = z.array(z.record(z.string(), z.unknown())).openapi("ZapierSamples", {
  description: "Events as one flat object each (event_id, event_type, occurred_at, data_<field>), newest first.",
});

export const zapierApp = z.record(z.string(), z.unknown()).openapi("ZapierAppDefinition", {
  description: "A Zapier Platform app definition (zapier-platform-schema AppSchema): authentication and one REST Hook trigger per event type.",
});

type Operation = Omit<RouteConfig, "responses"> & { responses: RouteConfig["responses"] };
const content = (schema: z.ZodType, description: string) => ({ description, content: { "application/json": { schema } } });

/** Registers the Zapier operations; `op` is lib/api/openapi.ts's registerOperation bound to its registry. */
export function registerZapierOperations(op: (operation: Operation) => void) {
  const tags = ["Zapier"];
  op({ method: "get", path: "/integrations/zapier/me", summary: "Zapier auth test", tags,
    description: "The key's workspace and the application it is limited to: Zapier's authentication test. Needs no scope.",
    responses: { 200: content(zapierMe, "The key works.") } });
  op({ method: "post", path: "/integrations/zapier/subscriptions", summary: "Subscribe a Zap (REST Hooks)", tags,
    description: "Makes a Zapier endpoint for `eventType` in the key's application (the default one for a workspace key), delivering to `targetUrl`; audited. Needs `endpoints:write`.",
    request: { body: { content: { "application/json": { schema: subscribeSchema } } } },
    responses: { 201: content(zapierSubscription, "Subscribed."), 404: content(errorResponse, "No such event type (`not_found`).") } });
  op({ method: "delete", path: "/integrations/zapier/subscriptions/{id}", summary: "Unsubscribe a Zap", tags,
    description: "Deletes the subscription's endpoint; audited. Needs `endpoints:write`.",
    request: { params: z.object({ id: z.string() }) }, responses: { 204: { description: "Unsubscribed." } } });
  op({ method: "get", path: "/integrations/zapier/samples", summary: "Recent events for the Zap editor (perform list)", tags,
    description: "The application's most recent events of the type, newest first, shaped as deliveries are; the event type's sample when there is none yet. Needs `messages:read`.",
    request: { query: performListSchema }, responses: { 200: content(zapierSamples, "Events, newest first."), 404: content(errorResponse, "No such event type (`not_found`).") } });
  op({ method: "get", path: "/integrations/zapier/app", summary: "Download the Zapier app definition", tags,
    description: "One REST Hook trigger per event type of the catalog, with its sample, wired to these routes. Needs `event_types:read`.",
    responses: { 200: content(zapierApp, "The definition, as a JSON attachment.") } });
}
