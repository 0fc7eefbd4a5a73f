import type { RenderContext } from "@/lib/payloads/liquid";
import type { TemplateTarget } from "@/lib/payloads/targets";

/** A template that ships with Switchboard: read-only, available in every workspace, copied to make one's own. */
export interface BuiltInTemplate {
  /** A stable slug (never a `tpl_` id: built-ins have no row). */
  id: string;
  name: string;
  target: TemplateTarget;
  /** The content-type header its rendering is sent with. */
  contentType: string;
  description: string;
  /** The Liquid source. */
  source: string;
  /** An event to preview it with; every built-in renders valid output for every built-in's sample. */
  sampleEvent: RenderContext["event"];
  /** The template variables it reads (`vars.*`), with example values; none is required. */
  sampleVars: Record<string, string>;
}

/**
 * Liquid snippets the built-ins share. `event.data` may be any JSON value, so the templates that walk its fields
 * first check that it is an object: its JSON text starts with `{`.
 */
export const DATA_IS_OBJECT = `{%- assign data_json = event.data | json -%}{%- assign data_first = data_json | slice: 0 -%}`;
