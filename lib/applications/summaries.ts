import { and, eq, gt, inArray, lte, sql } from "drizzle-orm";
import { db, type Tx } from "@/db";
import { applications, deliveries, endpoints } from "@/db/schema";
import { AppError, type RequestContext } from "@/lib/api";
import { listApplications, resolveApplication } from "./applications";
import type { ApplicationView } from "./schemas";
import { DEFAULT_APPLICATION } from "./schemas";
import type { Id } from "@/lib/platform/id-types";

/**
 * Read-only counts the dashboard's application pages need: the health columns of the list and the delivery chart of
 * one application. A delivery counts for an application through its endpoint, so a workspace-wide send counts for
 * every application it reached. Every query is scoped to the workspace (on each table it reads) and to the
 * applications asked about.
 */

/** How a delivery stands, folded from its status for a chart or a summary. */
export const DELIVERY_OUTCOMES = ["succeeded", "pending", "retrying", "failed"] as const;
export type DeliveryOutcome = (typeof DELIVERY_OUTCOMES)[number];

// pending: not attempted yet or being sent; retrying: failed, another attempt scheduled; failed: exhausted, cancelled,
// or failed with no attempt to come (the receiver aborted it).
const outcomeCounts = {
  succeeded: sql<number>`count(*) filter (where ${deliveries.status} = 'succeeded')::int`,
  pending: sql<number>`count(*) filter (where ${deliveries.status} in ('pending', 'sending'))::int`,
  retrying: sql<number>`count(*) filter (where ${deliveries.status} = 'failed' and ${deliveries.nextAttemptAt} is not null)::int`,
  failed: sql<number>`count(*) filter (where ${deliveries.status} in ('exhausted', 'cancelled') or (${deliveries.status} = 'failed' and ${deliveries.nextAttemptAt} is null))::int`,
};

export type OutcomeCounts = Record<DeliveryOutcome, number>;
const noOutcomes = (): OutcomeCounts => ({ succeeded: 0, pending: 0, retrying: 0, failed: 0 });

export interface ApplicationHealth {
  endpoints: number;
  disabled: number;
  paused: number;
  /** Deliveries created in the window, by outcome. */
  deliveries: OutcomeCounts;
}

/**
 * Per application on a page: its endpoints (how many, how many disabled or paused) and the deliveries to them created
 * in the last `sinceSeconds`, by outcome. Two queries over endpoints_application_created and, per endpoint,
 * deliveries_endpoint_status_created. Applications without endpoints are in the map with zeros.
 */
export async function applicationHealth(applicationIds: Id<"app">[], sinceSeconds: number, ctx: RequestContext, tx: Tx = db(), now = new Date()): Promise<Map<string, ApplicationHealth>> {
  const health = new Map(applicationIds.map((id) => [id, { endpoints: 0, disabled: 0, paused: 0, deliveries: noOutcomes() }]));
  if (applicationIds.length === 0) return health;
  const since = new Date(now.getTime() - sinceSeconds * 1000);
  const [endpointRows, deliveryRows] = await Promise.all([
    tx
      .select({
        applicationId: endpoints.applicationId,
        endpoints: sql<number>`count(*)::int`,
        disabled: sql<number>`count(*) filter (where ${endpoints.status} = 'disabled')::int`,
        paused: sql<number>`count(*) filter (where ${endpoints.status} = 'paused')::int`,
      })
      .from(endpoints)
      .where(and(eq(endpoints.workspaceId, ctx.workspaceId), inArray(endpoints.applicationId, applicationIds)))
      .groupBy(endpoints.applicationId),
    tx
      .select({ applicationId: endpoints.applicationId, ...outcomeCounts })
      .from(deliveries)
      .innerJoin(endpoints, eq(endpoints.id, deliveries.endpointId))
      .where(
        and(
          eq(endpoints.workspaceId, ctx.workspaceId),
          inArray(endpoints.applicationId, applicationIds),
          eq(deliveries.workspaceId, ctx.workspaceId),
          gt(deliveries.createdAt, since),
          lte(deliveries.createdAt, now),
        ),
      )
      .groupBy(endpoints.applicationId),
  ]);
  for (const { applicationId, ...counts } of endpointRows) Object.assign(health.get(applicationId)!, counts);
  for (const { applicationId, ...counts } of deliveryRows) health.get(applicationId)!.deliveries = counts;
  return health;
}

export interface DeliveryBucket extends OutcomeCounts {
  /** The start of the hour. */
  start: Date;
}

/**
 * One application's deliveries created over the last `hours` (24 or 168 on its page), counted per hour by outcome
 * as they stand now, oldest hour first with empty hours included, measured back from `now` like attemptTimeline.
 */
export async function applicationDeliveryTimeline(input: { applicationId: Id<"app">; hours?: number; now?: Date }, ctx: RequestContext, tx: Tx = db()): Promise<DeliveryBucket[]> {
  const hours = input.hours ?? 24;
  const now = input.now ?? new Date();
  const since = new Date(now.getTime() - hours * 3_600_000);
  const rows = await tx
    .select({
      // 0 is the oldest hour, hours - 1 the latest.
      bucket: sql<number>`${hours - 1} - floor(extract(epoch from (${now.toISOString()}::timestamptz - ${deliveries.createdAt})) / 3600)::int`,
      ...outcomeCounts,
    })
    .from(deliveries)
    .innerJoin(endpoints, eq(endpoints.id, deliveries.endpointId))
    .where(
      and(
        eq(endpoints.workspaceId, ctx.workspaceId),
        eq(endpoints.applicationId, input.applicationId),
        eq(deliveries.workspaceId, ctx.workspaceId),
        gt(deliveries.createdAt, since),
        lte(deliveries.createdAt, now),
      ),
    )
    .groupBy(sql`1`);
  const byBucket = new Map(rows.map(({ bucket, ...counts }) => [Number(bucket), counts]));
  return Array.from({ length: hours }, (_, i) => ({ start: new Date(since.getTime() + i * 3_600_000), ...(byBucket.get(i) ?? noOutcomes()) }));
}

/** Id, name and uid of the given applications (for naming each endpoint's application in a list). */
export async function applicationLabels(ids: Id<"app">[], ctx: RequestContext, tx: Tx = db()): Promise<Map<string, { id: string; name: string; uid: string | null }>> {
  if (ids.length === 0) return new Map();
  const rows = await tx
    .select({ id: applications.id, name: applications.name, uid: applications.uid })
    .from(applications)
    .where(and(eq(applications.workspaceId, ctx.workspaceId), inArray(applications.id, [...new Set(ids)])));
  return new Map(rows.map((r) => [r.id, r]));
}

/**
 * A list page's `?application=` filter: the application it names, or `unknown` when it names none in this workspace
 * (a stale link), so the page can say the filter was ignored instead of failing.
 */
export async function applicationFilter(ref: string | undefined, ctx: RequestContext): Promise<{ application?: ApplicationView; unknown: boolean }> {
  if (!ref) return { unknown: false };
  try {
    return { application: await resolveApplication({ id: ref }, ctx), unknown: false };
  } catch (error) {
    if (error instanceof AppError && error.code === "not_found") return { unknown: true };
    throw error;
  }
}

export interface ApplicationChoice {
  /** An application id, or `default` for the default application while the workspace has none yet. */
  value: string;
  label: string;
}

/**
 * What the "new endpoint" form's application picker offers: the default application first, then the newest 100
 * others, plus `include` (the one the form was opened from) when it is older. A workspace without a default
 * application yet offers `default`, which createEndpoint makes on first use.
 */
export async function applicationChoices(ctx: RequestContext, include?: ApplicationView, tx: Tx = db()): Promise<ApplicationChoice[]> {
  const { data } = await listApplications({ limit: 100 }, ctx, tx);
  const [defaultApp] = await tx.select().from(applications).where(and(eq(applications.workspaceId, ctx.workspaceId), eq(applications.uid, DEFAULT_APPLICATION.uid)));
  const others = [...data, ...(include ? [include] : [])].filter((a, i, all) => a.uid !== DEFAULT_APPLICATION.uid && all.findIndex((b) => b.id === a.id) === i);
  const label = (a: { name: string; uid: string | null }) => (a.uid ? `${a.name} (${a.uid})` : a.name);
  return [defaultApp ? { value: defaultApp.id, label: defaultApp.name } : { value: DEFAULT_APPLICATION.uid, label: DEFAULT_APPLICATION.name }, ...others.map((a) => ({ value: a.id, label: label(a) }))];
}
