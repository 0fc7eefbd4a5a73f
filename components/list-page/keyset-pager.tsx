import Link from "next/link";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";

/**
 * The filters of a list page's address bar, as the query its pager links keep: every non-empty value but the cursor.
 */
export function filterQuery(search: Record<string, string | string[] | undefined>): URLSearchParams {
  return new URLSearchParams(
    Object.entries(search).filter((entry): entry is [string, string] => typeof entry[1] === "string" && entry[1] !== "" && entry[0] !== "cursor"),
  );
}

/** A link to a page of a list: its path, its filters, and a cursor (none for the newest page). */
export function pageHref(path: string, filters: URLSearchParams | Record<string, string | undefined>, cursor?: string, hash?: string): string {
  const query = new URLSearchParams(
    filters instanceof URLSearchParams ? filters : Object.entries(filters).filter((entry): entry is [string, string] => Boolean(entry[1])),
  );
  query.delete("cursor");
  if (cursor) query.set("cursor", cursor);
  return `${path}${query.size ? `?${query}` : ""}${hash ? `#${hash}` : ""}`;
}

/** Shown above a list whose `?cursor=` was not valid and was ignored (see pageCursor). */
export function IgnoredCursorNotice({ ignored }: { ignored: boolean }) {
  if (!ignored) return null;
  return (
    <Alert role="status">
      <AlertDescription>The page link was not valid, so this shows the newest entries.</AlertDescription>
    </Alert>
  );
}

/**
 * The links under a keyset-paginated list, which keep the page in the address bar: back to the newest page (when on
 * an older one, i.e. `cursor` is set) and on to older entries (when the list returned a `nextCursor`). Both keep the
 * filters; `hash` scrolls back to the list on a page that has more above it. Renders nothing when there is neither.
 */
export function KeysetPager({
  path,
  filters = {},
  cursor,
  nextCursor,
  hash,
  size,
}: {
  path: string;
  filters?: URLSearchParams | Record<string, string | undefined>;
  cursor?: string | null;
  nextCursor?: string | null;
  hash?: string;
  size?: "sm";
}) {
  if (!cursor && !nextCursor) return null;
  return (
    <div className="flex justify-end gap-2">
      {cursor ? (
        <Button asChild variant="ghost" size={size}>
          <Link href={pageHref(path, filters, undefined, hash)}>Newest</Link>
        </Button>
      ) : null}
      {nextCursor ? (
        <Button asChild variant="outline" size={size}>
          <Link href={pageHref(path, filters, nextCursor, hash)}>Older →</Link>
        </Button>
      ) : null}
    </div>
  );
}
