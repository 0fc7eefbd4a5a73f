import Link from "next/link";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";

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
 * The links under a keyset-paginated list: back to the newest page (when on an older one) and on to older entries
 * (when there are more). Renders nothing when there is neither.
 */
export function KeysetPager({ newestHref, olderHref, size }: { newestHref?: string | null; olderHref?: string | null; size?: "sm" }) {
  if (!newestHref && !olderHref) return null;
  return (
    <div className="flex justify-end gap-2">
      {newestHref ? (
        <Button asChild variant="ghost" size={size}>
          <Link href={newestHref}>Newest</Link>
        </Button>
      ) : null}
      {olderHref ? (
        <Button asChild variant="outline" size={size}>
          <Link href={olderHref}>Older →</Link>
        </Button>
      ) : null}
    </div>
  );
}
