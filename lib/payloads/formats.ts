import { XMLBuilder } from "fast-xml-parser";

/**
 * The body shapes an endpoint can receive (its `payloadFormat`), each with the content type that says what it is.
 * The event is always { type, timestamp, data }; the shapes differ in what of it they send and how:
 *
 *   envelope  JSON `{"type": …, "timestamp": …, "data": …}` (the default; byte for byte what renderBody makes)
 *   raw       JSON of `data` alone
 *   form      application/x-www-form-urlencoded of the envelope, nested keys flattened: `data[customer][id]=42`,
 *             array items by index, `data[items][0]=a`. Leaves are text: strings as they are, numbers and booleans
 *             as their JSON text, null as an empty value; an empty array or object sends nothing. Brackets inside
 *             a key cannot be escaped in this convention, so such a key reads back as nested.
 *   xml       the envelope as `<webhook><type>…</type><timestamp>…</timestamp><data>…</data></webhook>` (see toXml)
 *   template  a Liquid template's rendering (the endpoint's template, lib/payloads/liquid.ts)
 */
export const PAYLOAD_FORMATS = ["envelope", "raw", "form", "xml", "template"] as const;
export type PayloadFormat = (typeof PAYLOAD_FORMATS)[number];

export const PAYLOAD_FORMAT_LABELS: Record<PayloadFormat, string> = {
  envelope: "JSON envelope (type, timestamp, data)",
  raw: "Raw JSON (data only)",
  form: "Form-encoded (application/x-www-form-urlencoded)",
  xml: "XML",
  template: "Template",
};

export interface Envelope {
  type: string;
  timestamp: string;
  data: unknown;
}

export interface FormattedBody {
  body: string;
  contentType: string;
}

export const JSON_CONTENT_TYPE = "application/json";
export const FORM_CONTENT_TYPE = "application/x-www-form-urlencoded";
export const XML_CONTENT_TYPE = "application/xml; charset=utf-8";

/** The envelope's JSON, key order type, timestamp, data (receivers and signatures see exactly this text). */
export function envelopeJson(envelope: Envelope): string {
  return JSON.stringify({ type: envelope.type, timestamp: envelope.timestamp, data: envelope.data });
}

function formLeaf(value: unknown): string {
  if (value === null || value === undefined) return "";
  return typeof value === "string" ? value : JSON.stringify(value);
}

function flatten(value: unknown, key: string, into: URLSearchParams) {
  if (Array.isArray(value)) value.forEach((item, i) => flatten(item, `${key}[${i}]`, into));
  else if (value !== null && typeof value === "object") for (const [k, v] of Object.entries(value)) flatten(v, `${key}[${k}]`, into);
  else into.append(key, formLeaf(value));
}

/** The envelope form-encoded, nested keys flattened as `a[b]` and arrays as `a[0]` (qs and Rails read it back). */
export function toForm(envelope: Envelope): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries({ type: envelope.type, timestamp: envelope.timestamp, data: envelope.data })) flatten(value, key, params);
  return params.toString();
}

// XML 1.0's NameStartChar and NameChar, without ':' (a namespace separator to XML parsers).
const NAME_START = "A-Z_a-z\\u00C0-\\u00D6\\u00D8-\\u00F6\\u00F8-\\u02FF\\u0370-\\u037D\\u037F-\\u1FFF\\u200C\\u200D\\u2070-\\u218F\\u2C00-\\u2FEF\\u3001-\\uD7FF\\uF900-\\uFDCF\\uFDF0-\\uFFFD";
const NAME_REST = `${NAME_START}\\-.0-9\\u00B7\\u0300-\\u036F\\u203F\\u2040`;
const START_CHAR = new RegExp(`^[${NAME_START}]$`);
const REST_CHAR = new RegExp(`^[${NAME_REST}]$`);
const LOOKS_ESCAPED = /^_x[0-9A-Fa-f]{4}_/;

/**
 * A JSON key as an XML element name, escaped as XmlConvert.EncodeName does (SQL/XML's mapping): each character a
 * name cannot hold at its place becomes `_xHHHH_` (its UTF-16 code units in hex), and a `_` that would read as the
 * start of such an escape is escaped itself, so every key maps to a distinct name and decodes back. "1st place"
 * becomes `_x0031_st_x0020_place`. The empty key, which no name can be, becomes `_`.
 */
export function xmlName(key: string): string {
  if (key === "") return "_";
  let name = "";
  for (let i = 0; i < key.length; i++) {
    const char = key[i];
    const valid = i === 0 ? START_CHAR.test(char) : REST_CHAR.test(char);
    const escapeUnderscore = char === "_" && LOOKS_ESCAPED.test(key.slice(i));
    name += valid && !escapeUnderscore ? char : `_x${char.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}_`;
  }
  return name;
}

// XML 1.0 cannot carry these at all, not even as character references.
const NOT_XML_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Element text: markup escaped, `\r` as a reference (parsers fold a literal one into `\n`), unrepresentable characters as U+FFFD. */
function xmlText(value: unknown): string {
  const text = value === null || value === undefined ? "" : typeof value === "string" ? value : JSON.stringify(value);
  return text.replace(NOT_XML_CHARS, "\uFFFD").replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/\r/g, "&#13;");
}

type BuilderValue = string | BuilderValue[] | { [name: string]: BuilderValue };

/** JSON in the builder's terms: names escaped, leaves as escaped text, an array inside an array as `item` elements. */
function toBuilder(value: unknown): BuilderValue {
  if (Array.isArray(value)) return value.map((item) => (Array.isArray(item) ? { item: toBuilder(item) } : toBuilder(item)));
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([key, v]) => [xmlName(key), toBuilder(v)]));
  }
  return xmlText(value);
}

// The text is escaped by xmlText, so the builder's own escaping is off; attributes are never made.
const builder = new XMLBuilder({ processEntities: false, ignoreAttributes: true, suppressEmptyNode: true });

/**
 * The envelope as XML, mapped so that fast-xml-parser (or any XML reader) gets the JSON back:
 *   - the root element is `webhook`, holding `type`, `timestamp` and `data`;
 *   - an object's keys are child elements in order, named by xmlName;
 *   - an array is its element repeated once per item (`{"tags": ["a", "b"]}` is `<tags>a</tags><tags>b</tags>`), an
 *     array directly inside an array is an element holding `item` elements; an empty array sends nothing;
 *   - leaves are text: strings as they are, numbers and booleans as their JSON text; null, "" and {} are an empty
 *     element `<x/>`;
 *   - no attributes, no namespaces. A one-item array reads back as a single element: receivers that need a list
 *     treat the name as repeatable.
 */
export function toXml(envelope: Envelope): string {
  const root = { webhook: { type: xmlText(envelope.type), timestamp: xmlText(envelope.timestamp), data: toBuilder(envelope.data) } };
  return `<?xml version="1.0" encoding="UTF-8"?>${builder.build(root) as string}`;
}

/** The body of a format other than template (which needs the endpoint's template, see the pipeline). */
export function formatBody(format: Exclude<PayloadFormat, "template">, envelope: Envelope): FormattedBody {
  switch (format) {
    case "raw":
      return { body: JSON.stringify(envelope.data ?? null), contentType: JSON_CONTENT_TYPE };
    case "form":
      return { body: toForm(envelope), contentType: FORM_CONTENT_TYPE };
    case "xml":
      return { body: toXml(envelope), contentType: XML_CONTENT_TYPE };
    default:
      return { body: envelopeJson(envelope), contentType: JSON_CONTENT_TYPE };
  }
}
