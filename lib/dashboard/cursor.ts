import { decodeCursor } from "@/lib/api/pagination";

/**
 * A list page's `?cursor=` from the address bar. One that does not decode (a truncated or hand-edited link) is dropped,
 * so the page shows its newest entries with a notice instead of failing the whole page.
 */
export function pageCursor(raw: string | string[] | undefined): { cursor: string | undefined; ignored: boolean } {
  if (raw === undefined || raw === "") return { cursor: undefined, ignored: false };
  if (typeof raw === "string" && raw.length <= 500 && decodeCursor(raw)) return { cursor: raw, ignored: false };
  return { cursor: undefined, ignored: true };
}
