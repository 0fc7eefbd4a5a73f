import { CaptureTag, type Context, Liquid, LiquidError, Tag, type TagToken, type Template, type TopLevelToken } from "liquidjs";

/**
 * Liquid rendering for payload templates. Template authors are workspace members, not us, so every render runs under
 * liquidjs's limits (parse size, render time, counted allocations) plus two of ours: a capture's text and the final
 * output are charged too (liquidjs counts filter allocations, not text a template writes), and no template can reach
 * a file: `include`, `render` and `layout` are refused when the template is parsed, so nothing recurses through them.
 *
 * One engine serves every render, and parsed templates are kept by their source (a delivery renders the same
 * template for every message), so the steady state parses nothing.
 */

/** Characters of template source, per parse. */
export const PARSE_LIMIT = 100_000;
/** Milliseconds per render, checked by liquidjs before each node it renders (loop bodies included). */
export const RENDER_LIMIT_MS = 200;
/** liquidjs's counted allocations per render (roughly characters and array elements), our captures included. */
export const MEMORY_LIMIT = 10_000_000;
/** Characters of rendered output: a webhook body, well under the receivers' usual limits. */
export const OUTPUT_LIMIT = 1_000_000;

export interface TemplateError {
  message: string;
  /** 1-based position in the template source, or null when the error is the whole output's (its size). */
  line: number | null;
  column: number | null;
}

export type RenderResult = { ok: true; output: string } | { ok: false; error: TemplateError };

/**
 * What a template sees: the event (`event.id` is the message id, `event.timestamp` its creation time in ISO 8601,
 * `event.data` the payload) and `vars`, the endpoint's template variables (for a channel name, a link base, ...).
 */
export interface RenderContext {
  event: { id: string; type: string; timestamp: string; data: unknown };
  vars: Record<string, unknown>;
}

class NoFilesTag extends Tag {
  constructor(token: TagToken, remain: TopLevelToken[], liquid: Liquid) {
    super(token, remain, liquid);
    throw new Error(`{% ${token.name} %} is not available: a payload template cannot include other files`);
  }
  *render() {}
}

/** capture, with its text charged to the render's memory limit, so doubling a captured string is stopped like `append`. */
class ChargedCaptureTag extends CaptureTag {
  *render(ctx: Context): Generator<unknown, void, string> {
    yield* super.render(ctx);
    const captured = ctx.bottom()[this.variable as keyof object] as unknown;
    if (typeof captured === "string") ctx.memoryLimit.use(captured.length);
  }
}

const engine = new Liquid({
  parseLimit: PARSE_LIMIT,
  renderLimit: RENDER_LIMIT_MS,
  memoryLimit: MEMORY_LIMIT,
  // No file system at all: the refused tags never reach one, and this empty one backs that up.
  templates: {},
  ownPropertyOnly: true,
  // A misspelt filter is an error the editor shows, not silently dropped output; a missing field renders empty,
  // as optional payload fields should.
  strictFilters: true,
  strictVariables: false,
  // Dates render in UTC whatever the server's zone, so a delivery's body does not depend on where it was rendered.
  timezoneOffset: 0,
});
for (const name of ["include", "render", "layout", "block"]) engine.registerTag(name, NoFilesTag);
engine.registerTag("capture", ChargedCaptureTag);

const PARSED_CACHE_SIZE = 500;
const parsed = new Map<string, Template[]>();

/** The parsed template of a source, from the cache (least recently used out first) or parsed now. */
function parse(source: string): Template[] {
  const hit = parsed.get(source);
  if (hit) {
    parsed.delete(source);
    parsed.set(source, hit);
    return hit;
  }
  const templates = engine.parse(source);
  parsed.set(source, templates);
  if (parsed.size > PARSED_CACHE_SIZE) parsed.delete(parsed.keys().next().value!);
  return templates;
}

const POSITION_SUFFIX = /, line:\d+, col:\d+$/;

/** A liquidjs error as the editor shows it: the innermost cause's message and where in the source it happened. */
export function templateError(error: unknown): TemplateError {
  if (LiquidError.is(error)) {
    const liquid = error as LiquidError & { originalError?: Error };
    const [line, column] = liquid.token ? liquid.token.getPosition() : [null, null];
    const message = (liquid.originalError?.message ?? liquid.message).replace(POSITION_SUFFIX, "");
    return { message, line, column };
  }
  // A JavaScript limit liquidjs does not catch itself (a string past V8's maximum length, a too-deep nesting).
  return { message: error instanceof Error ? error.message : String(error), line: null, column: null };
}

/**
 * Renders a template against an event. Never throws for the template's faults (syntax, a limit, an unknown filter):
 * they come back as `{ ok: false, error }` with the line and column, for the editor and for the attempt's error.
 * Synchronous on purpose: a render is microseconds, and the render limit bounds a hostile one.
 */
export function renderTemplate(source: string, context: RenderContext): RenderResult {
  try {
    const output = engine.renderSync(parse(source), context) as string;
    if (output.length > OUTPUT_LIMIT) {
      return { ok: false, error: { message: `output limit exceeded: the rendered payload is over ${OUTPUT_LIMIT} characters`, line: null, column: null } };
    }
    return { ok: true, output };
  } catch (error) {
    return { ok: false, error: templateError(error) };
  }
}

/** Whether a source parses, with the error where it does not: what saving a draft checks. */
export function checkTemplateSyntax(source: string): TemplateError | null {
  try {
    parse(source);
    return null;
  } catch (error) {
    return templateError(error);
  }
}
