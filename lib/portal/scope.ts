import { and, eq } from "drizzle-orm";
import { db, type Tx } from "@/db";
import { endpoints, messages } from "@/db/schema";
import { AppError, foundByPathId, notFound, type RequestContext } from "@/lib/api";

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

const DETAIL_CHECKS: Record<string, (ctx: RequestContext, id: string) => Promise<void>> = {
  endpoints: assertPortalEndpoint,
  messages: assertPortalMessage,
};

/**
 * False when `pathname` is a portal detail page (/portal/endpoints/<id>, /portal/messages/<id>) whose object is not
 * the session's application's. Portal pages stream behind a loading skeleton, so by the time a page finds nothing the
 * status is already 200; the portal layout asks this first and answers 404.
 */
export async function portalDetailExists(pathname: string, ctx: RequestContext): Promise<boolean> {
  const [, portal, section, id, ...rest] = pathname.split("/");
  const check = portal === "portal" && id && rest.length === 0 ? DETAIL_CHECKS[section] : undefined;
  return check ? foundByPathId(id, (decoded) => check(ctx, decoded)) : true;
}
