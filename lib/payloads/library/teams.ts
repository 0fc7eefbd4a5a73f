import type { BuiltInTemplate } from "@/lib/payloads/library/types";

/**
 * A Microsoft Teams message carrying one Adaptive Card (version 1.4, what Teams' incoming webhooks and Workflows
 * render): a title, a fact set with the event's type, id and time, the payload in monospace, and an optional button.
 */
export const teamsAdaptiveCard: BuiltInTemplate = {
  id: "teams-adaptive-card",
  name: "Microsoft Teams Adaptive Card",
  target: "teams",
  contentType: "application/json",
  description: "A Teams message with an Adaptive Card 1.4: a title, facts (event type, id, time), the payload in monospace, and a button when vars.url is set.",
  source: `{
  "type": "message",
  "attachments": [
    {
      "contentType": "application/vnd.microsoft.card.adaptive",
      "content": {
        "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
        "type": "AdaptiveCard",
        "version": "1.4",
        "body": [
          { "type": "TextBlock", "size": "Medium", "weight": "Bolder", "wrap": true, "text": {{ vars.title | default: event.type | json }} },
          { "type": "FactSet", "facts": [
            { "title": "Event type", "value": {{ event.type | json }} },
            { "title": "Message id", "value": {{ event.id | json }} },
            { "title": "Time", "value": {{ event.timestamp | json }} }
          ] },
          { "type": "TextBlock", "fontType": "Monospace", "wrap": true, "text": {{ event.data | json: 2 | truncate: 10000 | json }} }
        ]
        {%- if vars.url %},
        "actions": [{ "type": "Action.OpenUrl", "title": {{ vars.button_text | default: "Open" | json }}, "url": {{ vars.url | json }} }]
        {%- endif %}
      }
    }
  ]
}
`,
  sampleEvent: {
    id: "msg_2mXkR9eWu6PyQ2tF",
    type: "incident.opened",
    timestamp: "2026-03-14T11:45:00.000Z",
    data: { incident: "INC-311", severity: "high", title: "Checkout latency above 2 s", tags: ["checkout", "latency"] },
  },
  sampleVars: { title: "Incident opened", url: "https://status.example.com/incidents/311", button_text: "Open incident" },
};
