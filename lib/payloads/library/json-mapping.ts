import type { BuiltInTemplate } from "@/lib/payloads/library/types";

/**
 * A starting point for mapping an event onto a receiver's own JSON: every value goes through `| json`, which quotes
 * and escapes it, so the output stays valid JSON whatever the payload holds. Rename the keys, pick fields with
 * `event.data.some.field | json`, and add constants or `vars.*`.
 */
export const jsonMapping: BuiltInTemplate = {
  id: "json-mapping",
  name: "Generic JSON mapping",
  target: "json",
  contentType: "application/json",
  description: "Maps the event onto your own JSON keys (event, id, occurred_at, payload, plus vars.source if set): edit the keys and pick fields, each value through | json.",
  source: `{
  "event": {{ event.type | json }},
  "id": {{ event.id | json }},
  "occurred_at": {{ event.timestamp | json }},
  "source": {{ vars.source | default: "switchboard" | json }},
  "payload": {{ event.data | json }}
}
`,
  sampleEvent: {
    id: "msg_2mXkV6jAy9UcW7xK",
    type: "payment.failed",
    timestamp: "2026-03-14T15:20:31.000Z",
    data: { payment: "pay_310", amount: 1999, currency: "usd", failure: { code: "card_declined", message: "Your card was declined." }, retries: [1, 2] },
  },
  sampleVars: { source: "billing" },
};
