import type { RouteConfig } from "@asteasolutions/zod-to-openapi";
import { z } from "zod";
import { errorResponse, pageQuerySchema } from "@/lib/api";
import {
  createTemplateSchema,
  previewTemplateSchema,
  publishTemplateSchema,
  rollbackTemplateSchema,
  template,
  templateList,
  templatePreview,
  templateVersion,
  templateVersionList,
  updateTemplateSchema,
} from "@/lib/payloads/schemas";

type Operation = Omit<RouteConfig, "responses"> & { responses: RouteConfig["responses"] };
const content = (schema: z.ZodType, description: string) => ({ description, content: { "application/json": { schema } } });
const body = (schema: z.ZodType) => ({ body: { content: { "application/json": { schema } } } });
const ref = { params: z.object({ id: z.string().openapi({ description: "The template's id (`tpl_…`)." }) }) };
/** What a key limited to one application gets: templates belong to the whole workspace. */
const WORKSPACE_LEVEL = { 404: content(errorResponse, "No such template in the key's workspace, or the key is limited to one application and templates belong to the whole workspace (`not_found`).") };

/** Registers the template operations; `op` is lib/api/openapi.ts's registerOperation bound to its registry. */
export function registerTemplateOperations(op: (operation: Operation) => void) {
  const tags = ["Templates"];
  op({ method: "get", path: "/templates", summary: "List templates", tags, description: "The workspace's Liquid payload templates, newest first. Needs `templates:read`.",
    request: { query: pageQuerySchema }, responses: { 200: content(templateList, "A page of templates."), ...WORKSPACE_LEVEL } });
  op({ method: "post", path: "/templates", summary: "Create a template", tags,
    description: "A draft, from `source` or from a built-in (`builtIn`: slack-block-kit, discord-embed, teams-adaptive-card, zapier-flat, ifttt-ingredients, text-summary, json-mapping). Endpoints can use it once it is published. Audited. Needs `templates:write`.",
    request: body(createTemplateSchema), responses: { 201: content(template, "Created."), 409: content(errorResponse, "`conflict`: the name is taken in this workspace."), ...WORKSPACE_LEVEL } });
  op({ method: "get", path: "/templates/{id}", summary: "Get a template", tags, request: ref, responses: { 200: content(template, "The template, with its draft."), ...WORKSPACE_LEVEL } });
  op({ method: "patch", path: "/templates/{id}", summary: "Update a template's draft", tags, description: "Name, description or draft source; published versions never change. Audited.",
    request: { ...ref, ...body(updateTemplateSchema.omit({ id: true })) }, responses: { 200: content(template, "Updated."), 409: content(errorResponse, "`conflict`: the name is taken."), ...WORKSPACE_LEVEL } });
  op({ method: "delete", path: "/templates/{id}", summary: "Delete a template", tags, description: "With its versions. Audited.",
    request: ref, responses: { 204: { description: "Deleted." }, 409: content(errorResponse, "`conflict`: an endpoint uses the template."), ...WORKSPACE_LEVEL } });
  op({ method: "post", path: "/templates/{id}/publish", summary: "Publish the draft", tags,
    description: "The draft becomes the next immutable version, with `changelog`. Endpoints that follow the latest version render it from now on. The draft must parse. Audited.",
    request: { ...ref, ...body(publishTemplateSchema.omit({ id: true })) },
    responses: { 201: content(templateVersion, "The new version."), 409: content(errorResponse, "`conflict`: the draft is the same as the latest version."), ...WORKSPACE_LEVEL } });
  op({ method: "get", path: "/templates/{id}/versions", summary: "List a template's versions", tags, description: "Newest first.",
    request: ref, responses: { 200: content(templateVersionList, "The published versions."), ...WORKSPACE_LEVEL } });
  op({ method: "post", path: "/templates/{id}/rollback", summary: "Roll back to an earlier version", tags,
    description: "Publishes `version`'s source again as a new latest version (changelog \"Rolled back to version N\" unless given): history only grows, endpoints that follow the latest get the old rendering, pinned ones keep theirs. The draft is left as it is. Audited.",
    request: { ...ref, ...body(rollbackTemplateSchema.omit({ id: true })) }, responses: { 201: content(templateVersion, "The new version."), ...WORKSPACE_LEVEL } });
  op({ method: "post", path: "/templates/{id}/preview", summary: "Preview a rendering", tags,
    description: "Renders the draft, `source` or `version` against `payload`, or the sample of `eventType` (its `eventTypeVersion`, else the latest), with `vars`, and checks the output for the template's target (JSON; Slack Block Kit, Discord and Teams structure). A template error (syntax, a limit) is the answer, with its line and column. Changes nothing. Needs `templates:read`.",
    request: { ...ref, ...body(previewTemplateSchema.omit({ id: true })) }, responses: { 200: content(templatePreview, "The output and its check, or the template's error."), ...WORKSPACE_LEVEL } });
}
