import { DATA_IS_OBJECT, type BuiltInTemplate } from "@/lib/payloads/library/types";

/**
 * One flat JSON object, which Zapier's "Catch Hook" maps field by field: the event's id, type and time, then each
 * top-level field of the payload as `data_<name>`, a nested object or array as its JSON text (Zapier would otherwise
 * split it into fields of its own naming). A payload that is not an object is `data`, as JSON text or its value.
 */
export const zapierFlat: BuiltInTemplate = {
  id: "zapier-flat",
  name: "Zapier-friendly flat JSON",
  target: "json",
  contentType: "application/json",
  description: "A flat JSON object for Zapier's Catch Hook: event_id, event_type, occurred_at and each top-level payload field as data_<name> (nested values as JSON text).",
  source: `${DATA_IS_OBJECT}
{
  "event_id": {{ event.id | json }},
  "event_type": {{ event.type | json }},
  "occurred_at": {{ event.timestamp | json }}
  {%- if data_first == "{" -%}
    {%- for field in event.data %},
  {{ "data_" | append: field[0] | json }}: {% assign value = field[1] | json %}{% assign value_first = value | slice: 0 %}{% if value_first == "{" or value_first == "[" %}{{ value | json }}{% else %}{{ value }}{% endif %}
    {%- endfor %}
  {%- else %},
  "data": {% if data_first == "[" %}{{ data_json | json }}{% else %}{{ data_json }}{% endif %}
  {%- endif %}
}
`,
  sampleEvent: {
    id: "msg_2mXkS2fXv8RzT5uG",
    type: "customer.created",
    timestamp: "2026-03-14T12:10:42.000Z",
    data: { id: "cus_78", email: "grace@example.com", plan: "team", seats: 12, address: { city: "Arlington", country: "US" } },
  },
  sampleVars: {},
};
