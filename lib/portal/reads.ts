import { db, type Tx } from "@/db";
import type { RequestContext } from "@/lib/api";
import { getEndpoint, getEndpointHealth, getEventType, getMessage, listAttempts, type listAttemptsSchema, listEndpoints, type listEndpointsSchema, listEventTypes, listMessages, type listMessagesSchema, sentBodies, signingSecretStates } from "@/lib/outbound";
import type { z } from "zod";
import { dashboard, type DashboardRange } from "@/lib/monitoring";
import type { Id } from "@/lib/platform/id-types";

/**
 * What portal pages read. The session's context is limited to its application and the core functions enforce it, so
 * lists hold its objects only and another application's id is "not found"; nothing here checks ownership again.
 */

export function portalEndpoints(ctx: RequestContext, filters: Omit<z.input<typeof listEndpointsSchema>, "application">, tx: Tx = db()) {
  return listEndpoints(filters, ctx, tx);
}

export async function portalEndpoint(ctx: RequestContext, id: Id<"ep">, tx: Tx = db()) {
  const [endpoint, health, secrets] = await Promise.all([getEndpoint({ id }, ctx, tx), getEndpointHealth({ id }, ctx, tx), signingSecretStates(id, ctx, tx)]);
  return { endpoint, health, secrets };
}

/** An endpoint's attempts with the bodies they sent. */
export async function portalEndpointAttempts(ctx: RequestContext, endpointId: Id<"ep">, filters: Omit<z.input<typeof listAttemptsSchema>, "endpointId" | "messageId" | "deliveryId">, tx: Tx = db()) {
  await getEndpoint({ id: endpointId }, ctx, tx);
  const page = await listAttempts({ ...filters, endpointId }, ctx, tx);
  return { ...page, bodies: await sentBodies(page.data, ctx, tx) };
}

export function portalMessages(ctx: RequestContext, filters: Omit<z.input<typeof listMessagesSchema>, "application">, tx: Tx = db()) {
  if (filters.endpointId) return getEndpoint({ id: filters.endpointId }, ctx, tx).then(() => listMessages(filters, ctx, tx));
  return listMessages(filters, ctx, tx);
}

/** One message with its deliveries and every attempt (with the bodies sent). */
export async function portalMessage(ctx: RequestContext, id: Id<"msg">, tx: Tx = db()) {
  const [message, attempts] = await Promise.all([getMessage({ id }, ctx, tx), listAttempts({ messageId: id, limit: 100 }, ctx, tx)]);
  return { message, attempts: attempts.data, bodies: await sentBodies(attempts.data, ctx, tx) };
}

/** The catalog a customer subscribes from, each type with its latest schema and sample payload. */
export async function portalCatalog(ctx: RequestContext, tx: Tx = db()) {
  const types = await listEventTypes({}, ctx, tx);
  // Catalogs are small (hundreds at most) and this page is rarely read: one query per type keeps it simple.
  const detailed = await Promise.all(types.map((t) => getEventType({ idOrName: t.id }, ctx, tx)));
  return detailed.map((t) => {
    const latest = t.versions.reduce((a, b) => (b.version > a.version ? b : a), t.versions[0]);
    return { name: t.name, description: t.description, featureGroup: t.featureGroup, deprecated: t.deprecated, version: latest?.version ?? 1, schema: latest?.schema ?? null, samplePayload: latest?.samplePayload ?? null };
  });
}

/** The application's delivery charts: the workspace's dashboard query, which the session's context limits to its application. */
export function portalDashboard(ctx: RequestContext, range: DashboardRange = "24h", tx: Tx = db()) {
  return dashboard({ range }, ctx, tx);
}
