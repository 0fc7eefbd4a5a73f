/**
 * Payload formatting: how a delivery's body is shaped for its receiver (formats, Liquid templates, transformations).
 * This index is the domain's public face: other lib/ domains import only from here. Modules that import fewer other
 * domains come first, so a domain that imports this index back (a cycle) finds them initialised.
 */

// Liquid templates. Contract for the delivery pipeline: renderTemplate(source, { event, vars }) never throws for the
// template's faults (it answers { ok: false, error: { message, line, column } }); validateOutput(target, output)
// checks a rendering for its target; TARGET_CONTENT_TYPES[target] is the content-type header to send it with.
export { TARGET_CONTENT_TYPES, TARGET_LABELS, TEMPLATE_TARGETS, type TemplateTarget } from "./targets";
export { type OutputIssue, type OutputValidation, validateOutput } from "./validate";
export { MEMORY_LIMIT, OUTPUT_LIMIT, PARSE_LIMIT, RENDER_LIMIT_MS, type RenderContext, type RenderResult, renderTemplate, type TemplateError } from "./liquid";
export { type BuiltInTemplate, builtInTemplate, builtInTemplates } from "./library";
export * as payloadSchemas from "./schemas";
export { type TemplatePreview, templateVarsSchema, type TemplateVersionView, type TemplateView } from "./schemas";
// Workspace templates. The pipeline's half: resolveEndpointTemplate(endpoint, tx) → { source, version, target, contentType } | null.
export { checkEndpointTemplate, createTemplate, deleteTemplate, getTemplate, listTemplates, listTemplateVersions, previewTemplate, publishTemplate, type ResolvedTemplate, resolveEndpointTemplate, rollbackTemplate, updateTemplate } from "./templates";

// Formats, transformations, version conversion and the delivery pipeline (the dispatcher calls buildRequest per attempt).
export { envelopeJson, FORM_CONTENT_TYPE, JSON_CONTENT_TYPE, PAYLOAD_FORMAT_LABELS, PAYLOAD_FORMATS, type PayloadFormat, toForm, toXml, XML_CONTENT_TYPE, xmlName } from "./formats";
export { assertTransformationCompiles, checkTransformation, loadSandbox, MEMORY_LIMIT_BYTES, RUN_LIMIT_MS, runTransformation, type SandboxError, type SandboxResult, type Webhook } from "./sandbox";
export { convertDown } from "./versions";
export { buildRequest, DEFAULT_COMPRESSION_THRESHOLD_BYTES, PAYLOAD_COMPRESSIONS, PIPELINE_ERROR_CLASSES, type PipelineEndpoint, type PipelineErrorClass, type PipelineEvent, type PipelineResult } from "./pipeline";
export { registerTemplateOperations } from "./openapi";
