import type { TemplateTarget } from "@/lib/payloads/targets";

/**
 * Checks a rendered template against its target: JSON that parses, and for the chat targets the structure their
 * APIs accept (Slack Block Kit, Discord embeds, Teams Adaptive Cards), with the documented size limits, so the
 * editor says what a receiver would refuse before a delivery finds out. Structural, not exhaustive: unknown
 * properties pass, since the receivers add them faster than we could list them.
 */

export interface OutputIssue {
  /** Where in the output: a JSON path such as `blocks[2].text.text`, or "" for the whole output. */
  path: string;
  message: string;
  /** For output that is not JSON: where parsing stopped (1-based). */
  line?: number;
  column?: number;
}

export type OutputValidation = { ok: true } | { ok: false; issues: OutputIssue[] };

type Json = unknown;
type Issues = OutputIssue[];

const isObject = (v: Json): v is Record<string, Json> => typeof v === "object" && v !== null && !Array.isArray(v);
const at = (path: string, key: string | number) => (typeof key === "number" ? `${path}[${key}]` : path ? `${path}.${key}` : key);

function positionOf(text: string, index: number) {
  const before = text.slice(0, index).split("\n");
  return { line: before.length, column: before[before.length - 1].length + 1 };
}

/** JSON.parse with the place it failed where V8 tells it ("at position N", or the end of the text when it ran out). */
export function parseJsonOutput(output: string): { ok: true; value: Json } | { ok: false; issue: OutputIssue } {
  try {
    return { ok: true, value: JSON.parse(output) };
  } catch (error) {
    const message = (error as Error).message;
    // V8 names the position for some errors only; running out of text is at its end.
    const position = /at position (\d+)/.exec(message)?.[1] ?? (/end of JSON input/.test(message) ? output.length : undefined);
    const where = position === undefined ? {} : positionOf(output, Number(position));
    return { ok: false, issue: { path: "", message: `Not valid JSON: ${message.replace(/ \(line \d+ column \d+\)$/, "")}`, ...where } };
  }
}

function text(issues: Issues, value: Json, path: string, options: { max: number; required?: boolean; label?: string }) {
  if (value === undefined && !options.required) return;
  if (typeof value !== "string") return void issues.push({ path, message: `${options.label ?? "This"} must be a string` });
  if (options.required && value.length === 0) issues.push({ path, message: `${options.label ?? "This"} cannot be empty` });
  if (value.length > options.max) issues.push({ path, message: `${options.label ?? "This"} is ${value.length} characters; the limit is ${options.max}` });
}

function list(issues: Issues, value: Json, path: string, options: { min: number; max: number; label: string }): Json[] {
  if (!Array.isArray(value)) {
    issues.push({ path, message: `${options.label} must be an array` });
    return [];
  }
  if (value.length < options.min) issues.push({ path, message: `${options.label} needs at least ${options.min}` });
  if (value.length > options.max) issues.push({ path, message: `${options.label} has ${value.length}; the limit is ${options.max}` });
  return value;
}

// ---------------------------------------------------------------------------------------------------------------
// Slack Block Kit (api.slack.com/reference/block-kit)

export const SLACK_MAX_BLOCKS = 50;
export const SLACK_SECTION_TEXT_MAX = 3000;

/** A composition text object: `{ type: "plain_text" | "mrkdwn", text }`. */
function slackText(issues: Issues, value: Json, path: string, max: number, plainOnly = false) {
  if (!isObject(value)) return void issues.push({ path, message: "A text object must be an object with type and text" });
  const allowed = plainOnly ? ["plain_text"] : ["plain_text", "mrkdwn"];
  if (!allowed.includes(value.type as string)) issues.push({ path: at(path, "type"), message: `A text object's type must be ${allowed.join(" or ")}` });
  text(issues, value.text, at(path, "text"), { max, required: true, label: "The text" });
  if (value.emoji !== undefined && value.type !== "plain_text") issues.push({ path: at(path, "emoji"), message: "emoji is only allowed on plain_text" });
}

function slackElement(issues: Issues, value: Json, path: string) {
  if (!isObject(value) || typeof value.type !== "string") issues.push({ path, message: "An element must be an object with a type" });
}

const SLACK_BLOCKS: Record<string, (issues: Issues, block: Record<string, Json>, path: string) => void> = {
  section: (issues, block, path) => {
    if (block.text === undefined && block.fields === undefined) issues.push({ path, message: "A section needs text or fields" });
    if (block.text !== undefined) slackText(issues, block.text, at(path, "text"), SLACK_SECTION_TEXT_MAX);
    if (block.fields !== undefined) {
      list(issues, block.fields, at(path, "fields"), { min: 1, max: 10, label: "A section's fields" }).forEach((f, i) => slackText(issues, f, at(at(path, "fields"), i), 2000));
    }
    if (block.accessory !== undefined) slackElement(issues, block.accessory, at(path, "accessory"));
  },
  header: (issues, block, path) => slackText(issues, block.text, at(path, "text"), 150, true),
  divider: () => {},
  context: (issues, block, path) => {
    list(issues, block.elements, at(path, "elements"), { min: 1, max: 10, label: "A context's elements" }).forEach((e, i) => {
      const p = at(at(path, "elements"), i);
      if (isObject(e) && e.type === "image") text(issues, e.image_url, at(p, "image_url"), { max: 3000, required: true, label: "image_url" });
      else slackText(issues, e, p, 3000);
    });
  },
  actions: (issues, block, path) => {
    list(issues, block.elements, at(path, "elements"), { min: 1, max: 25, label: "An actions block's elements" }).forEach((e, i) => slackElement(issues, e, at(at(path, "elements"), i)));
  },
  image: (issues, block, path) => {
    if (block.slack_file === undefined) text(issues, block.image_url, at(path, "image_url"), { max: 3000, required: true, label: "image_url" });
    text(issues, block.alt_text, at(path, "alt_text"), { max: 2000, required: true, label: "alt_text" });
    if (block.title !== undefined) slackText(issues, block.title, at(path, "title"), 2000, true);
  },
  markdown: (issues, block, path) => text(issues, block.text, at(path, "text"), { max: 12_000, required: true, label: "The text" }),
  rich_text: (issues, block, path) => void list(issues, block.elements, at(path, "elements"), { min: 1, max: 1000, label: "A rich_text's elements" }),
  input: (issues, block, path) => {
    slackText(issues, block.label, at(path, "label"), 2000, true);
    slackElement(issues, block.element, at(path, "element"));
  },
  file: (issues, block, path) => text(issues, block.external_id, at(path, "external_id"), { max: 255, required: true, label: "external_id" }),
  video: (issues, block, path) => {
    for (const field of ["video_url", "thumbnail_url", "alt_text"]) text(issues, block[field], at(path, field), { max: 3000, required: true, label: field });
    slackText(issues, block.title, at(path, "title"), 200, true);
  },
};

function checkSlack(message: Json, issues: Issues) {
  if (!isObject(message)) return void issues.push({ path: "", message: "A Slack message must be a JSON object" });
  text(issues, message.text, "text", { max: 40_000, label: "The fallback text" });
  const blocks = list(issues, message.blocks, "blocks", { min: 1, max: SLACK_MAX_BLOCKS, label: "blocks" });
  blocks.forEach((block, i) => {
    const path = at("blocks", i);
    if (!isObject(block)) return void issues.push({ path, message: "A block must be an object" });
    const check = typeof block.type === "string" ? SLACK_BLOCKS[block.type] : undefined;
    if (!check) return void issues.push({ path: at(path, "type"), message: `Unknown block type ${JSON.stringify(block.type)}; use one of ${Object.keys(SLACK_BLOCKS).join(", ")}` });
    if (block.block_id !== undefined) text(issues, block.block_id, at(path, "block_id"), { max: 255, label: "block_id" });
    check(issues, block, path);
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Discord (discord.com/developers/docs/resources/message#embed-object-embed-limits)

function checkDiscord(message: Json, issues: Issues) {
  if (!isObject(message)) return void issues.push({ path: "", message: "A Discord message must be a JSON object" });
  if (message.content === undefined && message.embeds === undefined) issues.push({ path: "", message: "A Discord message needs content or embeds" });
  text(issues, message.content, "content", { max: 2000, label: "content" });
  let total = 0;
  if (message.embeds === undefined) return;
  list(issues, message.embeds, "embeds", { min: 1, max: 10, label: "embeds" }).forEach((embed, i) => {
    const path = at("embeds", i);
    if (!isObject(embed)) return void issues.push({ path, message: "An embed must be an object" });
    for (const [field, max] of [["title", 256], ["description", 4096]] as const) {
      text(issues, embed[field], at(path, field), { max, label: field });
      if (typeof embed[field] === "string") total += (embed[field] as string).length;
    }
    if (embed.color !== undefined && !(Number.isInteger(embed.color) && (embed.color as number) >= 0 && (embed.color as number) <= 0xffffff)) {
      issues.push({ path: at(path, "color"), message: "color must be an integer from 0 to 16777215 (0xFFFFFF)" });
    }
    if (embed.fields !== undefined) {
      list(issues, embed.fields, at(path, "fields"), { min: 0, max: 25, label: "An embed's fields" }).forEach((field, j) => {
        const p = at(at(path, "fields"), j);
        if (!isObject(field)) return void issues.push({ path: p, message: "A field must be an object with name and value" });
        text(issues, field.name, at(p, "name"), { max: 256, required: true, label: "name" });
        text(issues, field.value, at(p, "value"), { max: 1024, required: true, label: "value" });
        total += String(field.name ?? "").length + String(field.value ?? "").length;
      });
    }
    if (isObject(embed.footer)) text(issues, embed.footer.text, at(at(path, "footer"), "text"), { max: 2048, required: true, label: "The footer's text" });
    if (isObject(embed.author)) text(issues, embed.author.name, at(at(path, "author"), "name"), { max: 256, required: true, label: "The author's name" });
  });
  if (total > 6000) issues.push({ path: "embeds", message: `The embeds hold ${total} characters; Discord allows 6000 in all` });
}

// ---------------------------------------------------------------------------------------------------------------
// Microsoft Teams: an Adaptive Card in a message's attachment (learn.microsoft.com, incoming webhooks and Workflows)

export const ADAPTIVE_CARD_CONTENT_TYPE = "application/vnd.microsoft.card.adaptive";

function checkTeams(message: Json, issues: Issues) {
  if (!isObject(message)) return void issues.push({ path: "", message: "A Teams message must be a JSON object" });
  if (message.type !== "message") issues.push({ path: "type", message: 'A Teams message\'s type must be "message"' });
  list(issues, message.attachments, "attachments", { min: 1, max: 10, label: "attachments" }).forEach((attachment, i) => {
    const path = at("attachments", i);
    if (!isObject(attachment)) return void issues.push({ path, message: "An attachment must be an object" });
    if (attachment.contentType !== ADAPTIVE_CARD_CONTENT_TYPE) issues.push({ path: at(path, "contentType"), message: `contentType must be ${ADAPTIVE_CARD_CONTENT_TYPE}` });
    const card = attachment.content;
    const cardPath = at(path, "content");
    if (!isObject(card)) return void issues.push({ path: cardPath, message: "The attachment's content must be an Adaptive Card object" });
    if (card.type !== "AdaptiveCard") issues.push({ path: at(cardPath, "type"), message: 'The card\'s type must be "AdaptiveCard"' });
    if (typeof card.version !== "string" || !/^\d+\.\d+$/.test(card.version)) issues.push({ path: at(cardPath, "version"), message: 'The card needs a version such as "1.4"' });
    list(issues, card.body, at(cardPath, "body"), { min: 1, max: 500, label: "The card's body" }).forEach((element, j) => {
      if (!isObject(element) || typeof element.type !== "string") issues.push({ path: at(at(cardPath, "body"), j), message: "A card element must be an object with a type" });
    });
  });
}

const STRUCTURE: Partial<Record<TemplateTarget, (value: Json, issues: Issues) => void>> = { slack: checkSlack, discord: checkDiscord, teams: checkTeams };

/** Whether `output` is what its target accepts: text is anything; the others must parse as JSON, then their structure. */
export function validateOutput(target: TemplateTarget, output: string): OutputValidation {
  if (target === "text") return { ok: true };
  const parsed = parseJsonOutput(output);
  if (!parsed.ok) return { ok: false, issues: [parsed.issue] };
  const issues: Issues = [];
  STRUCTURE[target]?.(parsed.value, issues);
  return issues.length ? { ok: false, issues } : { ok: true };
}
