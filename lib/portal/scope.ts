import { and, eq } from "drizzle-orm";
import { db, type Tx } from "@/db";
import { endpoints, messages } from "@/db/schema";
import { AppError, notFound } from "@/lib/api/errors";
import type { RequestContext } from "@/lib/api/request-context";

/**
 * The portal's isolation, in one place: before a portal page or action hands an id to a core function, the object
 * must belong to the session's application. Another application's (or workspace's) id answers "not found", exactly
 * as an unknown id does. The core functions scope by workspace; these add the application.
 */

function applicationOf(ctx: RequestContext): string {
  if (!ctx.applicationId) throw new AppError("forbidden", "This context is not limited to an application.");
  return ctx.applicationId;
}

export async function assertPortalEndpoint(ctx: RequestContext, endpointId: string, tx: Tx = db()): Promise<void> {
  const [row] = await tx
    .select({ id: endpoints.id })
    .from(endpoints)
    .where(and(eq(endpoints.id, endpointId), eq(endpoints.workspaceId, ctx.workspaceId), eq(endpoints.applicationId, applicationOf(ctx))));
  if (!row) throw notFound("The endpoint");
}

/** A message is the application's when it was sent to it; a workspace-wide send belongs to no one application. */
export async function assertPortalMessage(ctx: RequestContext, messageId: string, tx: Tx = db()): Promise<void> {
  const [row] = await tx
    .select({ id: messages.id })
    .from(messages)
    .where(and(eq(messages.id, messageId), eq(messages.workspaceId, ctx.workspaceId), eq(messages.applicationId, applicationOf(ctx))));
  if (!row) throw notFound("The message");
}
