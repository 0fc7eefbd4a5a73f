import { and, asc, eq, gt, inArray, isNull, or, sql } from "drizzle-orm";
import { db, type Tx } from "@/db";
import { attempts, deliveries, DELIVERY_STATUSES, endpoints, endpointSecrets } from "@/db/schema";
import { newestFirst, type RequestContext } from "@/lib/api";
import { inActorApplication, throughActorEndpoint } from "@/lib/applications";
import type { Id } from "@/lib/platform/id-types";

/**
 * Read-only queries the outbound pages need beyond the core functions: the shapes of charts and of summary columns.
 * Each is one query over an existing index, batched over the ids on a page, and scoped to the workspace.
 */

export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

export interface TimelineBucket {
  /** The start of the bucket. */
  start: Date;
  succeeded: number;
  failed: number;
}

/**
 * Attempts over the last `hours` (one endpoint's, or the whole workspace's without `endpointId`), counted per hour by outcome, oldest bucket first and with empty hours
 * included, so a chart's x axis is evenly spaced. Buckets are measured back from `now`, not from clock hours, so
 * the last bar is always the latest hour whatever the viewer's time zone. Reads attempts_endpoint_created, or
 * attempts_workspace_created for the whole workspace.
 */
export async function attemptTimeline(input: { endpointId?: Id<"ep">; hours?: number; now?: Date }, ctx: RequestContext, tx: Tx = db()): Promise<TimelineBucket[]> {
  const hours = input.hours ?? 24;
  const now = input.now ?? new Date();
  const since = new Date(now.getTime() - hours * 3_600_000);
  const rows = await tx
    .select({
      // 0 is the oldest hour, hours - 1 the latest.
      bucket: sql<number>`${hours - 1} - floor(extract(epoch from (${now.toISOString()}::timestamptz - ${attempts.createdAt})) / 3600)::int`,
      succeeded: sql<number>`count(*) filter (where ${attempts.succeeded})::int`,
      failed: sql<number>`count(*) filter (where not ${attempts.succeeded})::int`,
    })
    .from(attempts)
    .where(and(input.endpointId ? eq(attempts.endpointId, input.endpointId) : undefined, eq(attempts.workspaceId, ctx.workspaceId), throughActorEndpoint(ctx, attempts.endpointId), gt(attempts.createdAt, since), sql`${attempts.createdAt} <= ${now.toISOString()}::timestamptz`))
    .groupBy(sql`1`);
  const byBucket = new Map(rows.map((r) => [Number(r.bucket), r]));
  return Array.from({ length: hours }, (_, i) => ({
    start: new Date(since.getTime() + i * 3_600_000),
    succeeded: byBucket.get(i)?.succeeded ?? 0,
    failed: byBucket.get(i)?.failed ?? 0,
  }));
}

/** Attempts and successes per endpoint over the last `sinceSeconds`, for the success-rate column of the endpoints list. */
export async function attemptCounts(endpointIds: Id<"ep">[], sinceSeconds: number, ctx: RequestContext, tx: Tx = db(), now = new Date()) {
  const since = new Date(now.getTime() - sinceSeconds * 1000);
  const counts = new Map<string, { attempts: number; succeeded: number }>();
  if (endpointIds.length === 0) return counts;
  const rows = await tx
    .select({
      endpointId: attempts.endpointId,
      attempts: sql<number>`count(*)::int`,
      succeeded: sql<number>`count(*) filter (where ${attempts.succeeded})::int`,
    })
    .from(attempts)
    .where(and(inArray(attempts.endpointId, endpointIds), eq(attempts.workspaceId, ctx.workspaceId), throughActorEndpoint(ctx, attempts.endpointId), gt(attempts.createdAt, since)))
    .groupBy(attempts.endpointId);
  for (const row of rows) counts.set(row.endpointId, { attempts: row.attempts, succeeded: row.succeeded });
  return counts;
}

/** Each message's deliveries counted by status, for the messages log. Reads deliveries_message_endpoint. */
export async function deliveryCountsByMessage(messageIds: Id<"msg">[], ctx: RequestContext, tx: Tx = db()) {
  const counts = new Map<string, Partial<Record<DeliveryStatus, number>>>();
  if (messageIds.length === 0) return counts;
  const rows = await tx
    .select({ messageId: deliveries.messageId, status: deliveries.status, count: sql<number>`count(*)::int` })
    .from(deliveries)
    .where(and(inArray(deliveries.messageId, messageIds), eq(deliveries.workspaceId, ctx.workspaceId), throughActorEndpoint(ctx, deliveries.endpointId)))
    .groupBy(deliveries.messageId, deliveries.status);
  for (const row of rows) {
    const entry = counts.get(row.messageId) ?? {};
    entry[row.status] = row.count;
    counts.set(row.messageId, entry);
  }
  return counts;
}

export interface EndpointLabel {
  id: Id<"ep">;
  url: string;
  description: string;
  status: "enabled" | "disabled" | "paused";
}

/** The workspace's endpoints as short labels (for pickers and for naming deliveries), newest first. */
export async function endpointLabels(ctx: RequestContext, tx: Tx = db(), ids?: Id<"ep">[]): Promise<EndpointLabel[]> {
  if (ids && ids.length === 0) return [];
  return tx
    .select({ id: endpoints.id, url: endpoints.url, description: endpoints.description, status: endpoints.status })
    .from(endpoints)
    .where(and(eq(endpoints.workspaceId, ctx.workspaceId), inActorApplication(ctx, endpoints.applicationId), ids ? inArray(endpoints.id, ids) : undefined))
    .orderBy(...newestFirst(endpoints.createdAt, endpoints.id))
    .limit(1_000);
}

export interface SecretState {
  createdAt: Date;
  /** When it stops signing; null for the current secret. */
  expiresAt: Date | null;
}

/**
 * The endpoint's signing secrets that sign right now, oldest first, without their values: the page shows that a
 * rotation overlap is running (and until when) before anyone reveals a secret.
 */
export async function signingSecretStates(endpointId: Id<"ep">, ctx: RequestContext, tx: Tx = db(), now = new Date()): Promise<SecretState[]> {
  return tx
    .select({ createdAt: endpointSecrets.createdAt, expiresAt: endpointSecrets.expiresAt })
    .from(endpointSecrets)
    .where(
      and(
        eq(endpointSecrets.endpointId, endpointId),
        eq(endpointSecrets.workspaceId, ctx.workspaceId),
        throughActorEndpoint(ctx, endpointSecrets.endpointId),
        or(isNull(endpointSecrets.expiresAt), gt(endpointSecrets.expiresAt, now)),
      ),
    )
    .orderBy(asc(endpointSecrets.createdAt), asc(endpointSecrets.id));
}

/**
 * Whether any delivery of an endpoint or a message is being sent or is due within `withinSeconds`. Pages showing
 * them refresh themselves while this holds, so an attempt appears without a reload; a retry hours away does not
 * keep a page polling. A page reads this before its other reads: when it is false every outcome is already stored, so
 * what the page reads next shows it. Read alongside them, a delivery finishing in between could stop the refreshing
 * with its attempt not yet on the page.
 */
export async function hasDeliveriesDueSoon(scope: { endpointId?: Id<"ep">; messageId?: Id<"msg"> }, ctx: RequestContext, tx: Tx = db(), withinSeconds = 60): Promise<boolean> {
  const [row] = await tx
    .select({ id: deliveries.id })
    .from(deliveries)
    .where(
      and(
        eq(deliveries.workspaceId, ctx.workspaceId),
        throughActorEndpoint(ctx, deliveries.endpointId),
        scope.endpointId ? eq(deliveries.endpointId, scope.endpointId) : undefined,
        scope.messageId ? eq(deliveries.messageId, scope.messageId) : undefined,
        or(
          eq(deliveries.status, "sending"),
          and(inArray(deliveries.status, ["pending", "failed"]), sql`${deliveries.nextAttemptAt} <= now() + make_interval(secs => ${withinSeconds})`),
        ),
      ),
    )
    .limit(1);
  return Boolean(row);
}
