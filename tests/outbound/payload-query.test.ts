// The messages log's payload search syntax: `data.a.b = <JSON>` becomes the containment object {a:{b:<JSON>}}.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parsePayloadQuery } from "@/lib/outbound/payload-query";

const name = fc.stringMatching(/^[A-Za-z0-9_-]{1,12}$/);
const anyKey = fc.string({ minLength: 1, maxLength: 12 });

describe("payload search", () => {
  it("turns any path and JSON value into the containment object that nests the value at the path", () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(name, anyKey), { minLength: 1, maxLength: 5 }), fc.jsonValue(), fc.boolean(), (path, value, prefixed) => {
        const written = path.map((k) => (/^[A-Za-z0-9_$-]+$/.test(k) ? k : JSON.stringify(k))).join(".");
        const parsed = parsePayloadQuery(`${prefixed ? "data." : ""}${written} = ${JSON.stringify(value)}`);
        expect(parsed.ok).toBe(true);
        if (!parsed.ok) return;
        // A path that itself starts with "data" loses it only when it was written as the envelope's prefix.
        const expectedPath = !prefixed && path[0] === "data" && path.length > 1 ? path.slice(1) : path;
        expect(parsed.path).toEqual(expectedPath);
        expect(parsed.containment).toEqual(expectedPath.reduceRight<unknown>((inner, key) => ({ [key]: inner }), JSON.parse(JSON.stringify(value))));
      }),
    );
  });

  it("refuses text that is not a path and a JSON value, whatever it is, without throwing", () => {
    fc.assert(fc.property(fc.string(), (text) => void parsePayloadQuery(text)));
    expect(parsePayloadQuery("customer.id = cus_1")).toMatchObject({ ok: false });
    expect(parsePayloadQuery("customer.id")).toMatchObject({ ok: false });
    expect(parsePayloadQuery("= 1")).toMatchObject({ ok: false });
    expect(parsePayloadQuery('data.customer.id = "cus_1"')).toMatchObject({ ok: true, containment: { customer: { id: "cus_1" } } });
  });
});
