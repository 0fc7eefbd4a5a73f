import { and, count, eq, inArray, isNotNull, like, or, sql } from "drizzle-orm";
import { z } from "zod";
import { db, type Tx } from "@/db";
import { applications, deliveries, endpoints } from "@/db/schema";
import { AppError, newestFirst, notFound, olderThan, pageQuerySchema, type RequestContext, toPage } from "@/lib/api";
import { recordAudit } from "@/lib/audit";
import { forgetApplicationKeys } from "@/lib/keys";
import { invalidateRouting } from "@/lib/outbound";
import { inActorApplication } from "@/lib/applications/scope";
import { application, type ApplicationView, applicationRefSchema, createApplicationSchema, updateApplicationSchema } from "@/lib/applications/schemas";
import { isId } from "@/lib/platform/id-types";

/**
 * Applications: the workspace's own customers (Svix's word). Every endpoint belongs to one; a message addressed to one
 * reaches its endpoints only. Anywhere an application id is accepted, its `uid` (the customer's id in the workspace's
 * own system) is too: a uid may not start with `app_`, so the two never collide.
 */

export const listApplicationsSchema = pageQuerySchema.extend({
  /** A name prefix (case-insensitive) or an exact uid. */
  search: z.string().trim().min(1).max(256).optional(),
});

type ApplicationRow = typeof applications.$inferSelect;

/** An application row as the API and the dashboard see it: the schema picks the columns. */
export const applicationView = (row: ApplicationRow): ApplicationView => application.parse(row);

const auditBase = (ctx: RequestContext) => ({ workspaceId: ctx.workspaceId, actor: ctx.actor, request: ctx.request });
const auditable = ({ createdAt: _c, updatedAt: _u, ...rest }: ApplicationView) => rest;

const uidTaken = (uid: string) => new AppError("conflict", `An application with uid ${uid} already exists in this workspace.`);

/**
 * The application an id or uid names in the caller's workspace, or 404 (another workspace's id included, and for an
 * actor limited to one application, any other application's).
 */
export async function findApplication(tx: Tx, ctx: RequestContext, ref: string, lock = false): Promise<ApplicationRow> {
  const byIdOrUid = isId("app", ref) ? eq(applications.id, ref) : eq(applications.uid, ref);
  const query = tx.select().from(applications).where(and(eq(applications.workspaceId, ctx.workspaceId), byIdOrUid, inActorApplication(ctx, applications.id)));
  const [row] = lock ? await query.for("update") : await query;
  if (!row) throw notFound("The application");
  return row;
}

/** One application, by id or uid. */
export async function resolveApplication(input: { id: string }, ctx: RequestContext, tx: Tx = db()): Promise<ApplicationView> {
  return applicationView(await findApplication(tx, ctx, applicationRefSchema.parse(input.id)));
}

/**
 * Inserts the application unless its uid exists; returns the row and whether it was made. Concurrent callers with one
 * uid serialise on the unique index: the second waits for the first to commit, then finds its row.
 */
async function insertApplication(t: Tx, ctx: RequestContext, data: z.output<typeof createApplicationSchema>) {
  const [row] = await t
    .insert(applications)
    .values({ ...data, workspaceId: ctx.workspaceId })
    .onConflictDoNothing({ target: [applications.workspaceId, applications.uid] })
    .returning();
  if (row) await recordAudit(t, { ...auditBase(ctx), action: "application.create", target: { type: "application", id: row.id }, after: auditable(applicationView(row)) });
  return row as ApplicationRow | undefined;
}

/** An actor limited to one application may change it, never make or remove applications, nor move its uid. */
function refuseLimited(ctx: RequestContext, what: string) {
  if (ctx.applicationId) throw new AppError("forbidden", `This ${ctx.actor.type === "portal_session" ? "portal session" : "key"} is limited to one application: it cannot ${what}.`);
}

export async function createApplication(input: z.input<typeof createApplicationSchema>, ctx: RequestContext, tx: Tx = db()): Promise<ApplicationView> {
  refuseLimited(ctx, "create applications");
  const data = createApplicationSchema.parse(input);
  return tx.transaction(async (t) => {
    const row = await insertApplication(t, ctx, data);
    if (!row) throw uidTaken(data.uid!);
    return applicationView(row);
  });
}

/**
 * The application with this uid, created (name and all) if the workspace has none yet: a send's `{uid, name}` and
 * the default application of endpoints created without one. Call it inside the transaction of the change that needs
 * the application, so a failed change leaves no application behind. An existing application keeps its name.
 */
export async function getOrCreateApplication(
  input: { uid: string; name: string; metadata?: Record<string, string>; rateLimitPerSecond?: number | null },
  ctx: RequestContext,
  tx: Tx = db(),
): Promise<ApplicationView> {
  const data = createApplicationSchema.parse(input);
  const uid = data.uid!;
  const [existing] = await tx.select().from(applications).where(and(eq(applications.workspaceId, ctx.workspaceId), eq(applications.uid, uid), inActorApplication(ctx, applications.id)));
  if (existing) return applicationView(existing);
  // A limited actor names its own application or none: any other uid is another's (or would be a new one), not found.
  if (ctx.applicationId) throw notFound("The application");
  const created = await tx.transaction((t) => insertApplication(t, ctx, data));
  return applicationView(created ?? (await findApplication(tx, ctx, uid)));
}

/**
 * A workspace's applications, newest first (keyset on created_at, id, over applications_workspace_created). A search
 * matches a name prefix, case-insensitively (applications_workspace_name), or a uid exactly (applications_workspace_uid).
 */
export async function listApplications(input: z.input<typeof listApplicationsSchema>, ctx: RequestContext, tx: Tx = db()) {
  const { cursor, limit, search } = listApplicationsSchema.parse(input);
  const prefix = search && `${search.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const rows = await tx
    .select()
    .from(applications)
    .where(
      and(
        eq(applications.workspaceId, ctx.workspaceId),
        inActorApplication(ctx, applications.id),
        // The workspace repeated in each branch lets each side of the OR use its own index.
        search ? or(and(eq(applications.workspaceId, ctx.workspaceId), like(sql`lower(${applications.name})`, prefix!)), and(eq(applications.workspaceId, ctx.workspaceId), eq(applications.uid, search))) : undefined,
        olderThan(cursor, applications.createdAt, applications.id),
      ),
    )
    .orderBy(...newestFirst(applications.createdAt, applications.id))
    .limit(limit + 1);
  const page = toPage(rows, limit);
  return { data: page.data.map(applicationView), nextCursor: page.nextCursor };
}

/** Changes the given fields only; `uid: null` removes the uid. */
export async function updateApplication(input: z.input<typeof updateApplicationSchema>, ctx: RequestContext, tx: Tx = db()): Promise<ApplicationView> {
  const { id, ...changes } = updateApplicationSchema.parse(input);
  return tx.transaction(async (t) => {
    const before = await findApplication(t, ctx, id, true);
    // Its uid is the workspace's name for the customer; and the clash check would tell another application's uid.
    if (changes.uid !== undefined && changes.uid !== before.uid) refuseLimited(ctx, "change the application's uid");
    if (changes.uid && changes.uid !== before.uid) {
      const [clash] = await t.select({ id: applications.id }).from(applications).where(and(eq(applications.workspaceId, ctx.workspaceId), eq(applications.uid, changes.uid)));
      if (clash) throw uidTaken(changes.uid);
    }
    const [after] = await t
      .update(applications)
      .set({ ...changes, updatedAt: new Date() })
      .where(and(eq(applications.id, before.id), eq(applications.workspaceId, ctx.workspaceId)))
      .returning();
    await recordAudit(t, { ...auditBase(ctx), action: "application.update", target: { type: "application", id: before.id }, before: auditable(applicationView(before)), after: auditable(applicationView(after)) });
    return applicationView(after);
  });
}

/**
 * Deletes the application with its endpoints (their secrets, deliveries and attempts go with them, as when an endpoint
 * is deleted) and the messages addressed to it. Deliveries still waiting to go out are thereby cancelled: the audit
 * row counts them and names the endpoints removed. A workspace-wide message keeps its deliveries to other
 * applications' endpoints.
 */
export async function deleteApplication(input: { id: string }, ctx: RequestContext, tx: Tx = db()): Promise<void> {
  await tx.transaction(async (t) => {
    const before = await findApplication(t, ctx, applicationRefSchema.parse(input.id), true);
    refuseLimited(ctx, "delete applications");
    const removed = await t
      .select({ id: endpoints.id })
      .from(endpoints)
      .where(and(eq(endpoints.workspaceId, ctx.workspaceId), eq(endpoints.applicationId, before.id)))
      .for("update");
    const endpointIds = removed.map((e) => e.id);
    const [open] = endpointIds.length
      ? await t
          .select({ n: count() })
          .from(deliveries)
          .where(and(inArray(deliveries.endpointId, endpointIds), inArray(deliveries.status, ["pending", "sending", "failed"]), isNotNull(deliveries.nextAttemptAt)))
      : [{ n: 0 }];
    const apiKeyIds = await forgetApplicationKeys(t, before.id);
    await t.delete(endpoints).where(and(eq(endpoints.workspaceId, ctx.workspaceId), eq(endpoints.applicationId, before.id)));
    await t.delete(applications).where(and(eq(applications.id, before.id), eq(applications.workspaceId, ctx.workspaceId)));
    await recordAudit(t, {
      ...auditBase(ctx),
      action: "application.delete",
      target: { type: "application", id: before.id },
      before: auditable(applicationView(before)),
      after: { endpointIds, cancelledDeliveries: open.n, apiKeyIds },
    });
    await invalidateRouting(t, ctx.workspaceId);
  });
}
