import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { BASE62, type Id, ID_PREFIXES, idSchema, isId, newId, toBase62 } from "@/lib/platform/ids";

describe("ids", () => {
  it("are prefixed, fixed-length and strictly increasing within a process, even within one millisecond", () => {
    const ids = Array.from({ length: 5000 }, () => newId("msg"));
    for (const id of ids) expect(id).toMatch(/^msg_[0-9A-Za-z]{23}$/);
    for (let i = 1; i < ids.length; i++) expect(ids[i] > ids[i - 1]).toBe(true);
  });

  it("begin with their creation time in milliseconds, so ids of later milliseconds sort after", async () => {
    const decode = (id: string) => [...id.slice(id.indexOf("_") + 1, id.indexOf("_") + 10)].reduce((n, c) => n * 62 + BASE62.indexOf(c), 0);
    const before = Date.now();
    const first = newId("att");
    await new Promise((r) => setTimeout(r, 5));
    const second = newId("att");
    const after = Date.now();
    expect(decode(first)).toBeGreaterThanOrEqual(before);
    expect(decode(second)).toBeGreaterThan(decode(first));
    expect(decode(second)).toBeLessThanOrEqual(after);
    expect(second > first).toBe(true);
  });

  it("base62 keeps byte order as string order at a fixed width (property)", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }), fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }), (a, b) => {
        const enc = (n: bigint) => {
          const buf = Buffer.alloc(8);
          buf.writeBigUInt64BE(n);
          return toBase62(buf, 11);
        };
        expect(Math.sign(Number(a - b))).toBe(enc(a) < enc(b) ? -1 : enc(a) > enc(b) ? 1 : 0);
      }),
    );
  });

  it("are typed by their prefix: an endpoint id is refused where a message id is wanted (tsc checks these lines)", () => {
    const wantsMessage = (id: Id<"msg">) => id;
    const endpointId = newId("ep");
    const messageId: Id<"msg"> = newId("msg");
    // @ts-expect-error: an endpoint id is not a message id
    wantsMessage(endpointId);
    // @ts-expect-error: neither is a plain string, until isId or idSchema has checked it
    wantsMessage("msg_" as string);
    const raw: string = messageId;
    if (isId("msg", raw)) expect(wantsMessage(raw)).toBe(messageId);
    const parsed: Id<"ep"> = idSchema("ep").parse(endpointId);
    // @ts-expect-error: idSchema("ep") parses endpoint ids, not message ids
    wantsMessage(idSchema("ep").parse(endpointId));
    expect(parsed).toBe(endpointId);
  });

  it("every newId(p) passes isId(p) and idSchema(p), and no other prefix's check (property)", () => {
    fc.assert(
      fc.property(fc.constantFrom(...ID_PREFIXES), fc.constantFrom(...ID_PREFIXES), (p, q) => {
        const id = newId(p);
        expect(isId(p, id)).toBe(true);
        expect(idSchema(p).safeParse(id).success).toBe(true);
        expect(isId(q, id)).toBe(p === q);
        expect(idSchema(q).safeParse(id).success).toBe(p === q);
      }),
    );
  });

  it("isId and idSchema refuse a bare prefix, a prefix without its underscore, and non-strings", () => {
    for (const value of ["ep_", "ep", "epx_1", "EP_1", "", " ep_1", 1, null, undefined, { id: "ep_1" }]) {
      expect(isId("ep", value)).toBe(false);
      expect(idSchema("ep").safeParse(value).success).toBe(false);
    }
    expect(isId("ep", "ep_1")).toBe(true);
  });
});
