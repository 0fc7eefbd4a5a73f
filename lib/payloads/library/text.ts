import { DATA_IS_OBJECT, type BuiltInTemplate } from "@/lib/payloads/library/types";

/** A few lines of plain text (SMS gateways, chat bridges, logs): the event, then one line per top-level payload field. */
export const textSummary: BuiltInTemplate = {
  id: "text-summary",
  name: "Plain-text summary",
  target: "text",
  contentType: "text/plain; charset=utf-8",
  description: "A plain-text summary: the event type, time and id on the first line, then one line per top-level payload field.",
  source: `${DATA_IS_OBJECT}
{{- vars.prefix | default: "" }}{{ event.type }} at {{ event.timestamp }} ({{ event.id }})
{%- if data_first == "{" -%}
  {%- for field in event.data %}
- {{ field[0] }}: {% assign value = field[1] | json %}{% assign value_first = value | slice: 0 %}{% if value_first == '"' %}{{ field[1] | truncate: 200 }}{% else %}{{ value | truncate: 200 }}{% endif %}
  {%- endfor -%}
{%- else %}
{{ data_json | truncate: 500 }}
{%- endif %}
`,
  sampleEvent: {
    id: "msg_2mXkU1hZx5TbV3wJ",
    type: "user.signed_up",
    timestamp: "2026-03-14T14:00:00.000Z",
    data: { user: "usr_901", email: "linus@example.com", referrer: null, trial: true },
  },
  sampleVars: { prefix: "[prod] " },
};
