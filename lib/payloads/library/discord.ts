import type { BuiltInTemplate } from "@/lib/payloads/library/types";

/** A Discord webhook message with one embed: the event type as title, the payload as a code block, id and time. */
export const discordEmbed: BuiltInTemplate = {
  id: "discord-embed",
  name: "Discord embed",
  target: "discord",
  contentType: "application/json",
  description: "A Discord webhook message with one embed: the event type, the payload as a JSON code block (within the 4096-character description), the event's id and time. vars.username and vars.color (a decimal colour) are optional.",
  source: `{%- assign body = event.data | json: 2 | truncate: 4000 -%}
{%- capture description -%}\`\`\`json
{{ body }}
\`\`\`{%- endcapture -%}
{%- assign color = vars.color | default: 5793266 | plus: 0 -%}
{
{%- if vars.username %}
  "username": {{ vars.username | truncate: 80 | json }},
{%- endif %}
  "embeds": [
    {
      "title": {{ vars.title | default: event.type | truncate: 256 | json }},
      "description": {{ description | json }},
      "color": {% if color >= 0 and color <= 16777215 %}{{ color | round }}{% else %}5793266{% endif %},
      "timestamp": {{ event.timestamp | json }},
      "fields": [{ "name": "Event type", "value": {{ event.type | truncate: 1024 | json }}, "inline": true }],
      "footer": { "text": {{ event.id | json }} }
    }
  ]
}
`,
  sampleEvent: {
    id: "msg_2mXkQ4cVt1LwN8sD",
    type: "deploy.finished",
    timestamp: "2026-03-14T10:02:11.000Z",
    data: { service: "api", version: "2.8.1", environment: "production", durationSeconds: 94, ok: true },
  },
  sampleVars: { username: "Switchboard", color: "3066993" },
};
