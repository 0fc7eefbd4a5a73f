import type { BuiltInTemplate } from "@/lib/payloads/library/types";

/**
 * IFTTT's Webhooks service ("Receive a web request") passes on three ingredients, value1 to value3: here the event
 * type, a one-line summary (`vars.summary_field` names a payload field to use, else the message id) and the payload
 * as JSON text, capped so an applet's notification stays readable.
 */
export const iftttIngredients: BuiltInTemplate = {
  id: "ifttt-ingredients",
  name: "IFTTT ingredients",
  target: "json",
  contentType: "application/json",
  description: "IFTTT Webhooks ingredients: value1 is the event type, value2 a summary (the payload field named by vars.summary_field, else the event id), value3 the payload as JSON text.",
  source: `{%- assign summary = event.id -%}
{%- if vars.summary_field -%}{%- assign picked = event.data[vars.summary_field] -%}{%- if picked != nil and picked != "" -%}{%- assign summary = picked | json | remove_first: '"' | remove_last: '"' -%}{%- endif -%}{%- endif -%}
{
  "value1": {{ event.type | json }},
  "value2": {{ summary | truncate: 500 | json }},
  "value3": {{ event.data | json | truncate: 2000 | json }}
}
`,
  sampleEvent: {
    id: "msg_2mXkT7gYw3SaU9vH",
    type: "order.shipped",
    timestamp: "2026-03-14T13:30:05.000Z",
    data: { order: "ord_5521", carrier: "DHL", tracking: "JD014600006281", items: 3 },
  },
  sampleVars: { summary_field: "tracking" },
};
