import { and, inArray, ne } from "drizzle-orm";
import { db, type Tx } from "@/db";
import { endpoints } from "@/db/schema";
import { systemContext } from "@/lib/api";
import { recordAudit } from "@/lib/audit";
import { deleteEndpoint } from "@/lib/outbound";
import type { Id } from "@/lib/platform/id-types";

/**
 * Connections the service ended itself (an IntegrationError with endsConnection: Zapier's 410 for a Zap turned off or
 * deleted). recordOutcomes calls this after the attempt is stored, never from inside the adapter: the endpoint's
 * deletion takes its deliveries with it, which the attempt's own row must still find. Each removal is audited as the
 * system, with what the connection was, since its endpoint and attempts go with it.
 */
export async function removeEndedConnections(endpointIds: Id<"ep">[], tx: Tx = db()): Promise<void> {
  if (endpointIds.length === 0) return;
  const rows = await tx.select().from(endpoints).where(and(inArray(endpoints.id, endpointIds), ne(endpoints.kind, "webhook")));
  for (const row of rows) {
    const ctx = systemContext(row.workspaceId, `${row.kind} unsubscribed`);
    await tx.transaction(async (t) => {
      await deleteEndpoint({ id: row.id }, ctx, t);
      await recordAudit(t, {
        workspaceId: row.workspaceId,
        actor: ctx.actor,
        request: ctx.request,
        action: "integration.unsubscribed",
        target: { type: "endpoint", id: row.id },
        before: { integration: row.kind, applicationId: row.applicationId, url: row.url, eventTypes: row.eventTypes, ...row.integration?.config },
      });
    });
  }
}

