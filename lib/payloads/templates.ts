import { and, count, desc, eq, ne } from "drizzle-orm";
import { z } from "zod";
import { db, type Tx } from "@/db";
import { endpoints, eventTypes, eventTypeVersions, templates, templateVersions } from "@/db/schema";
import { AppError, newestFirst, notFound, olderThan, pageQuerySchema, type RequestContext, toPage } from "@/lib/api";
import { recordAudit } from "@/lib/audit";
import { isId, notifiedCache } from "@/lib/platform";
import { checkTemplateSyntax, renderTemplate } from "@/lib/payloads/liquid";
import { builtInTemplate } from "@/lib/payloads/library";
import {
  createTemplateSchema,
  previewTemplateSchema,
  publishTemplateSchema,
  rollbackTemplateSchema,
  template as templateOut,
  type TemplatePreview,
  templateVersion as templateVersionOut,
  type TemplateVersionView,
  type TemplateView,
  updateTemplateSchema,
} from "@/lib/payloads/schemas";
import { TARGET_CONTENT_TYPES, type TemplateTarget } from "@/lib/payloads/targets";
import { validateOutput } from "@/lib/payloads/validate";

/**
 * A workspace's payload templates: a draft, edited freely, and immutable published versions. Publishing turns the
 * draft into the next version. Rolling back to version N publishes N's source again as a new version (changelog
 * "Rolled back to version N"), so the history only grows, endpoints that follow the latest get N's rendering at once,
 * and an endpoint pinned to any version keeps it. The draft is left alone by a rollback, so unpublished edits are
 * never lost; the editor shows that it differs from the latest version. Every change is audited.
 */

type TemplateRow = typeof templates.$inferSelect;

const auditBase = (ctx: RequestContext) => ({ workspaceId: ctx.workspaceId, actor: ctx.actor, request: ctx.request });
const toView = (row: TemplateRow): TemplateView => templateOut.parse(row);
const EMPTY_JSON_TEMPLATE = `{\n  "type": {{ event.type | json }},\n  "data": {{ event.data | json }}\n}\n`;

/** What a delivery renders: the template's source at the version the endpoint gets, with its target's content type. */
export interface ResolvedTemplate {
  templateId: string;
  version: number;
  target: TemplateTarget;
  contentType: string;
  source: string;
}

// Keys: a template id for its latest version (publish and rollback invalidate it everywhere on commit), `id@n` for a
// pinned version (immutable, so never invalidated; it leaves with the cache's size bound or its TTL).
const resolved = notifiedCache<ResolvedTemplate>({ channel: "template_published", ttlMs: 10_000, maxEntries: 5_000 });

async function findTemplate(tx: Tx, ctx: RequestContext, id: string, lock = false): Promise<TemplateRow> {
  const query = tx.select().from(templates).where(and(eq(templates.id, id), eq(templates.workspaceId, ctx.workspaceId)));
  const [row] = lock ? await query.for("update") : await query;
  if (!row) throw notFound("The template");
  return row;
}

async function assertNameFree(tx: Tx, ctx: RequestContext, name: string, exceptId?: string) {
  const [taken] = await tx
    .select({ id: templates.id })
    .from(templates)
    .where(and(eq(templates.workspaceId, ctx.workspaceId), eq(templates.name, name), exceptId ? ne(templates.id, exceptId) : undefined));
  if (taken) throw new AppError("conflict", `A template named ${name} already exists.`);
}

const fieldError = (path: string, message: string, input?: unknown) => new z.ZodRealError([{ code: "custom", path: [path], message, input }]);

export async function createTemplate(input: z.input<typeof createTemplateSchema>, ctx: RequestContext, tx: Tx = db()): Promise<TemplateView> {
  const data = createTemplateSchema.parse(input);
  const base = data.builtIn === undefined ? undefined : builtInTemplate(data.builtIn);
  if (data.builtIn !== undefined && !base) throw fieldError("builtIn", "No built-in template has this id", data.builtIn);
  return tx.transaction(async (t) => {
    await assertNameFree(t, ctx, data.name);
    const [row] = await t
      .insert(templates)
      .values({
        workspaceId: ctx.workspaceId,
        name: data.name,
        target: data.target ?? base?.target ?? "json",
        description: data.description || (base?.description ?? ""),
        draftSource: data.source ?? base?.source ?? EMPTY_JSON_TEMPLATE,
      })
      // A concurrent create of the same name lost the race above: no row, the same conflict.
      .onConflictDoNothing({ target: [templates.workspaceId, templates.name] })
      .returning();
    if (!row) throw new AppError("conflict", `A template named ${data.name} already exists.`);
    await recordAudit(t, { ...auditBase(ctx), action: "template.create", target: { type: "template", id: row.id }, after: { ...toView(row), builtIn: base?.id ?? null } });
    return toView(row);
  });
}

export async function getTemplate(input: { id: string }, ctx: RequestContext, tx: Tx = db()): Promise<TemplateView> {
  return toView(await findTemplate(tx, ctx, input.id));
}

export const listTemplatesSchema = pageQuerySchema;

/** The workspace's templates, newest first, keyset-paged over templates_workspace_created. */
export async function listTemplates(input: z.input<typeof listTemplatesSchema>, ctx: RequestContext, tx: Tx = db()) {
  const { cursor, limit } = listTemplatesSchema.parse(input);
  const rows = await tx
    .select()
    .from(templates)
    .where(and(eq(templates.workspaceId, ctx.workspaceId), olderThan(cursor, templates.createdAt, templates.id)))
    .orderBy(...newestFirst(templates.createdAt, templates.id))
    .limit(limit + 1);
  const page = toPage(rows, limit);
  return { data: page.data.map(toView), nextCursor: page.nextCursor };
}

/** Changes the name, description or draft. A draft may be saved while it does not parse: publishing checks it. */
export async function updateTemplate(input: z.input<typeof updateTemplateSchema>, ctx: RequestContext, tx: Tx = db()): Promise<TemplateView> {
  const { id, source, ...changes } = updateTemplateSchema.parse(input);
  return tx.transaction(async (t) => {
    const before = await findTemplate(t, ctx, id, true);
    if (changes.name !== undefined && changes.name !== before.name) await assertNameFree(t, ctx, changes.name, id);
    const [after] = await t
      .update(templates)
      .set({ ...changes, ...(source !== undefined ? { draftSource: source } : {}), updatedAt: new Date() })
      .where(eq(templates.id, id))
      .returning();
    await recordAudit(t, { ...auditBase(ctx), action: "template.update", target: { type: "template", id }, before: toView(before), after: toView(after) });
    return toView(after);
  });
}

/** Deletes a template with its versions; refused (conflict) while an endpoint uses it, which the foreign key backs. */
export async function deleteTemplate(input: { id: string }, ctx: RequestContext, tx: Tx = db()): Promise<void> {
  await tx.transaction(async (t) => {
    const before = await findTemplate(t, ctx, input.id, true);
    const [{ n }] = await t.select({ n: count() }).from(endpoints).where(eq(endpoints.templateId, input.id));
    if (n > 0) throw new AppError("conflict", `${n} endpoint${n === 1 ? " uses" : "s use"} this template: pick another template for ${n === 1 ? "it" : "them"} first.`);
    await t.delete(templates).where(eq(templates.id, input.id));
    await recordAudit(t, { ...auditBase(ctx), action: "template.delete", target: { type: "template", id: input.id }, before: toView(before) });
    await resolved.invalidate(t, input.id);
  });
}

/** Adds the next version with this source, under the template's row lock (taken by the caller), and tells the caches. */
async function addVersion(t: Tx, ctx: RequestContext, row: TemplateRow, source: string, changelog: string): Promise<TemplateVersionView> {
  const number = row.latestVersion + 1;
  const [version] = await t
    .insert(templateVersions)
    .values({ templateId: row.id, number, source, changelog, publishedBy: ctx.actor.label, publishedById: ctx.actor.id })
    .returning();
  await t.update(templates).set({ latestVersion: number, updatedAt: new Date() }).where(eq(templates.id, row.id));
  await resolved.invalidate(t, row.id);
  return templateVersionOut.parse(version);
}

/** Publishes the draft as the next version. The draft must parse, and differ from the latest version. */
export async function publishTemplate(input: z.input<typeof publishTemplateSchema>, ctx: RequestContext, tx: Tx = db()): Promise<TemplateVersionView> {
  const { id, changelog } = publishTemplateSchema.parse(input);
  return tx.transaction(async (t) => {
    const row = await findTemplate(t, ctx, id, true);
    const syntax = checkTemplateSyntax(row.draftSource);
    if (syntax) throw fieldError("source", `The draft does not parse${syntax.line ? ` (line ${syntax.line}, column ${syntax.column})` : ""}: ${syntax.message}`);
    const latest = row.latestVersion ? await findVersion(t, row.id, row.latestVersion) : undefined;
    if (latest?.source === row.draftSource) throw new AppError("conflict", `The draft is the same as version ${row.latestVersion}: change it before publishing.`);
    const version = await addVersion(t, ctx, row, row.draftSource, changelog);
    await recordAudit(t, { ...auditBase(ctx), action: "template.publish", target: { type: "template", id }, after: { version: version.number, changelog, source: version.source } });
    return version;
  });
}

/** Publishes an earlier version's source again as the new latest version (see the top of this file). */
export async function rollbackTemplate(input: z.input<typeof rollbackTemplateSchema>, ctx: RequestContext, tx: Tx = db()): Promise<TemplateVersionView> {
  const { id, version: target, changelog } = rollbackTemplateSchema.parse(input);
  return tx.transaction(async (t) => {
    const row = await findTemplate(t, ctx, id, true);
    if (target >= row.latestVersion) {
      throw fieldError("version", row.latestVersion ? `Roll back to a version before the latest (${row.latestVersion})` : "The template has no published version yet", target);
    }
    const earlier = await findVersion(t, id, target);
    const version = await addVersion(t, ctx, row, earlier.source, changelog || `Rolled back to version ${target}`);
    await recordAudit(t, {
      ...auditBase(ctx),
      action: "template.rollback",
      target: { type: "template", id },
      before: { version: row.latestVersion },
      after: { version: version.number, rolledBackTo: target, changelog: version.changelog },
    });
    return version;
  });
}

async function findVersion(tx: Tx, templateId: string, number: number) {
  const [row] = await tx.select().from(templateVersions).where(and(eq(templateVersions.templateId, templateId), eq(templateVersions.number, number)));
  if (!row) throw notFound(`Version ${number} of the template`);
  return row;
}

/** A template's published versions, newest first (over the primary key). */
export async function listTemplateVersions(input: { id: string }, ctx: RequestContext, tx: Tx = db()): Promise<TemplateVersionView[]> {
  await findTemplate(tx, ctx, input.id);
  const rows = await tx.select().from(templateVersions).where(eq(templateVersions.templateId, input.id)).orderBy(desc(templateVersions.number));
  return rows.map((r) => templateVersionOut.parse(r));
}

/** The data to preview with: the payload given, else the event type's sample (of the given version or its latest). */
async function previewData(tx: Tx, ctx: RequestContext, input: z.output<typeof previewTemplateSchema>): Promise<unknown> {
  if (input.payload !== undefined) return input.payload;
  if (input.eventType === undefined) return {};
  const [row] = await tx
    .select({ version: eventTypeVersions.version, sample: eventTypeVersions.samplePayload })
    .from(eventTypeVersions)
    .innerJoin(eventTypes, eq(eventTypes.id, eventTypeVersions.eventTypeId))
    .where(
      and(
        eq(eventTypes.workspaceId, ctx.workspaceId),
        eq(eventTypes.name, input.eventType),
        input.eventTypeVersion ? eq(eventTypeVersions.version, input.eventTypeVersion) : undefined,
      ),
    )
    .orderBy(desc(eventTypeVersions.version))
    .limit(1);
  if (!row) throw notFound(input.eventTypeVersion ? `Version ${input.eventTypeVersion} of the event type ${input.eventType}` : `The event type ${input.eventType}`);
  if (row.sample === null || row.sample === undefined) throw fieldError("payload", `Version ${row.version} of ${input.eventType} has no sample payload: give a payload`);
  return row.sample;
}

/**
 * Renders the draft, a given source or a published version against an event (a given payload or an event type's
 * sample) and checks the output for the template's target. A template's faults are the answer, not an error.
 */
export async function previewTemplate(input: z.input<typeof previewTemplateSchema>, ctx: RequestContext, tx: Tx = db()): Promise<TemplatePreview> {
  const data = previewTemplateSchema.parse(input);
  const row = await findTemplate(tx, ctx, data.id);
  const source = data.source ?? (data.version !== undefined ? (await findVersion(tx, row.id, data.version)).source : row.draftSource);
  const event = { id: "msg_preview", type: data.eventType ?? "example.event", timestamp: new Date().toISOString(), data: await previewData(tx, ctx, data) };
  const target = row.target as TemplateTarget;
  const rendered = renderTemplate(source, { event, vars: data.vars });
  if (!rendered.ok) return { ok: false, error: rendered.error };
  const validation = validateOutput(target, rendered.output);
  return { ok: true, output: rendered.output, contentType: TARGET_CONTENT_TYPES[target], validation: validation.ok ? { ok: true, issues: [] } : validation };
}

/**
 * Checks an endpoint's template choice when it is saved (createEndpoint, updateEndpoint): the template is the
 * workspace's and has been published, and a pinned version exists. Errors are the fields' validation errors.
 */
export async function checkEndpointTemplate(choice: { templateId: string | null; templateVersion: number | null }, ctx: RequestContext, tx: Tx = db()): Promise<void> {
  if (choice.templateId === null) {
    if (choice.templateVersion !== null) throw fieldError("templateVersion", "Pick a template before pinning a version", choice.templateVersion);
    return;
  }
  const [row] = isId("tpl", choice.templateId)
    ? await tx.select().from(templates).where(and(eq(templates.id, choice.templateId), eq(templates.workspaceId, ctx.workspaceId)))
    : [];
  if (!row) throw fieldError("templateId", "No template in this workspace has this id", choice.templateId);
  if (row.latestVersion === 0) throw fieldError("templateId", `Publish ${row.name} before an endpoint uses it`, choice.templateId);
  if (choice.templateVersion !== null && choice.templateVersion > row.latestVersion) {
    throw fieldError("templateVersion", `${row.name} has versions 1 to ${row.latestVersion}`, choice.templateVersion);
  }
}

/**
 * The template a delivery to this endpoint renders, or null when it has none. Contract for the delivery pipeline
 * (lib/payloads/pipeline.ts): call it when the endpoint's payload format is a template, then
 * renderTemplate(resolved.source, { event, vars: endpoint.templateVars }) and send the output with
 * resolved.contentType. Cached per process (a pinned version forever, the latest until a publish or rollback
 * commits anywhere), so the hot path reads the database once per template. Throws only when the template has no
 * published version, which checkEndpointTemplate keeps from happening.
 */
export async function resolveEndpointTemplate(endpoint: { templateId: string | null; templateVersion: number | null }, tx: Tx = db()): Promise<ResolvedTemplate | null> {
  const { templateId, templateVersion } = endpoint;
  if (!templateId) return null;
  const key = templateVersion === null ? templateId : `${templateId}@${templateVersion}`;
  const hit = resolved.get(key);
  if (hit) return hit;
  const [row] = await tx
    .select({ target: templates.target, latest: templates.latestVersion, number: templateVersions.number, source: templateVersions.source })
    .from(templates)
    .innerJoin(templateVersions, and(eq(templateVersions.templateId, templates.id), eq(templateVersions.number, templateVersion ?? templates.latestVersion)))
    .where(eq(templates.id, templateId));
  if (!row) throw new Error(`Template ${templateId} has no published version${templateVersion === null ? "" : ` ${templateVersion}`}.`);
  const target = row.target as TemplateTarget;
  const value: ResolvedTemplate = { templateId, version: row.number, target, contentType: TARGET_CONTENT_TYPES[target], source: row.source };
  // Only a read outside any transaction is cached: one inside may see a publish that is later rolled back.
  if (tx === db()) resolved.set(key, value);
  return value;
}
