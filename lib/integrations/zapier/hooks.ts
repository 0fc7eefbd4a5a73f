import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { db, type Tx } from "@/db";
import { endpoints } from "@/db/schema";
import { authorize, notFound, type RequestContext } from "@/lib/api";
import { recordAudit } from "@/lib/audit";
import { inActorApplication, resolveApplication } from "@/lib/applications";
import type { VerifiedKey } from "@/lib/keys";
import { targetPolicyFor, validateTargetUrl } from "@/lib/net";
import { createIntegrationEndpoint, getEventType, listEventTypes, listMessages } from "@/lib/outbound";
import { disconnect } from "@/lib/integrations/connections";
import { zapierApiBase, zapierFlat } from "@/lib/integrations/zapier/adapter";
import type { Id } from "@/lib/platform/id-types";

/**
 * Zapier's REST Hooks protocol, called by Zapier with a customer's API key (an application-limited key identifies
 * the customer): subscribe a Zap's target URL to one event type, unsubscribe it, list recent events for the Zap
 * editor (perform list), and the app definition a team publishes to Zapier. A subscription is an endpoint of kind
 * zapier in the key's application, so its deliveries, retries, attempts and replay are an endpoint's; its id is the
 * subscription's id.
 */

export const subscribeSchema = z.object({
  /** The Zap's hook URL (bundle.targetUrl). */
  targetUrl: z.string().trim().min(1).max(2000),
  /** The event type the Zap starts from. */
  eventType: z.string().trim().min(1).max(200),
});

export const performListSchema = z.object({
  eventType: z.string().trim().min(1).max(200),
  limit: z.coerce.number().int().min(1).max(100).default(3),
});

export interface ZapierSubscription {
  id: string;
  targetUrl: string;
  eventType: string;
  applicationId: string;
  createdAt: Date;
}

/** Zapier's authentication test: who the key is, and the application (the customer) it stands for. */
export async function zapierMe(key: VerifiedKey, ctx: RequestContext, tx: Tx = db()) {
  const { id, name, slug } = key.workspace;
  const application = key.applicationId ? await resolveApplication({ id: key.applicationId }, ctx, tx) : null;
  return {
    label: application?.name ?? name,
    workspace: { id, name, slug },
    application: application && { id: application.id, name: application.name, uid: application.uid },
    key: { id: key.id, name: key.name },
  };
}

/** Subscribes a Zap: a zapier endpoint for the event type in the actor's application (the default one for a workspace key). */
export async function subscribe(input: z.input<typeof subscribeSchema>, ctx: RequestContext, tx: Tx = db()): Promise<ZapierSubscription> {
  const { targetUrl, eventType } = subscribeSchema.parse(input);
  authorize(ctx, "endpoints:write");
  const type = await getEventType({ idOrName: eventType }, ctx, tx);
  // The hook URL is called on every event, so it is held to the SSRF policy an endpoint URL is.
  const check = validateTargetUrl(targetUrl, await targetPolicyFor(ctx.workspaceId, tx));
  if (!check.ok) throw new z.ZodRealError([{ code: "custom", path: ["targetUrl"], message: check.message, input: targetUrl }]);
  return tx.transaction(async (t) => {
    const { endpoint } = await createIntegrationEndpoint(
      {
        kind: "zapier",
        url: targetUrl,
        description: `Zapier: ${type.name}`,
        eventTypes: [type.name],
        integration: { config: { targetUrl, eventType: type.name, subscribedBy: ctx.actor.label }, secrets: {} },
      },
      ctx,
      t,
    );
    await recordAudit(t, {
      workspaceId: ctx.workspaceId,
      actor: ctx.actor,
      request: ctx.request,
      action: "integration.subscribe",
      target: { type: "endpoint", id: endpoint.id },
      after: { integration: "zapier", applicationId: endpoint.applicationId, eventType: type.name, targetUrl },
    });
    return { id: endpoint.id, targetUrl, eventType: type.name, applicationId: endpoint.applicationId, createdAt: endpoint.createdAt };
  });
}

/** Unsubscribes a Zap (it was turned off): its endpoint goes, audited. Only a zapier endpoint of the actor's application. */
export async function unsubscribe(input: { id: Id<"ep"> }, ctx: RequestContext, tx: Tx = db()): Promise<void> {
  authorize(ctx, "endpoints:write");
  const [row] = await tx
    .select({ id: endpoints.id })
    .from(endpoints)
    .where(and(eq(endpoints.id, input.id), eq(endpoints.workspaceId, ctx.workspaceId), eq(endpoints.kind, "zapier"), inActorApplication(ctx, endpoints.applicationId)));
  if (!row) throw notFound("The subscription");
  await disconnect({ endpointId: row.id }, ctx, tx);
}

/**
 * Perform list: the application's most recent events of the type, newest first, in the shape deliveries have; with
 * none yet, the event type's sample, so the Zap editor always has fields to map.
 */
export async function performList(input: z.input<typeof performListSchema>, ctx: RequestContext, tx: Tx = db()): Promise<Record<string, unknown>[]> {
  const { eventType, limit } = performListSchema.parse(input);
  authorize(ctx, "messages:read");
  const type = await getEventType({ idOrName: eventType }, ctx, tx);
  const { data } = await listMessages({ eventType: type.name, limit }, ctx, tx);
  if (data.length > 0) return data.map((m) => zapierFlat({ id: m.id, type: m.eventType, timestamp: m.createdAt, data: m.payload }));
  return [sampleOf(type)];
}

type EventTypeWithVersions = Awaited<ReturnType<typeof getEventType>>;

/** An event type's example as a delivery would carry it: its latest version's sample payload, else an empty one. */
function sampleOf(type: EventTypeWithVersions): Record<string, unknown> {
  const payload = type.versions.at(-1)?.samplePayload ?? {};
  return zapierFlat({ id: "msg_sample", type: type.name, timestamp: type.updatedAt, data: payload });
}

/** A Zapier key: letters, digits and underscores, starting with a letter. */
const triggerKey = (name: string) => `event_${name.replace(/[^A-Za-z0-9]+/g, "_")}`;

/**
 * The Zapier Platform app (zapier-platform-schema's AppSchema) for this workspace's catalog: API-key authentication
 * tested against GET /me, and one REST Hook trigger per event type, with its sample, wired to subscribe, unsubscribe
 * and perform list. Requests say their URLs in full (APP_URL), so the definition works as downloaded.
 */
export async function zapierAppDefinition(ctx: RequestContext, tx: Tx = db()) {
  authorize(ctx, "event_types:read");
  const base = zapierApiBase();
  const auth = { Authorization: "Bearer {{bundle.authData.apiKey}}" };
  const types = await listEventTypes({}, ctx, tx);
  const triggers: Record<string, unknown> = {};
  for (const summary of types) {
    const type = await getEventType({ idOrName: summary.id }, ctx, tx);
    const key = triggerKey(type.name);
    triggers[key] = {
      key,
      noun: type.name,
      display: { label: `New ${type.name} Event`, description: type.description || `Triggers when a ${type.name} event is sent.` },
      operation: {
        type: "hook",
        performSubscribe: { url: `${base}/subscriptions`, method: "POST", headers: auth, body: { targetUrl: "{{bundle.targetUrl}}", eventType: type.name } },
        performUnsubscribe: { url: `${base}/subscriptions/{{bundle.subscribeData.id}}`, method: "DELETE", headers: auth },
        // A hook's body is the event, one flat object (lib/integrations/zapier/adapter.ts).
        perform: { source: "return [bundle.cleanedRequest];" },
        performList: { url: `${base}/samples`, method: "GET", headers: auth, params: { eventType: type.name } },
        sample: sampleOf(type),
      },
    };
  }
  return {
    version: "1.0.0",
    platformVersion: "19.1.0",
    authentication: {
      type: "custom",
      fields: [{ key: "apiKey", label: "API key", required: true, type: "password", helpText: "An API key limited to your application, from the dashboard's Keys page." }],
      test: { url: `${base}/me`, method: "GET", headers: auth },
      connectionLabel: "{{bundle.inputData.label}}",
    },
    triggers,
  };
}
