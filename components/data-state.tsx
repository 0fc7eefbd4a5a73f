"use client";

import * as React from "react";
import { RefreshCwIcon, TriangleAlertIcon } from "lucide-react";

import { cn } from "@/lib/ui/cn";
import { Button } from "@/components/ui/button";
import { Skeleton } from "@/components/ui/skeleton";

type ErrorStateProps = {
  /** What the boundary caught. Next types it as `unknown`; an `Error` with a `digest` is the usual case. */
  error: unknown;
  /** Re-renders the boundary's children without fetching again. */
  reset: () => void;
  /**
   * Next 16.3+ also hands error boundaries `retry`, which re-fetches the
   * segment's server data before re-rendering. Prefer it when available: a
   * failed server render usually needs fresh data, not just a re-render.
   */
  retry?: () => void;
  title?: string;
  className?: string;
};

function digestOf(error: unknown): string | undefined {
  if (typeof error !== "object" || error === null || !("digest" in error)) return undefined;
  return typeof error.digest === "string" ? error.digest : undefined;
}

/**
 * The body of an `error.tsx` boundary. It never shows the error's message: in
 * production Next replaces it with a generic text anyway, and in development it
 * may hold internals. The digest lets support find the matching server log line.
 */
export function ErrorState({ error, reset, retry, title = "Something went wrong", className }: ErrorStateProps) {
  const digest = digestOf(error);

  return (
    <div
      role="alert"
      data-slot="error-state"
      className={cn(
        "flex flex-col items-center justify-center gap-3 rounded-lg border border-dashed px-6 py-12 text-center",
        className,
      )}
    >
      <div className="flex size-10 items-center justify-center rounded-full bg-destructive/10 text-destructive">
        <TriangleAlertIcon className="size-5" aria-hidden />
      </div>
      <div className="max-w-sm space-y-1">
        <h2 className="text-sm font-semibold">{title}</h2>
        <p className="text-sm text-muted-foreground">
          This page could not be loaded. Try again, and if it keeps failing, contact support.
        </p>
        {digest && <p className="font-mono text-xs text-muted-foreground">Reference: {digest}</p>}
      </div>
      <Button variant="outline" size="sm" onClick={() => (retry ?? reset)()}>
        <RefreshCwIcon />
        Try again
      </Button>
    </div>
  );
}

/** A page-level placeholder for `loading.tsx`: a header line and a table. */
export function LoadingState({ className }: { className?: string }) {
  return (
    <div data-slot="loading-state" aria-busy="true" aria-live="polite" className={cn("space-y-6", className)}>
      <span className="sr-only">Loading…</span>
      <div className="space-y-2">
        <Skeleton className="h-6 w-48" />
        <Skeleton className="h-4 w-80 max-w-full" />
      </div>
      <TableSkeleton />
    </div>
  );
}

/** Placeholder rows shaped like a data table while its rows load. */
export function TableSkeleton({
  rows = 6,
  columns = 4,
  className,
}: {
  rows?: number;
  columns?: number;
  className?: string;
}) {
  return (
    <div data-slot="table-skeleton" aria-hidden className={cn("overflow-hidden rounded-lg border", className)}>
      <div className="flex gap-4 border-b bg-muted/40 px-3 py-3">
        {Array.from({ length: columns }, (_, column) => (
          <Skeleton key={column} className="h-3 flex-1" />
        ))}
      </div>
      {Array.from({ length: rows }, (_, row) => (
        <div key={row} className="flex gap-4 border-b px-3 py-3.5 last:border-b-0">
          {Array.from({ length: columns }, (_, column) => (
            <Skeleton key={column} className={cn("h-4 flex-1", column === 0 && "flex-[2]")} />
          ))}
        </div>
      ))}
    </div>
  );
}
