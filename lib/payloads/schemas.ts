import { z } from "zod";
import { listResponse, timestamp } from "@/lib/api/v1-schemas";
import { idSchema } from "@/lib/platform/id-types";
import { TEMPLATE_TARGETS } from "@/lib/payloads/targets";

/**
 * Payload templates as the API and the dashboard see them, and what their operations accept: the one source of their
 * shapes (zod only, so client components import the types from here).
 */

/** Template source, at most what the renderer parses (liquid.ts PARSE_LIMIT). */
export const templateSourceSchema = z.string().max(100_000, "Keep a template under 100,000 characters");

/** An endpoint's template variables (`vars.*` in the template): short strings under simple names. */
export const templateVarsSchema = z
  .record(z.string().regex(/^[a-zA-Z_][a-zA-Z0-9_]{0,63}$/, "Use a name of letters, digits and _, not starting with a digit"), z.string().max(2000))
  .refine((vars) => Object.keys(vars).length <= 50, { message: "Use at most 50 template variables" });

export const createTemplateSchema = z.object({
  name: z.string().trim().min(1).max(100),
  target: z.enum(TEMPLATE_TARGETS).optional(),
  description: z.string().trim().max(500).default(""),
  /** The draft's source; without it, the built-in's (when `builtIn` is given) or an empty JSON object. */
  source: templateSourceSchema.optional(),
  /** Start from a built-in template (its slug, such as `slack-block-kit`): its source, target and description. */
  builtIn: z.string().optional(),
});

export const updateTemplateSchema = z.object({
  id: idSchema("tpl"),
  name: z.string().trim().min(1).max(100).optional(),
  description: z.string().trim().max(500).optional(),
  /** The draft; published versions never change. */
  source: templateSourceSchema.optional(),
});

export const publishTemplateSchema = z.object({
  id: idSchema("tpl"),
  changelog: z.string().trim().max(2000).default(""),
});

export const rollbackTemplateSchema = z.object({
  id: idSchema("tpl"),
  /** The earlier version whose source becomes the new latest version. */
  version: z.number().int().min(1),
  changelog: z.string().trim().max(2000).optional(),
});

export const previewTemplateSchema = z.object({
  id: idSchema("tpl"),
  /** What to render: this source, or this published version; neither renders the draft. */
  source: templateSourceSchema.optional(),
  version: z.number().int().min(1).optional(),
  /** The event type (name) the event is of; its sample payload is the data unless `payload` is given. */
  eventType: z.string().max(128).optional(),
  /** Which version's sample; the latest by default. */
  eventTypeVersion: z.number().int().min(1).optional(),
  /** The event's data; without it, the event type's sample. */
  payload: z.unknown().optional(),
  vars: templateVarsSchema.default({}),
});

export const template = z
  .object({
    id: idSchema("tpl"),
    name: z.string(),
    target: z.enum(TEMPLATE_TARGETS),
    description: z.string(),
    draftSource: z.string(),
    latestVersion: z.number().int().describe("The highest published version; 0 before the first publish."),
    createdAt: timestamp,
    updatedAt: timestamp,
  })
  .openapi("Template");
export const templateList = listResponse(template, "TemplateList");

export const templateVersion = z
  .object({
    templateId: idSchema("tpl"),
    number: z.number().int(),
    source: z.string(),
    changelog: z.string(),
    publishedBy: z.string().describe("The actor that published it, as the audit log names it."),
    publishedAt: timestamp,
  })
  .openapi("TemplateVersion");
export const templateVersionList = z.object({ data: z.array(templateVersion) }).openapi("TemplateVersionList");

const templateErrorOut = z
  .object({ message: z.string(), line: z.number().int().nullable(), column: z.number().int().nullable() })
  .openapi("TemplateError");

export const templatePreview = z
  .discriminatedUnion("ok", [
    z.object({
      ok: z.literal(true),
      output: z.string(),
      contentType: z.string(),
      validation: z.object({
        ok: z.boolean(),
        issues: z.array(z.object({ path: z.string(), message: z.string(), line: z.number().int().optional(), column: z.number().int().optional() })),
      }),
    }),
    z.object({ ok: z.literal(false), error: templateErrorOut }),
  ])
  .openapi("TemplatePreview");


export type TemplateView = z.infer<typeof template>;
export type TemplateVersionView = z.infer<typeof templateVersion>;
export type TemplatePreview = z.infer<typeof templatePreview>;
