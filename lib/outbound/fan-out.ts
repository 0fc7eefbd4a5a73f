import { and, eq, inArray } from "drizzle-orm";
import { db, type Tx } from "@/db";
import { endpoints } from "@/db/schema";
import { notifiedCache } from "@/lib/platform/notified-cache";

/** What a send needs to know about each endpoint to decide whether it receives a message. */
export type EndpointRouting = Pick<typeof endpoints.$inferSelect, "id" | "applicationId" | "eventTypes" | "contentFilter" | "versionPin" | "retrySchedule">;

// Every send reads its workspace's routing table; endpoint changes invalidate it everywhere on commit.
const routing = notifiedCache<EndpointRouting[]>({ channel: "endpoint_routing_changed", ttlMs: 5_000 });

/** The workspace's enabled and paused endpoints (disabled ones receive nothing), from the cache when it has them. */
export async function routableEndpoints(workspaceId: string, tx: Tx = db()): Promise<EndpointRouting[]> {
  const hit = routing.get(workspaceId);
  if (hit) return hit;
  const rows = await tx
    .select({ id: endpoints.id, applicationId: endpoints.applicationId, eventTypes: endpoints.eventTypes, contentFilter: endpoints.contentFilter, versionPin: endpoints.versionPin, retrySchedule: endpoints.retrySchedule })
    .from(endpoints)
    .where(and(eq(endpoints.workspaceId, workspaceId), inArray(endpoints.status, ["enabled", "paused"])));
  // Only a read outside any transaction is cached: one inside may see changes that are later rolled back.
  if (tx === db()) routing.set(workspaceId, rows);
  return rows;
}

/** Every endpoint change calls this in its transaction. */
export function invalidateRouting(tx: Tx, workspaceId: string) {
  return routing.invalidate(tx, workspaceId);
}
