import { isDeepStrictEqual } from "node:util";
import { parse as parseYaml } from "yaml";
import { z } from "zod";
import { db } from "@/db";
import { AppError, type RequestContext } from "@/lib/api";
import { addEventTypeVersion, createEventType, deleteEventType, type EventTypeWithVersions, getEventType, importOpenApi, listEventTypes, updateEventType } from "@/lib/outbound";
import { invalidField, unsupportedField } from "./errors";
import { svixList, svixPage } from "./pagination";
import { svixEventType, type SvixResult } from "./shapes";

/** Svix's event-type calls, over lib/outbound's catalog and OpenAPI import. */

const eventTypeFields = {
  description: z.string(),
  archived: z.boolean().optional(),
  deprecated: z.boolean().optional(),
  schemas: z.record(z.string(), z.record(z.string(), z.unknown())).nullish(),
  groupName: z.string().nullish(),
  featureFlags: z.array(z.string()).nullish(),
};
const eventTypeIn = z.object({ name: z.string(), ...eventTypeFields });
const eventTypePatch = z.object(eventTypeFields).partial();

/** The schema of Svix's `schemas` (one per version number) that our next version takes: the highest-numbered. */
function latestSchema(schemas: Record<string, Record<string, unknown>> | null | undefined) {
  const versions = Object.keys(schemas ?? {}).sort((a, b) => Number(a) - Number(b));
  return versions.length ? schemas![versions.at(-1)!] : undefined;
}

/** A changed schema is a new version of ours (versions are immutable); an unchanged one changes nothing. */
async function applySchema(type: EventTypeWithVersions, schemas: Record<string, Record<string, unknown>> | null | undefined, ctx: RequestContext) {
  const schema = latestSchema(schemas);
  if (schema === undefined || isDeepStrictEqual(type.versions.at(-1)?.schema ?? null, schema)) return;
  await addEventTypeVersion({ eventTypeId: type.id, schema }, ctx);
}

const found = (error: unknown) => !(error instanceof AppError && error.code === "not_found");

export async function listSvixEventTypes(query: URLSearchParams, ctx: RequestContext): Promise<SvixResult> {
  const { limit, cursor } = svixPage(query);
  const rows = await listEventTypes({ includeArchived: query.get("include_archived") === "true", afterName: cursor, limit: limit + 1 }, ctx);
  const page = rows.slice(0, limit);
  // Names are unique, so the last one is the cursor (as our own /event-types list pages).
  const next = rows.length > limit ? page[page.length - 1].name : null;
  const withContent = query.get("with_content") === "true";
  const data = withContent ? await Promise.all(page.map((t) => getEventType({ idOrName: t.id }, ctx))) : page;
  return { status: 200, body: svixList(data.map((t) => svixEventType(t, withContent)), next) };
}

/** create, which also unarchives an archived type of that name (as Svix's does); an active one is a 409. */
export async function createSvixEventType(body: unknown, ctx: RequestContext): Promise<SvixResult> {
  const input = eventTypeIn.parse(body);
  if (input.featureFlags?.length) throw unsupportedField("featureFlags", "Feature flags");
  const existing = await getEventType({ idOrName: input.name }, ctx).catch((error: unknown) => {
    if (found(error)) throw error;
    return null;
  });
  if (existing?.archived) {
    await updateEventType({ id: existing.id, archived: false, description: input.description, featureGroup: input.groupName ?? null }, ctx);
    await applySchema(existing, input.schemas, ctx);
    return { status: 201, body: svixEventType(await getEventType({ idOrName: existing.id }, ctx)) };
  }
  const created = await createEventType({ name: input.name, description: input.description, featureGroup: input.groupName ?? null, schema: latestSchema(input.schemas) ?? null }, ctx);
  if (input.deprecated || input.archived) await updateEventType({ id: created.id, deprecated: input.deprecated, archived: input.archived }, ctx);
  return { status: 201, body: svixEventType(await getEventType({ idOrName: created.id }, ctx)) };
}

export async function getSvixEventType(name: string, ctx: RequestContext): Promise<SvixResult> {
  return { status: 200, body: svixEventType(await getEventType({ idOrName: name }, ctx)) };
}

/** patch, and upsert (`whole`: the type of that name is created when missing, 201). */
export async function updateSvixEventType(name: string, body: unknown, ctx: RequestContext, whole: boolean): Promise<SvixResult> {
  const input = (whole ? eventTypePatch.required({ description: true }) : eventTypePatch).parse(body);
  if (input.featureFlags?.length) throw unsupportedField("featureFlags", "Feature flags");
  const existing = await getEventType({ idOrName: name }, ctx).catch((error: unknown) => {
    if (found(error) || !whole) throw error;
    return null;
  });
  if (!existing) return createSvixEventType({ ...input, name }, ctx);
  await updateEventType({ id: existing.id, description: input.description, featureGroup: input.groupName, deprecated: input.deprecated, archived: input.archived }, ctx);
  await applySchema(existing, input.schemas, ctx);
  return { status: 200, body: svixEventType(await getEventType({ idOrName: existing.id }, ctx)) };
}

/** delete archives the type (its messages and filters stay); `expunge=true` deletes it. */
export async function deleteSvixEventType(name: string, query: URLSearchParams, ctx: RequestContext): Promise<SvixResult> {
  const type = await getEventType({ idOrName: name }, ctx);
  if (query.get("expunge") === "true") await deleteEventType({ id: type.id }, ctx);
  else await updateEventType({ id: type.id, archived: true }, ctx);
  return { status: 204, body: null };
}

const importIn = z.object({ spec: z.record(z.string(), z.unknown()).nullish(), specRaw: z.string().nullish(), dryRun: z.boolean().optional(), replaceAll: z.boolean().optional() });

/** Thrown to roll a dry run's transaction back once its result is known. */
class DryRun extends Error {
  constructor(public readonly result: Awaited<ReturnType<typeof importOpenApi>>) {
    super("dry run");
  }
}

/**
 * importOpenapi through our OpenAPI import: `spec`, or `specRaw` as JSON or YAML. A 3.0 document's `x-webhooks` (how
 * Svix's export and older generators write them) is read as 3.1's `webhooks`. A dry run imports inside a transaction
 * that is rolled back, so what it reports is exactly what an import would do.
 */
export async function importSvixOpenApi(body: unknown, ctx: RequestContext): Promise<SvixResult> {
  const input = importIn.parse(body ?? {});
  if (input.replaceAll) throw unsupportedField("replaceAll", "Replacing the whole catalog");
  let spec = input.spec ?? undefined;
  if (!spec && input.specRaw) {
    try {
      spec = parseYaml(input.specRaw) as Record<string, unknown>; // YAML is a superset of JSON
    } catch {
      throw invalidField("specRaw", "It is neither JSON nor YAML.");
    }
  }
  if (!spec || typeof spec !== "object") throw invalidField("spec", "Give the OpenAPI document as spec or specRaw.");
  const document = spec.webhooks === undefined && spec["x-webhooks"] !== undefined ? { ...spec, openapi: "3.1.0", webhooks: spec["x-webhooks"] } : spec;
  let result: Awaited<ReturnType<typeof importOpenApi>>;
  if (input.dryRun) {
    result = await db()
      .transaction(async (t) => {
        throw new DryRun(await importOpenApi({ document }, ctx, t));
      })
      .catch((error: unknown) => {
        if (error instanceof DryRun) return error.result;
        throw error;
      });
  } else {
    result = await importOpenApi({ document }, ctx);
  }
  return { status: 200, body: { data: { modified: [...result.created, ...result.versioned], toModify: null } } };
}
