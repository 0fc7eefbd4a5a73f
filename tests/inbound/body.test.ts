// Reading inbound bodies: the cap holds for any chunking, and decoding round-trips under the same cap.
import { brotliCompressSync, deflateRawSync, deflateSync, gzipSync } from "node:zlib";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodeContentEncoding, readCappedBody } from "@/lib/net/capped-body";

function streamOf(chunks: Uint8Array[]) {
  return new ReadableStream<Uint8Array>({
    start(controller) {
      chunks.forEach((chunk) => controller.enqueue(chunk));
      controller.close();
    },
  });
}

describe("readCappedBody", () => {
  it("property: returns the exact bytes up to the cap, and refuses one byte more", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.uint8Array({ maxLength: 300 }), { maxLength: 8 }), fc.integer({ min: 0, max: 2000 }), async (chunks, limit) => {
        const all = Buffer.concat(chunks);
        const result = await readCappedBody(streamOf(chunks), limit, null);
        if (all.length <= limit) expect(result.ok && result.bytes.equals(all)).toBe(true);
        else expect(result).toMatchObject({ ok: false, status: 413, reason: "body_too_large" });
      }),
    );
  });

  it("refuses a declared Content-Length above the cap without reading, and never cancels a refused body", async () => {
    let pulled = false;
    let cancelled = false;
    // No prefetching (highWaterMark 0): a pull is a read.
    const declared = new ReadableStream<Uint8Array>({ pull: () => void (pulled = true), cancel: () => void (cancelled = true) }, { highWaterMark: 0 });
    expect(await readCappedBody(declared, 10, "11")).toMatchObject({ ok: false, received: 0 });
    expect(pulled).toBe(false);
    // Read past the cap: left unread rather than cancelled (a cancel resets the connection before the 413 gets out).
    const endless = new ReadableStream<Uint8Array>({ pull: (controller) => controller.enqueue(new Uint8Array(8)), cancel: () => void (cancelled = true) });
    expect(await readCappedBody(endless, 10, null)).toMatchObject({ ok: false, status: 413, received: 16 });
    expect(endless.locked).toBe(false);
    expect(cancelled).toBe(false);
  });
});

describe("decodeContentEncoding", () => {
  const encoders: Record<string, (b: Buffer) => Buffer> = { gzip: gzipSync, "x-gzip": gzipSync, deflate: deflateSync, br: brotliCompressSync };

  it("property: every encoding round-trips, and the cap applies to the inflated size", async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 4000 }), fc.constantFrom(...Object.keys(encoders)), fc.integer({ min: 1, max: 5000 }), async (bytes, encoding, limit) => {
        const data = Buffer.from(bytes);
        const result = await decodeContentEncoding(encoders[encoding](data), encoding, limit);
        if (data.length <= limit) expect(result.ok && result.bytes.equals(data)).toBe(true);
        else expect(result).toMatchObject({ ok: false, status: 413, reason: "inflated_too_large" });
      }),
      { numRuns: 60 },
    );
  });

  it("accepts raw deflate, identity, and stacked encodings", async () => {
    const data = Buffer.from("stacked");
    expect(await decodeContentEncoding(deflateRawSync(data), "deflate", 100)).toMatchObject({ ok: true, bytes: data });
    expect(await decodeContentEncoding(data, "identity", 100)).toMatchObject({ ok: true, bytes: data });
    expect(await decodeContentEncoding(brotliCompressSync(gzipSync(data)), "gzip, br", 100)).toMatchObject({ ok: true, bytes: data });
  });
});
