import { TableSkeleton } from "@/components/data-state";
import { Skeleton } from "@/components/ui/skeleton";

/** The `loading.tsx` body of a list page: its header, its filter bar or tabs (if it has them) and its table. */
export function ListSkeleton({ columns, filters }: { columns: number; filters?: "bar" | "tabs" }) {
  return (
    <div data-slot="loading-state" aria-busy="true" aria-live="polite" className="space-y-6">
      <span className="sr-only">Loading…</span>
      <div className="space-y-2">
        <Skeleton className="h-6 w-48" />
        <Skeleton className="h-4 w-80 max-w-full" />
      </div>
      {filters === "bar" ? <Skeleton className="h-32 w-full rounded-lg" /> : null}
      {filters === "tabs" ? <Skeleton className="h-7 w-64" /> : null}
      <TableSkeleton columns={columns} />
    </div>
  );
}
