import fc from "fast-check";
import { XMLParser } from "fast-xml-parser";
import qs from "qs";
import { describe, expect, it } from "vitest";
import { renderBody } from "@/lib/outbound/attempt";
import { envelopeJson, FORM_CONTENT_TYPE, JSON_CONTENT_TYPE, toForm, toXml, XML_CONTENT_TYPE, xmlName } from "@/lib/payloads";
import { formatBody } from "@/lib/payloads/formats";

// Each encoding is read back by an independent parser (qs for forms, fast-xml-parser's XMLParser for XML) and compared
// with what its documented mapping promises for the JSON that went in.

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

// Keys a form can carry: brackets cannot be escaped in the a[b] convention, and qs drops Object.prototype's names.
const formKey = fc.string({ unit: "grapheme", minLength: 1, maxLength: 6 }).filter((k) => !/[[\]]/.test(k) && !(k in {}) && k !== "__proto__");
const anyKey = fc.string({ unit: "grapheme", maxLength: 6 });

function json(key: fc.Arbitrary<string>): fc.Arbitrary<Json> {
  return fc.letrec<{ value: Json }>((tie) => ({
    value: fc.oneof(
      { depthSize: "small" },
      fc.string({ unit: "grapheme", maxLength: 8 }),
      fc.integer(),
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      fc.boolean(),
      fc.constant(null),
      fc.array(tie("value"), { maxLength: 4 }),
      fc.dictionary(key, tie("value"), { maxKeys: 4 }),
    ),
  })).value;
}

const leafText = (v: Json) => (v === null ? "" : typeof v === "string" ? v : JSON.stringify(v));

/** The form mapping read with array indexes as keys: leaves as text, empty containers gone. */
function formModel(value: Json): unknown {
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value)
      .map(([k, v]) => [k, formModel(v)] as const)
      .filter(([, v]) => v !== undefined);
    return entries.length ? Object.fromEntries(entries) : undefined;
  }
  return leafText(value);
}

const timestamp = "2026-01-02T03:04:05.678Z";

describe("form encoding", () => {
  it("reads back with qs as the envelope, nested keys as a[b] and arrays as a[0]", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", minLength: 1, maxLength: 10 }), json(formKey), (type, data) => {
        const body = toForm({ type, timestamp, data });
        const parsed = qs.parse(body, { depth: 100, parseArrays: false, parameterLimit: Infinity });
        const expected = formModel({ type, timestamp, data } as Json);
        expect(parsed).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });

  it("flattens as documented", () => {
    expect(decodeURIComponent(toForm({ type: "a.b", timestamp, data: { customer: { id: 42 }, tags: ["x", null, true], none: [] } }))).toBe(
      `type=a.b&timestamp=${timestamp}&data[customer][id]=42&data[tags][0]=x&data[tags][1]=&data[tags][2]=true`,
    );
  });
});

/** XmlConvert.DecodeName: `_xHHHH_` back to its character. */
const decodeName = (name: string) => (name === "_" ? "" : name.replace(/_x([0-9A-F]{4})_/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))));

function decodeNames(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(decodeNames);
  if (value !== null && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [decodeName(k), decodeNames(v)]));
  return value;
}

// What XML 1.0 cannot carry at all becomes U+FFFD (documented).
const xmlSafe = (text: string) => text.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, "\uFFFD");

/**
 * What the parser gives for an element holding `value` under the documented mapping: text for leaves, children for
 * objects (an array's items as the name repeated: one item reads as a single element), "" for an empty element.
 */
function xmlModel(value: Json): unknown {
  if (Array.isArray(value)) throw new Error("arrays are modelled by their parent");
  if (value !== null && typeof value === "object") {
    const children: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value)) {
      const modelled = Array.isArray(v) ? v.map(itemModel) : [xmlModel(v)];
      if (modelled.length) children[key] = modelled.length === 1 ? modelled[0] : modelled;
    }
    return Object.keys(children).length ? children : "";
  }
  return xmlSafe(leafText(value));
}
const itemModel = (item: Json): unknown => (Array.isArray(item) ? xmlModel({ item }) : xmlModel(item));

const xmlParser = new XMLParser({ parseTagValue: false, trimValues: false, htmlEntities: true, ignoreDeclaration: true });

describe("XML encoding", () => {
  it("reads back with fast-xml-parser as the envelope under the documented mapping, any key included", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", minLength: 1, maxLength: 10 }), json(anyKey.filter((k) => k !== "")), (type, data) => {
        const parsed = decodeNames(xmlParser.parse(toXml({ type, timestamp, data })));
        expect(parsed).toEqual({ webhook: xmlModel({ type, timestamp, data: data } as Json) });
      }),
      { numRuns: 300 },
    );
  });

  it("escapes names XmlConvert's way, distinct for distinct keys", () => {
    expect(xmlName("1st place")).toBe("_x0031_st_x0020_place");
    expect(xmlName("a:b")).toBe("a_x003A_b");
    expect(xmlName("_x0041_")).toBe("_x005F_x0041_");
    expect(xmlName("café-1.2")).toBe("café-1.2");
    fc.assert(fc.property(anyKey, anyKey, (a, b) => a === b || xmlName(a) !== xmlName(b)));
  });

  it("has a root element and no attributes", () => {
    expect(toXml({ type: "a", timestamp, data: { tags: ["x", "y"], n: null } })).toBe(
      `<?xml version="1.0" encoding="UTF-8"?><webhook><type>a</type><timestamp>${timestamp}</timestamp><data><tags>x</tags><tags>y</tags><n/></data></webhook>`,
    );
  });
});

describe("formats", () => {
  it("the envelope is byte for byte renderBody's, raw is the data alone, and each content type matches its body", () => {
    fc.assert(
      fc.property(json(anyKey), (data) => {
        const createdAt = new Date(timestamp);
        const envelope = { type: "t.x", timestamp, data };
        expect(envelopeJson(envelope)).toBe(renderBody({ eventType: "t.x", createdAt, payload: data }));
        expect(formatBody("envelope", envelope)).toEqual({ body: renderBody({ eventType: "t.x", createdAt, payload: data }), contentType: JSON_CONTENT_TYPE });
        expect(formatBody("raw", envelope).body).toBe(JSON.stringify(data));
      }),
    );
    expect(formatBody("form", { type: "t", timestamp, data: 1 }).contentType).toBe(FORM_CONTENT_TYPE);
    expect(formatBody("xml", { type: "t", timestamp, data: 1 }).contentType).toBe(XML_CONTENT_TYPE);
  });
});
