import { and, asc, desc, eq, gt, inArray, sql, type SQLWrapper } from "drizzle-orm";
import { z } from "zod";
import { db, type Tx } from "@/db";
import { eventTypes, eventTypeVersions } from "@/db/schema";
import { AppError, notFound, type RequestContext } from "@/lib/api";
import { recordAudit } from "@/lib/audit";
import { checkSchemaAndSample } from "@/lib/outbound/event-schemas";
import { eventType as eventTypeOut, eventTypeVersion, type EventTypeVersionView, type EventTypeView, type EventTypeWithVersions } from "@/lib/outbound/schemas";

/**
 * The event-type catalog: dotted names, descriptions, feature groups and immutable versions, each with a JSON Schema
 * that sendMessage validates payloads against.
 */

export const eventTypeNameSchema = z
  .string()
  .trim()
  .min(1)
  .max(128)
  .regex(/^[a-zA-Z0-9_-]+(\.[a-zA-Z0-9_-]+)*$/, "Use a dotted name such as invoice.paid (letters, digits, _ and -)");

const jsonSchemaInput = z.record(z.string(), z.unknown());

export const createEventTypeSchema = z.object({
  name: eventTypeNameSchema,
  description: z.string().trim().max(2000).default(""),
  featureGroup: z.string().trim().min(1).max(100).nullish(),
  /** The JSON Schema of version 1; omitted or null accepts any payload. */
  schema: jsonSchemaInput.nullish(),
  samplePayload: z.unknown().optional(),
});

export const updateEventTypeSchema = z.object({
  id: z.string().min(1),
  description: z.string().trim().max(2000).optional(),
  featureGroup: z.string().trim().min(1).max(100).nullable().optional(),
  deprecated: z.boolean().optional(),
  archived: z.boolean().optional(),
});

export const addEventTypeVersionSchema = z.object({
  eventTypeId: z.string().min(1),
  schema: jsonSchemaInput.nullable(),
  samplePayload: z.unknown().optional(),
  /**
   * A transformation turning this version's payload into the previous version's
   * (`function handler(webhook) { webhook.payload = ...; return webhook }`), so endpoints pinned to an older version
   * still get this type's messages, converted (lib/payloads/versions.ts).
   */
  converter: z.string().min(1).nullish(),
});

export const listEventTypesSchema = z.object({
  includeArchived: z.boolean().default(false),
  featureGroup: z.string().optional(),
  /** Keyset paging by name (unique per workspace), for the API; the dashboard reads the whole catalog. */
  afterName: z.string().optional(),
  limit: z.number().int().min(1).max(5_000).default(5_000),
});

const auditBase = (ctx: RequestContext) => ({ workspaceId: ctx.workspaceId, actor: ctx.actor, request: ctx.request });

type EventTypeRow = typeof eventTypes.$inferSelect;

/** An event type with its latest version number, which is its versions' and not a column of its own. */
const toView = (row: EventTypeRow, latestVersion: number): EventTypeView => eventTypeOut.parse({ ...row, latestVersion });

function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; cause?: { code?: string } };
  return (e?.code ?? e?.cause?.code) === "23505";
}

export async function createEventType(input: z.input<typeof createEventTypeSchema>, ctx: RequestContext, tx: Tx = db()) {
  forgetResolved(ctx.workspaceId);
  const data = createEventTypeSchema.parse(input);
  checkSchemaAndSample(data.schema, data.samplePayload);
  return tx.transaction(async (t) => {
    const [existing] = await t
      .select({ id: eventTypes.id })
      .from(eventTypes)
      .where(and(eq(eventTypes.workspaceId, ctx.workspaceId), eq(eventTypes.name, data.name)));
    if (existing) throw new AppError("conflict", `An event type named ${data.name} already exists.`);
    let row: EventTypeRow;
    try {
      [row] = await t
        .insert(eventTypes)
        .values({ workspaceId: ctx.workspaceId, name: data.name, description: data.description, featureGroup: data.featureGroup ?? null })
        .returning();
    } catch (error) {
      if (isUniqueViolation(error)) throw new AppError("conflict", `An event type named ${data.name} already exists.`);
      throw error;
    }
    const [version] = await t
      .insert(eventTypeVersions)
      .values({ workspaceId: ctx.workspaceId, eventTypeId: row.id, version: 1, schema: data.schema ?? null, samplePayload: data.samplePayload ?? null })
      .returning();
    const view: EventTypeWithVersions = { ...toView(row, 1), versions: [eventTypeVersion.parse(version)] };
    await recordAudit(t, { ...auditBase(ctx), action: "event_type.create", target: { type: "event_type", id: row.id }, after: { name: row.name, description: row.description, featureGroup: row.featureGroup } });
    return view;
  });
}

async function findEventTypeRow(tx: Tx, ctx: RequestContext, idOrName: string): Promise<EventTypeRow> {
  const column = idOrName.startsWith("evt_") ? eventTypes.id : eventTypes.name;
  const [row] = await tx.select().from(eventTypes).where(and(eq(eventTypes.workspaceId, ctx.workspaceId), eq(column, idOrName)));
  if (!row) throw notFound("The event type");
  return row;
}

/** One event type with all its versions, oldest first. Accepts the id or the name. */
export async function getEventType(input: { idOrName: string }, ctx: RequestContext, tx: Tx = db()): Promise<EventTypeWithVersions> {
  const row = await findEventTypeRow(tx, ctx, input.idOrName);
  const versions = await tx.select().from(eventTypeVersions).where(eq(eventTypeVersions.eventTypeId, row.id)).orderBy(asc(eventTypeVersions.version));
  return { ...toView(row, versions.at(-1)?.version ?? 1), versions: versions.map((v) => eventTypeVersion.parse(v)) };
}

/** The catalog, by feature group then name. Catalogs are small (hundreds at most), so this is not paginated. */
export async function listEventTypes(input: z.input<typeof listEventTypesSchema>, ctx: RequestContext, tx: Tx = db()): Promise<EventTypeView[]> {
  const { includeArchived, featureGroup, afterName, limit } = listEventTypesSchema.parse(input);
  const conditions = [eq(eventTypes.workspaceId, ctx.workspaceId)];
  if (!includeArchived) conditions.push(eq(eventTypes.archived, false));
  if (featureGroup) conditions.push(eq(eventTypes.featureGroup, featureGroup));
  if (afterName !== undefined) conditions.push(gt(eventTypes.name, afterName));
  // Paging needs one total order (by name); the whole catalog reads better grouped.
  const order = afterName !== undefined || limit < 5_000 ? [asc(eventTypes.name)] : [asc(eventTypes.featureGroup), asc(eventTypes.name)];
  const rows = await tx.select().from(eventTypes).where(and(...conditions)).orderBy(...order).limit(limit);
  if (rows.length === 0) return [];
  const latest = await tx
    .selectDistinctOn([eventTypeVersions.eventTypeId], { eventTypeId: eventTypeVersions.eventTypeId, version: eventTypeVersions.version })
    .from(eventTypeVersions)
    .where(inArray(eventTypeVersions.eventTypeId, rows.map((r) => r.id)))
    .orderBy(eventTypeVersions.eventTypeId, desc(eventTypeVersions.version));
  const latestById = new Map(latest.map((l) => [l.eventTypeId, l.version]));
  return rows.map((row) => toView(row, latestById.get(row.id) ?? 1));
}

export async function updateEventType(input: z.input<typeof updateEventTypeSchema>, ctx: RequestContext, tx: Tx = db()): Promise<EventTypeView> {
  forgetResolved(ctx.workspaceId);
  const { id, ...changes } = updateEventTypeSchema.parse(input);
  return tx.transaction(async (t) => {
    const before = await findEventTypeRow(t, ctx, id);
    const [after] = await t
      .update(eventTypes)
      .set({ ...changes, updatedAt: new Date() })
      .where(and(eq(eventTypes.id, before.id), eq(eventTypes.workspaceId, ctx.workspaceId)))
      .returning();
    const pick = (r: EventTypeRow) => ({ description: r.description, featureGroup: r.featureGroup, deprecated: r.deprecated, archived: r.archived });
    await recordAudit(t, { ...auditBase(ctx), action: "event_type.update", target: { type: "event_type", id: before.id }, before: pick(before), after: pick(after) });
    const [latest] = await t.select({ version: eventTypeVersions.version }).from(eventTypeVersions).where(eq(eventTypeVersions.eventTypeId, after.id)).orderBy(desc(eventTypeVersions.version)).limit(1);
    return toView(after, latest?.version ?? 1);
  });
}

/** Deletes a type and its versions. Messages keep the type's name; endpoint filters naming it simply stop matching. */
export async function deleteEventType(input: { id: string }, ctx: RequestContext, tx: Tx = db()): Promise<void> {
  forgetResolved(ctx.workspaceId);
  await tx.transaction(async (t) => {
    const row = await findEventTypeRow(t, ctx, input.id);
    await t.delete(eventTypes).where(and(eq(eventTypes.id, row.id), eq(eventTypes.workspaceId, ctx.workspaceId)));
    await recordAudit(t, { ...auditBase(ctx), action: "event_type.delete", target: { type: "event_type", id: row.id }, before: { name: row.name } });
  });
}

/** Adds the next version. Versions are immutable: a schema change is always a new version. */
export async function addEventTypeVersion(input: z.input<typeof addEventTypeVersionSchema>, ctx: RequestContext, tx: Tx = db()): Promise<EventTypeVersionView> {
  forgetResolved(ctx.workspaceId);
  const data = addEventTypeVersionSchema.parse(input);
  checkSchemaAndSample(data.schema, data.samplePayload);
  // Loaded here, not at the top: lib/payloads reaches back into this domain, and send.ts needs this module whole at load.
  const { assertTransformationCompiles } = await import("@/lib/payloads");
  await assertTransformationCompiles(data.converter, "converter");
  return tx.transaction(async (t) => {
    const row = await findEventTypeRow(t, ctx, data.eventTypeId);
    // Locking the type serialises concurrent additions, so two callers cannot both take the same number.
    await t.select({ id: eventTypes.id }).from(eventTypes).where(eq(eventTypes.id, row.id)).for("update");
    const [latest] = await t.select({ version: eventTypeVersions.version }).from(eventTypeVersions).where(eq(eventTypeVersions.eventTypeId, row.id)).orderBy(desc(eventTypeVersions.version)).limit(1);
    const [version] = await t
      .insert(eventTypeVersions)
      .values({ workspaceId: ctx.workspaceId, eventTypeId: row.id, version: (latest?.version ?? 0) + 1, schema: data.schema, samplePayload: data.samplePayload ?? null, converter: data.converter ?? null })
      .returning();
    await t.update(eventTypes).set({ updatedAt: new Date() }).where(eq(eventTypes.id, row.id));
    await recordAudit(t, { ...auditBase(ctx), action: "event_type.version_add", target: { type: "event_type", id: row.id }, after: { name: row.name, version: version.version } });
    return eventTypeVersion.parse(version);
  });
}

/**
 * The version a message of this type uses: the requested one, or the latest. Used by sendMessage; the type must
 * exist in the workspace and not be archived.
 */
// Sends look up their event type on every call; a short cache spares the hot path that query. Changes made through
// this module clear the workspace's entries at once; another instance's change shows within the TTL.
const RESOLVE_TTL_MS = 5_000;

const resolved = new Map<string, { at: number; value: { eventType: typeof eventTypes.$inferSelect; version: typeof eventTypeVersions.$inferSelect; latestVersion: number } }>();

/** The highest version number of a type, as a column (fan-out needs it to judge version pins). */
export const latestVersionOf = (eventTypeId: SQLWrapper) =>
  sql<number>`(select max(v.version) from event_type_versions v where v.event_type_id = ${eventTypeId})`.mapWith(Number);

function forgetResolved(workspaceId: string) {
  for (const key of resolved.keys()) if (key.startsWith(`${workspaceId}|`)) resolved.delete(key);
}

export async function resolveEventTypeVersion(name: string, version: number | undefined, ctx: RequestContext, tx: Tx = db()) {
  const cacheKey = `${ctx.workspaceId}|${name}|${version ?? "latest"}`;
  const hit = resolved.get(cacheKey);
  if (hit && Date.now() - hit.at < RESOLVE_TTL_MS) return hit.value;

  // One query: the type and the wanted version (or the latest), left-joined so a missing version is told apart.
  const [row] = await tx
    .select({ type: eventTypes, version: eventTypeVersions, latestVersion: latestVersionOf(eventTypes.id) })
    .from(eventTypes)
    .leftJoin(eventTypeVersions, and(eq(eventTypeVersions.eventTypeId, eventTypes.id), version !== undefined ? eq(eventTypeVersions.version, version) : undefined))
    .where(and(eq(eventTypes.workspaceId, ctx.workspaceId), eq(eventTypes.name, name)))
    .orderBy(desc(eventTypeVersions.version))
    .limit(1);
  if (!row) {
    throw new AppError("validation_failed", `The event type ${name} does not exist; create it first.`, {
      issues: [{ path: "eventType", message: "unknown event type" }],
    });
  }
  if (row.type.archived) {
    throw new AppError("validation_failed", `The event type ${name} is archived and accepts no new messages.`, {
      issues: [{ path: "eventType", message: "archived event type" }],
    });
  }
  if (!row.version) {
    throw new AppError("validation_failed", `The event type ${name} has no version ${version}.`, {
      issues: [{ path: "version", message: "unknown version" }],
    });
  }
  const value = { eventType: row.type, version: row.version, latestVersion: row.latestVersion };
  resolved.set(cacheKey, { at: Date.now(), value });
  return value;
}
