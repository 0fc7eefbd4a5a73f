import { and, asc, eq } from "drizzle-orm";
import { z } from "zod";
import { db, type Tx } from "@/db";
import { connections, endpoints, sources } from "@/db/schema";
import { notFound, type RequestContext } from "@/lib/api";
import { recordAudit } from "@/lib/audit";
import { contentFilterSchema } from "@/lib/outbound";
import { assertTransformationCompiles } from "@/lib/payloads";
import { type Id, idSchema, isId } from "@/lib/platform";
import { forgetAllSources } from "@/lib/inbound/source-cache";
import { transformSchema } from "@/lib/inbound/transform";
import { connectionOut, type ConnectionView } from "@/lib/inbound/schemas";

/**
 * Connections route a source's accepted requests to outbound endpoints. The filter uses the endpoint content filter's
 * operators over the request: paths start at body, headers (lower-case names), query, method or path, e.g.
 * `{ "path": "headers.x-github-event", "op": "eq", "value": "push" }`.
 */

const connectionFields = {
  endpointId: z.string().min(1),
  name: z.string().trim().max(80),
  enabled: z.boolean(),
  filter: contentFilterSchema.nullable(),
  transform: transformSchema.nullable(),
  /** Checked when saved (assertTransformationCompiles). */
  transformation: z.string().nullable(),
  transformationEnabled: z.boolean(),
};

export const createConnectionSchema = z.object({
  sourceId: z.string().min(1),
  endpointId: connectionFields.endpointId,
  name: connectionFields.name.default(""),
  enabled: connectionFields.enabled.default(true),
  filter: connectionFields.filter.default(null),
  transform: connectionFields.transform.default(null),
  transformation: connectionFields.transformation.default(null),
  transformationEnabled: connectionFields.transformationEnabled.default(false),
});

export const updateConnectionSchema = z.object({
  id: idSchema("con"),
  endpointId: connectionFields.endpointId.optional(),
  name: connectionFields.name.optional(),
  enabled: connectionFields.enabled.optional(),
  filter: connectionFields.filter.optional(),
  transform: connectionFields.transform.optional(),
  transformation: connectionFields.transformation.optional(),
  transformationEnabled: connectionFields.transformationEnabled.optional(),
});

type ConnectionRow = typeof connections.$inferSelect;


const auditBase = (ctx: RequestContext) => ({ workspaceId: ctx.workspaceId, actor: ctx.actor, request: ctx.request });
const auditable = (row: ConnectionRow) => {
  const { createdAt: _c, updatedAt: _u, ...rest } = connectionOut.parse(row);
  return rest;
};

// Each returns the id typed: an id with another prefix names no record of this kind (not_found, as an unknown one).
async function requireSource(tx: Tx, ctx: RequestContext, sourceId: string): Promise<Id<"src">> {
  if (!isId("src", sourceId)) throw notFound("The source");
  const [row] = await tx.select({ id: sources.id }).from(sources).where(and(eq(sources.id, sourceId), eq(sources.workspaceId, ctx.workspaceId)));
  if (!row) throw notFound("The source");
  return sourceId;
}

async function requireEndpoint(tx: Tx, ctx: RequestContext, endpointId: string): Promise<Id<"ep">> {
  if (!isId("ep", endpointId)) throw notFound("The endpoint");
  const [row] = await tx.select({ id: endpoints.id }).from(endpoints).where(and(eq(endpoints.id, endpointId), eq(endpoints.workspaceId, ctx.workspaceId)));
  if (!row) throw notFound("The endpoint");
  return endpointId;
}

async function findConnection(tx: Tx, ctx: RequestContext, id: Id<"con">): Promise<ConnectionRow> {
  const [row] = await tx.select().from(connections).where(and(eq(connections.id, id), eq(connections.workspaceId, ctx.workspaceId)));
  if (!row) throw notFound("The connection");
  return row;
}

export async function createConnection(input: z.input<typeof createConnectionSchema>, ctx: RequestContext, tx: Tx = db()): Promise<ConnectionView> {
  const data = createConnectionSchema.parse(input);
  await assertTransformationCompiles(data.transformation, "transformation");
  const row = await tx.transaction(async (t) => {
    const sourceId = await requireSource(t, ctx, data.sourceId);
    const endpointId = await requireEndpoint(t, ctx, data.endpointId);
    const [row] = await t.insert(connections).values({ ...data, sourceId, endpointId, workspaceId: ctx.workspaceId }).returning();
    await recordAudit(t, { ...auditBase(ctx), action: "connection.create", target: { type: "connection", id: row.id }, after: auditable(row) });
    return row;
  });
  forgetAllSources();
  return connectionOut.parse(row);
}

export async function listConnections(input: { sourceId: string }, ctx: RequestContext, tx: Tx = db()): Promise<ConnectionView[]> {
  const sourceId = await requireSource(tx, ctx, input.sourceId);
  const rows = await tx
    .select()
    .from(connections)
    .where(and(eq(connections.sourceId, sourceId), eq(connections.workspaceId, ctx.workspaceId)))
    .orderBy(asc(connections.createdAt), asc(connections.id));
  return rows.map((row) => connectionOut.parse(row));
}

export async function getConnection(input: { id: Id<"con"> }, ctx: RequestContext, tx: Tx = db()): Promise<ConnectionView> {
  return connectionOut.parse(await findConnection(tx, ctx, input.id));
}

export async function updateConnection(input: z.input<typeof updateConnectionSchema>, ctx: RequestContext, tx: Tx = db()): Promise<ConnectionView> {
  const { id, ...changes } = updateConnectionSchema.parse(input);
  await assertTransformationCompiles(changes.transformation, "transformation");
  const after = await tx.transaction(async (t) => {
    const before = await findConnection(t, ctx, id);
    const endpointId = changes.endpointId ? await requireEndpoint(t, ctx, changes.endpointId) : undefined;
    const [after] = await t
      .update(connections)
      .set({ ...changes, endpointId, updatedAt: new Date() })
      .where(and(eq(connections.id, id), eq(connections.workspaceId, ctx.workspaceId)))
      .returning();
    await recordAudit(t, { ...auditBase(ctx), action: "connection.update", target: { type: "connection", id }, before: auditable(before), after: auditable(after) });
    return after;
  });
  forgetAllSources();
  return connectionOut.parse(after);
}

export async function deleteConnection(input: { id: Id<"con"> }, ctx: RequestContext, tx: Tx = db()): Promise<void> {
  await tx.transaction(async (t) => {
    const row = await findConnection(t, ctx, input.id);
    await t.delete(connections).where(and(eq(connections.id, row.id), eq(connections.workspaceId, ctx.workspaceId)));
    await recordAudit(t, { ...auditBase(ctx), action: "connection.delete", target: { type: "connection", id: row.id }, before: auditable(row) });
  });
  forgetAllSources();
}
