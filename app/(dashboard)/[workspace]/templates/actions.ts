"use server";

import { z } from "zod";
import { workspaceAction } from "@/lib/api/actions";
import { idOrNotFound } from "@/lib/api/errors";
import { jsonText } from "@/lib/api/form-fields";
import { TEMPLATE_TARGETS } from "@/lib/payloads/targets";
import { templateVarsSchema } from "@/lib/payloads/schemas";
import { createTemplate, deleteTemplate, previewTemplate, publishTemplate, rollbackTemplate, updateTemplate } from "@/lib/payloads/templates";

const workspace = z.string().min(1);
const templateId = z.string().min(1).transform((id) => idOrNotFound("tpl", id, "The template"));

export const createTemplateAction = workspaceAction({
  permission: "templates:write",
  schema: z.object({
    workspace,
    name: z.string().trim().min(1, "Name the template").max(100, "Keep the name under 100 characters"),
    target: z.enum(TEMPLATE_TARGETS).optional(),
    builtIn: z.string().optional().transform((v) => v || undefined),
  }),
  run: async ({ name, target, builtIn }, ctx, tx) => (await createTemplate({ name, target, builtIn }, ctx, tx)).id,
  redirectTo: (id, input) => `/${input.workspace}/templates/${id}`,
});

export const saveDraftAction = workspaceAction({
  permission: "templates:write",
  schema: z.object({ id: templateId, source: z.string(), name: z.string().trim().min(1, "Name the template").max(100).optional(), description: z.string().trim().max(500).optional() }),
  run: async (input, ctx, tx) => (await updateTemplate(input, ctx, tx)).updatedAt.toISOString(),
  message: "Draft saved",
});

/** Saves the draft as shown in the editor, then publishes it, in one transaction. */
export const publishAction = workspaceAction({
  permission: "templates:write",
  schema: z.object({ id: templateId, source: z.string(), changelog: z.string().trim().max(2000, "Keep the changelog under 2000 characters").default("") }),
  run: async ({ id, source, changelog }, ctx, tx) => {
    await updateTemplate({ id, source }, ctx, tx);
    return (await publishTemplate({ id, changelog }, ctx, tx)).number;
  },
  message: (number) => `Published version ${number}`,
});

export const rollbackAction = workspaceAction({
  permission: "templates:write",
  schema: z.object({ id: templateId, version: z.coerce.number().int().min(1) }),
  run: async (input, ctx, tx) => (await rollbackTemplate(input, ctx, tx)).number,
  message: (number) => `Rolled back: version ${number} is the latest`,
});

export const deleteTemplateAction = workspaceAction({
  permission: "templates:write",
  schema: z.object({ workspace, id: templateId }),
  run: (input, ctx, tx) => deleteTemplate(input, ctx, tx),
  redirectTo: (_result, input) => `/${input.workspace}/templates`,
});

/** The editor's live preview: the source as typed, against the picked sample; read-only. */
export const previewAction = workspaceAction({
  permission: "templates:read",
  schema: z.object({
    id: templateId,
    source: z.string(),
    eventType: z.string().optional().transform((v) => v || undefined),
    payload: jsonText(z.unknown(), undefined),
    vars: jsonText(templateVarsSchema, {}),
  }),
  run: (input, ctx, tx) => previewTemplate(input, ctx, tx),
});
