import { promisify } from "node:util";
import zlib from "node:zlib";

/**
 * Reading an inbound body safely: the byte cap is enforced while the stream is read, so an oversize body is never
 * held in memory, and Content-Encoding is decoded with the same cap on the inflated size, so a small gzip bomb
 * cannot expand into gigabytes.
 */

export type BodyFailure = {
  ok: false;
  status: 400 | 413 | 415;
  reason: "body_too_large" | "inflated_too_large" | "unsupported_encoding" | "malformed_encoding";
  detail: string;
  /** Bytes read before giving up (the whole body for decoding failures). */
  received: number;
};

export type ReadResult = { ok: true; bytes: Buffer } | BodyFailure;

const mib = (bytes: number) => (bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1).replace(/\.0$/, "")} MiB` : `${Math.round(bytes / 1024)} KiB`);

/**
 * Reads at most `limit` bytes. A declared Content-Length above the limit is refused before reading anything.
 * A refused body is left unread, never cancelled: cancelling destroys the socket while the client is still sending,
 * and the reset can reach it before the 413 does. The unread rest holds the client back, and the server closes the
 * connection lingeringly once the answer is out (scripts/server.ts).
 */
export async function readCappedBody(body: ReadableStream<Uint8Array> | null, limit: number, declaredLength: string | null): Promise<ReadResult> {
  const tooLarge = (received: number): BodyFailure => ({
    ok: false,
    status: 413,
    reason: "body_too_large",
    detail: `the body is larger than this source's ${mib(limit)} limit`,
    received,
  });
  if (declaredLength && /^\d+$/.test(declaredLength) && Number(declaredLength) > limit) {
    return tooLarge(0);
  }
  if (!body) return { ok: true, bytes: Buffer.alloc(0) };
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      reader.releaseLock();
      return tooLarge(size);
    }
    chunks.push(value);
  }
  return { ok: true, bytes: Buffer.concat(chunks, size) };
}

const gunzip = promisify(zlib.gunzip);
const inflate = promisify(zlib.inflate);
const inflateRaw = promisify(zlib.inflateRaw);
const brotli = promisify(zlib.brotliDecompress);

function isOutputLimit(error: unknown): boolean {
  return (error as { code?: string })?.code === "ERR_BUFFER_TOO_LARGE" || error instanceof RangeError;
}

async function decodeOne(encoding: string, bytes: Buffer, limit: number): Promise<Buffer> {
  const options = { maxOutputLength: limit };
  switch (encoding) {
    case "gzip":
    case "x-gzip":
      return gunzip(bytes, options);
    case "deflate":
      // HTTP's deflate is zlib-wrapped, but enough senders use raw deflate that browsers accept both.
      try {
        return await inflate(bytes, options);
      } catch (error) {
        if (isOutputLimit(error)) throw error;
        return inflateRaw(bytes, options);
      }
    case "br":
      return brotli(bytes, options);
    default:
      throw Object.assign(new Error(encoding), { unsupported: true });
  }
}

/**
 * Undoes Content-Encoding (gzip, deflate, br; listed encodings are undone last first). The inflated body may be at
 * most `limit` bytes, checked by zlib as it inflates.
 */
export async function decodeContentEncoding(bytes: Buffer, header: string | null, limit: number): Promise<ReadResult> {
  const encodings = (header ?? "")
    .split(",")
    .map((e) => e.trim().toLowerCase())
    .filter((e) => e && e !== "identity");
  let current = bytes;
  for (const encoding of encodings.reverse()) {
    try {
      current = await decodeOne(encoding, current, limit);
    } catch (error) {
      if ((error as { unsupported?: boolean }).unsupported) {
        return { ok: false, status: 415, reason: "unsupported_encoding", detail: `Content-Encoding ${encoding} is not supported (use gzip, deflate or br)`, received: bytes.length };
      }
      if (isOutputLimit(error)) {
        return {
          ok: false,
          status: 413,
          reason: "inflated_too_large",
          detail: `the ${encoding} body inflates beyond this source's ${mib(limit)} limit (${mib(bytes.length)} compressed)`,
          received: bytes.length,
        };
      }
      return { ok: false, status: 400, reason: "malformed_encoding", detail: `the body is not valid ${encoding} data`, received: bytes.length };
    }
  }
  return { ok: true, bytes: current };
}
