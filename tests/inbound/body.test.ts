// Reading inbound bodies: the cap holds for any chunking, and decoding round-trips under the same cap.
import { brotliCompressSync, deflateRawSync, deflateSync, gzipSync } from "node:zlib";
import fc from "fast-check";
import { describe, expect, it, vi } from "vitest";
import { decodeContentEncoding, LINGER_MS, readCappedBody } from "@/lib/net/capped-body";

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

  it("refuses a declared Content-Length above the cap before holding any of it, and drops what the client still sends", async () => {
    let pulls = 0;
    let dropped: () => void;
    const allDropped = new Promise<void>((resolve) => (dropped = resolve));
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (++pulls <= 3) return controller.enqueue(new Uint8Array(4));
        controller.close();
        dropped();
      },
    });
    expect(await readCappedBody(stream, 10, "11")).toMatchObject({ ok: false, status: 413, received: 0 });
    await allDropped; // read to its end, not cancelled: a cancel resets the connection before the 413 gets out
    expect(pulls).toBe(4);
  });

  it("gives up on a refused body the client keeps sending after LINGER_MS", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    try {
      let cancelled: (reason: unknown) => void;
      const cancel = new Promise((resolve) => (cancelled = resolve));
      // Each chunk a turn of the event loop later, as from a socket.
      const endless = new ReadableStream<Uint8Array>({
        pull: (controller) => new Promise((resolve) => setImmediate(resolve)).then(() => controller.enqueue(new Uint8Array(8))),
        cancel: (reason) => cancelled(reason),
      });
      expect(await readCappedBody(endless, 10, null)).toMatchObject({ ok: false, status: 413 });
      await vi.advanceTimersByTimeAsync(LINGER_MS);
      await cancel;
    } finally {
      vi.useRealTimers();
    }
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
