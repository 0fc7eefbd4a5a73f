import { asc, desc, eq } from "drizzle-orm";
import { db, type Tx } from "@/db";
import { applications, endpoints, sources } from "@/db/schema";
import { authorize, type RequestContext } from "@/lib/api";

/** How many of each kind of record the rule form offers (the newest; a rule can name any through the API). */
const PICK_LIMIT = 200;

/**
 * What the dashboard's rule form picks from: the workspace's applications, webhook endpoints and sources for the
 * scope, and its Slack connections (endpoints of kind slack) for the Slack channel. Each over its workspace index.
 */
export async function alertFormOptions(ctx: RequestContext, tx: Tx = db()) {
  authorize(ctx, "alerts:read");
  const [apps, eps, srcs] = await Promise.all([
    tx.select({ id: applications.id, label: applications.name }).from(applications).where(eq(applications.workspaceId, ctx.workspaceId)).orderBy(asc(applications.name)).limit(PICK_LIMIT),
    tx
      .select({ id: endpoints.id, kind: endpoints.kind, url: endpoints.url, description: endpoints.description, applicationId: endpoints.applicationId })
      .from(endpoints)
      .where(eq(endpoints.workspaceId, ctx.workspaceId))
      .orderBy(desc(endpoints.createdAt), desc(endpoints.id))
      .limit(PICK_LIMIT),
    tx.select({ id: sources.id, label: sources.name }).from(sources).where(eq(sources.workspaceId, ctx.workspaceId)).orderBy(asc(sources.name)).limit(PICK_LIMIT),
  ]);
  return {
    applications: apps,
    endpoints: eps.map((e) => ({ id: e.id, label: e.description ? `${e.description} (${e.url})` : e.url })),
    sources: srcs,
    slackConnections: eps.filter((e) => e.kind === "slack").map((e) => ({ id: e.id, label: e.description || e.url })),
  };
}

export type AlertFormOptions = Awaited<ReturnType<typeof alertFormOptions>>;
