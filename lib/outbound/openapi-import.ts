import { isDeepStrictEqual } from "node:util";
import { and, desc, eq } from "drizzle-orm";
import { z } from "zod";
import { db, type Tx } from "@/db";
import { eventTypes, eventTypeVersions } from "@/db/schema";
import { AppError, type RequestContext } from "@/lib/api";
import { recordAudit } from "@/lib/audit";
import { addEventTypeVersion, createEventType, eventTypeNameSchema } from "@/lib/outbound/event-types";

/** Importing event types from the `webhooks` section of an OpenAPI 3.1 document. */

export const importOpenApiSchema = z.object({
  /** An OpenAPI 3.1 document, parsed from JSON (YAML is the caller's to parse). */
  document: z.record(z.string(), z.unknown()),
});

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => v !== null && typeof v === "object" && !Array.isArray(v);

const COMPONENT_REF = "#/components/schemas/";

/**
 * Makes a webhook's schema self-contained: every `#/components/schemas/X` it reaches (transitively) is copied into
 * `$defs` and the refs are rewritten to point there, so recursive schemas keep working.
 */
function selfContained(schema: Json, components: Json): Json {
  const needed = new Set<string>();
  const rewrite = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(rewrite);
    if (!isObject(node)) return node;
    const out: Json = {};
    for (const [key, value] of Object.entries(node)) {
      if (key === "$ref" && typeof value === "string" && value.startsWith(COMPONENT_REF)) {
        const name = value.slice(COMPONENT_REF.length);
        if (!needed.has(name)) {
          needed.add(name);
          if (!isObject(components[name])) throw new AppError("validation_failed", `The document refers to ${value}, which it does not define.`);
          defs[name] = rewrite(components[name]);
        }
        out.$ref = `#/$defs/${name}`;
      } else {
        out[key] = rewrite(value);
      }
    }
    return out;
  };
  const defs: Json = {};
  const root = rewrite(schema) as Json;
  if (Object.keys(defs).length) root.$defs = { ...(isObject(root.$defs) ? root.$defs : {}), ...defs };
  return root;
}

function sampleOf(media: Json, schema: Json): unknown {
  if (media.example !== undefined) return media.example;
  if (isObject(media.examples)) {
    const first = Object.values(media.examples)[0];
    if (isObject(first) && first.value !== undefined) return first.value;
  }
  return schema.example ?? (Array.isArray(schema.examples) ? schema.examples[0] : undefined);
}

/**
 * Imports the `webhooks` section of an OpenAPI 3.1 document: one event type per webhook, named by its key, with the
 * JSON request body's schema. An existing type gets a new version when its schema changed, and is left alone otherwise.
 */
export async function importOpenApi(input: z.input<typeof importOpenApiSchema>, ctx: RequestContext, tx: Tx = db()) {
  const { document } = importOpenApiSchema.parse(input);
  if (typeof document.openapi !== "string" || !document.openapi.startsWith("3.1")) {
    throw new AppError("validation_failed", "Only OpenAPI 3.1 documents have a webhooks section; this one is not 3.1.");
  }
  const webhooks = document.webhooks;
  if (!isObject(webhooks) || Object.keys(webhooks).length === 0) {
    throw new AppError("validation_failed", "The document has no webhooks.");
  }
  const components = isObject(document.components) && isObject(document.components.schemas) ? document.components.schemas : {};

  const result = { created: [] as string[], versioned: [] as string[], unchanged: [] as string[] };
  await tx.transaction(async (t) => {
    for (const [name, item] of Object.entries(webhooks)) {
      const parsedName = eventTypeNameSchema.safeParse(name);
      if (!parsedName.success) throw new AppError("validation_failed", `The webhook name ${JSON.stringify(name)} is not a valid event type name.`);
      const operation = isObject(item) ? (Object.values(item).find(isObject) as Json | undefined) : undefined;
      const content = operation && isObject(operation.requestBody) && isObject(operation.requestBody.content) ? operation.requestBody.content : {};
      const media = (content["application/json"] ?? Object.values(content)[0]) as Json | undefined;
      const schema = media && isObject(media.schema) ? selfContained(media.schema, components) : null;
      const sample = media && schema ? sampleOf(media, schema) : undefined;
      const description = String(operation?.description ?? operation?.summary ?? "").slice(0, 2000);
      const featureGroup = Array.isArray(operation?.tags) && typeof operation.tags[0] === "string" ? operation.tags[0] : null;

      const [existing] = await t.select().from(eventTypes).where(and(eq(eventTypes.workspaceId, ctx.workspaceId), eq(eventTypes.name, parsedName.data)));
      if (!existing) {
        await createEventType({ name: parsedName.data, description, featureGroup, schema, samplePayload: sample }, ctx, t);
        result.created.push(parsedName.data);
        continue;
      }
      const [latest] = await t.select().from(eventTypeVersions).where(eq(eventTypeVersions.eventTypeId, existing.id)).orderBy(desc(eventTypeVersions.version)).limit(1);
      if (latest && isDeepStrictEqual(latest.schema, schema)) {
        result.unchanged.push(parsedName.data);
      } else {
        await addEventTypeVersion({ eventTypeId: existing.id, schema, samplePayload: sample }, ctx, t);
        result.versioned.push(parsedName.data);
      }
    }
    await recordAudit(t, { workspaceId: ctx.workspaceId, actor: ctx.actor, request: ctx.request, action: "event_type.import", target: { type: "event_type", id: null }, after: result });
  });
  return result;
}
