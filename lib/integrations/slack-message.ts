/**
 * What a Slack connection posts: the endpoint's template's output when it is a Slack message (`text` and/or
 * `blocks`, as the payload templates' Block Kit template renders), else a minimal Block Kit rendering of the event.
 */

export interface SlackMessage {
  text: string;
  blocks?: unknown[];
}

// Slack's limits: a section's text holds 3,000 characters, a header's 150.
const SECTION_LIMIT = 3000;
const HEADER_LIMIT = 150;

const cut = (text: string, limit: number) => (text.length > limit ? `${text.slice(0, limit - 1)}…` : text);

/** The built-in message: the event type as header, the payload as a JSON code block, the message id and time below. */
export function defaultSlackMessage(event: { eventType: string; messageId: string; timestamp: Date; payload: unknown }): SlackMessage {
  const json = JSON.stringify(event.payload, null, 2) ?? "null";
  return {
    text: `${event.eventType} (${event.messageId})`,
    blocks: [
      { type: "header", text: { type: "plain_text", text: cut(event.eventType, HEADER_LIMIT) } },
      { type: "section", text: { type: "mrkdwn", text: "```" + cut(json, SECTION_LIMIT - 6) + "```" } },
      { type: "context", elements: [{ type: "mrkdwn", text: `${event.messageId} · ${event.timestamp.toISOString()}` }] },
    ],
  };
}

/** The rendered body as a Slack message, or null when it is not one (the plain envelope, another template's output). */
export function slackMessageFrom(body: string): SlackMessage | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return null;
  }
  if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) return null;
  const { text, blocks } = parsed as { text?: unknown; blocks?: unknown };
  const hasBlocks = Array.isArray(blocks) && blocks.length > 0;
  if (typeof text !== "string" && !hasBlocks) return null;
  // Slack shows `text` in notifications when blocks are given; a template without it gets a plain fallback.
  return { text: typeof text === "string" ? text : "New event", ...(hasBlocks ? { blocks: blocks as unknown[] } : {}) };
}
