import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { BASE62, newId, toBase62 } from "@/lib/platform/ids";

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
});
