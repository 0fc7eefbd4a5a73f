import type { BuiltInTemplate } from "@/lib/payloads/library/types";

/**
 * A Slack message for an incoming webhook (or chat.postMessage): a header with the event type, the payload as a code
 * block, the message id and time as context, and a button when `vars.url` is set. Sizes stay inside Block Kit's
 * limits: a header's 150 characters, a section's 3000.
 */
export const slackBlockKit: BuiltInTemplate = {
  id: "slack-block-kit",
  name: "Slack Block Kit message",
  target: "slack",
  contentType: "application/json",
  description: "A Block Kit message for a Slack incoming webhook: a header, the payload as a code block, the event's id and time, and an optional button (vars.url, vars.button_text).",
  source: `{%- assign title = vars.title | default: event.type | truncate: 150 -%}
{%- assign body = event.data | json: 2 | truncate: 2900 -%}
{%- capture code -%}\`\`\`{{ body }}\`\`\`{%- endcapture -%}
{
  "text": {{ title | append: " (" | append: event.id | append: ")" | json }},
  "blocks": [
    { "type": "header", "text": { "type": "plain_text", "text": {{ title | json }}, "emoji": true } },
    { "type": "section", "text": { "type": "mrkdwn", "text": {{ code | json }} } },
    { "type": "context", "elements": [
      { "type": "mrkdwn", "text": {{ "*" | append: event.type | append: "* · " | append: event.timestamp | append: " · " | append: event.id | truncate: 3000 | json }} }
    ] }
    {%- if vars.url %},
    { "type": "actions", "elements": [
      { "type": "button", "text": { "type": "plain_text", "text": {{ vars.button_text | default: "Open" | truncate: 75 | json }} }, "url": {{ vars.url | json }} }
    ] }
    {%- endif %}
  ]
}
`,
  sampleEvent: {
    id: "msg_2mXkP0bq9YhZ3Rk7",
    type: "invoice.paid",
    timestamp: "2026-03-14T09:26:53.000Z",
    data: { invoice: "in_1042", customer: { id: "cus_77", name: "Ada Lovelace" }, amount: 4200, currency: "eur" },
  },
  sampleVars: { title: "Invoice paid", url: "https://example.com/invoices/in_1042", button_text: "View invoice" },
};
