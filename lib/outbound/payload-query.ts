/**
 * The messages log's payload search: `data.customer.id = "cus_1"` (the `data.` is optional, as the envelope's `data` is
 * the payload) finds messages whose payload holds that value at that path. It becomes a JSON containment object,
 * `{"customer":{"id":"cus_1"}}`, which PostgreSQL answers with `payload @> ...` through the messages_payload GIN index.
 * The value is JSON: a quoted string, a number, true, false, null, or an object or array (contained, not equal).
 * Path segments are names of letters, digits, `_` and `-`, or quoted with `"..."` for anything else.
 */

const SEGMENT = /^(?:[A-Za-z0-9_$-]+|"(?:[^"\\]|\\.)*")/;

export type PayloadQuery = { ok: true; path: string[]; value: unknown; containment: unknown } | { ok: false; error: string };

export function parsePayloadQuery(text: string): PayloadQuery {
  let rest = text.trim();
  const path: string[] = [];
  for (;;) {
    const match = SEGMENT.exec(rest);
    if (!match) return { ok: false, error: "Write a path and a value, e.g. data.customer.id = \"cus_1\"." };
    path.push(match[0].startsWith('"') ? (JSON.parse(match[0]) as string) : match[0]);
    rest = rest.slice(match[0].length).trimStart();
    if (!rest.startsWith(".")) break;
    rest = rest.slice(1).trimStart();
  }
  if (path[0] === "data" && path.length > 1) path.shift();
  if (!rest.startsWith("=")) return { ok: false, error: "Write = between the path and the value." };
  const raw = rest.slice(1).trim();
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return { ok: false, error: "The value must be JSON: a \"quoted string\", a number, true, false or null." };
  }
  const containment = path.reduceRight<unknown>((inner, key) => ({ [key]: inner }), value);
  return { ok: true, path, value, containment };
}

/** Whether the search box's text is a payload search rather than an id. */
export const looksLikePayloadQuery = (text: string) => text.includes("=");
