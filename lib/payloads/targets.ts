/**
 * What a template renders for: the receiver's format, which decides the request's content type and how the editor
 * and preview check the output (validate.ts). Plain data, so client components import it directly.
 */
export const TEMPLATE_TARGETS = ["json", "slack", "discord", "teams", "text"] as const;
export type TemplateTarget = (typeof TEMPLATE_TARGETS)[number];

export const TARGET_LABELS: Record<TemplateTarget, string> = {
  json: "JSON",
  slack: "Slack Block Kit",
  discord: "Discord embed",
  teams: "Microsoft Teams Adaptive Card",
  text: "Plain text",
};

/** The content-type header a delivery of the rendered output carries. */
export const TARGET_CONTENT_TYPES: Record<TemplateTarget, string> = {
  json: "application/json",
  slack: "application/json",
  discord: "application/json",
  teams: "application/json",
  text: "text/plain; charset=utf-8",
};
