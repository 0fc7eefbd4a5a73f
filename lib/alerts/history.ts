import { and, asc, desc, eq, inArray } from "drizzle-orm";
import type { z } from "zod";
import { db, type Tx } from "@/db";
import { alertIncidents, alertNotifications, workspaces } from "@/db/schema";
import { authorize, notFound, olderThan, type RequestContext, toPage } from "@/lib/api";
import { evidenceView } from "@/lib/alerts/links";
import { channelTarget } from "@/lib/alerts/notify";
import { alert as alertOut, type AlertView, listAlertsSchema } from "@/lib/alerts/schemas";

/**
 * The alert history: every incident, firing or resolved, with its evidence (each record linked to its dashboard page)
 * and the notifications it sent. Incidents outlive their rule (its name and kind are copied onto them).
 */

type Incident = typeof alertIncidents.$inferSelect;

async function slugOf(tx: Tx, ctx: RequestContext) {
  const [row] = await tx.select({ slug: workspaces.slug }).from(workspaces).where(eq(workspaces.id, ctx.workspaceId));
  return row.slug;
}

async function toViews(tx: Tx, ctx: RequestContext, rows: Incident[]): Promise<AlertView[]> {
  if (rows.length === 0) return [];
  const slug = await slugOf(tx, ctx);
  // One query for the page's notifications, through alert_notifications_once (incident_id first).
  const notifications = await tx
    .select()
    .from(alertNotifications)
    .where(inArray(alertNotifications.incidentId, rows.map((r) => r.id)))
    .orderBy(asc(alertNotifications.createdAt), asc(alertNotifications.channelIndex));
  return rows.map((row) =>
    alertOut.parse({
      ...row,
      evidence: evidenceView(row.evidence, slug),
      resolution: row.resolution ? evidenceView(row.resolution, slug) : null,
      notified: row.firingNotifiedAt !== null,
      notifications: notifications
        .filter((n) => n.incidentId === row.id)
        .map((n) => ({ ...n, channel: { type: n.channel.type, target: channelTarget(n.channel) } })),
    }),
  );
}

/** The workspace's alerts, newest first (alert_incidents_workspace_created), optionally by state or rule. */
export async function listAlerts(input: z.input<typeof listAlertsSchema>, ctx: RequestContext, tx: Tx = db()) {
  authorize(ctx, "alerts:read");
  const { cursor, limit, state, rule } = listAlertsSchema.parse(input);
  const rows = await tx
    .select()
    .from(alertIncidents)
    .where(
      and(
        eq(alertIncidents.workspaceId, ctx.workspaceId),
        state ? eq(alertIncidents.state, state) : undefined,
        rule ? eq(alertIncidents.ruleId, rule) : undefined,
        olderThan(cursor, alertIncidents.createdAt, alertIncidents.id),
      ),
    )
    .orderBy(desc(alertIncidents.createdAt), desc(alertIncidents.id))
    .limit(limit + 1);
  const page = toPage(rows, limit);
  return { data: await toViews(tx, ctx, page.data), nextCursor: page.nextCursor };
}

export async function getAlert(input: { id: string }, ctx: RequestContext, tx: Tx = db()): Promise<AlertView> {
  authorize(ctx, "alerts:read");
  const [row] = await tx
    .select()
    .from(alertIncidents)
    .where(and(eq(alertIncidents.id, input.id as Incident["id"]), eq(alertIncidents.workspaceId, ctx.workspaceId)));
  if (!row) throw notFound("The alert");
  const [view] = await toViews(tx, ctx, [row]);
  return view;
}
