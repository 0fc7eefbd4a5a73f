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
