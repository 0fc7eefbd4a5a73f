import { AppError } from "@/lib/api/errors";
import { readCappedBody } from "@/lib/net";

/**
 * Limits on what a public API request may send. The body is capped while it is read (and a larger Content-Length is
 * refused before reading), so no request can make the server hold more than the limit; JSON nesting is bounded before
 * parsing, so no payload can overflow the stack of whatever walks it later (JSON.stringify, schema checks, filters).
 */

/** Routes other than sending messages take settings: a few KiB in practice. */
export const DEFAULT_API_BODY_LIMIT_BYTES = 256 * 1024;
export const MAX_JSON_DEPTH = 64;

const size = (bytes: number) => (bytes >= 1024 * 1024 ? `${+(bytes / 1024 / 1024).toFixed(1)} MiB` : `${Math.round(bytes / 1024)} KiB`);

/** The body as text, or 413 `payload_too_large` past `limit` bytes. */
export async function readApiBody(request: Request, limit: number): Promise<string> {
  const read = await readCappedBody(request.body, limit, request.headers.get("content-length"));
  if (!read.ok) throw new AppError("payload_too_large", `The request body is larger than this route's ${size(limit)} limit.`);
  return read.bytes.toString("utf8");
}

/**
 * Whether JSON text nests arrays and objects deeper than `max`, in one pass over the characters (no recursion, so
 * any depth is safe to check); brackets inside strings do not count.
 */
export function jsonTextNestsDeeperThan(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // a backslash escapes the next character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > max) return true;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return false;
}

/** The same bound for a parsed value (a form's JSON, say), with an explicit stack instead of recursion. */
export function valueNestsDeeperThan(value: unknown, max: number): boolean {
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (node === null || typeof node !== "object") continue;
    if (depth > max) return true;
    for (const child of Object.values(node)) stack.push([child, depth + 1]);
  }
  return false;
}

export const tooDeep = () => new AppError("validation_failed", `The JSON nests deeper than ${MAX_JSON_DEPTH} levels.`);
