import { and, eq, inArray } from "drizzle-orm";
import { db, type Tx } from "@/db";
import { endpoints } from "@/db/schema";
import { notifiedCache } from "@/lib/platform";
import type { Id } from "@/lib/platform/id-types";

/** What a send needs to know about each endpoint to decide whether it receives a message. */
export type EndpointRouting = Pick<typeof endpoints.$inferSelect, "id" | "applicationId" | "eventTypes" | "contentFilter" | "versionPin" | "retrySchedule">;

const routingColumns = { id: endpoints.id, applicationId: endpoints.applicationId, eventTypes: endpoints.eventTypes, contentFilter: endpoints.contentFilter, versionPin: endpoints.versionPin, retrySchedule: endpoints.retrySchedule };
const routable = inArray(endpoints.status, ["enabled", "paused"]);

// Every send reads its workspace's routing table; endpoint changes invalidate it everywhere on commit.
const routing = notifiedCache<EndpointRouting[]>({ channel: "endpoint_routing_changed", ttlMs: 5_000 });

/** The workspace's enabled and paused endpoints (disabled ones receive nothing), from the cache when it has them. */
export async function routableEndpoints(workspaceId: string, tx: Tx = db()): Promise<EndpointRouting[]> {
  const hit = routing.get(workspaceId);
  if (hit) return hit;
  const rows = await tx.select(routingColumns).from(endpoints).where(and(eq(endpoints.workspaceId, workspaceId), routable));
  // Only a read outside any transaction is cached: one inside may see changes that are later rolled back.
  if (tx === db()) routing.set(workspaceId, rows);
  return rows;
}

/**
 * The enabled and paused endpoints of some of the workspace's applications, read in the caller's transaction and
 * locked against deletion until it ends (a broadcast's batch, which writes their deliveries). Over
 * endpoints_application_created.
 */
export function routableEndpointsOf(tx: Tx, workspaceId: string, applicationIds: Id<"app">[]): Promise<EndpointRouting[]> {
  return tx
    .select(routingColumns)
    .from(endpoints)
    .where(and(eq(endpoints.workspaceId, workspaceId), inArray(endpoints.applicationId, applicationIds), routable))
    .for("key share");
}

/** Every endpoint change calls this in its transaction. */
export function invalidateRouting(tx: Tx, workspaceId: string) {
  return routing.invalidate(tx, workspaceId);
}
