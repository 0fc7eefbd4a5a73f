import * as React from "react";

import { cn } from "@/lib/ui/cn";

/**
 * A table wrapped in a horizontally scrolling container, so wide log tables never break the layout. With `stack`,
 * below the md breakpoint (phones) each row becomes a card of its cells, one under another, and the header row is
 * hidden: a phone never has to scroll sideways to find a column. Cells then wrap instead of staying on one line.
 */
export function Table({ className, stack = false, ...props }: React.ComponentProps<"table"> & { stack?: boolean }) {
  return (
    <div
      data-slot="table-container"
      className={cn(
        "relative w-full overflow-x-auto",
        stack &&
          "max-md:[&_:is(table,tbody,tr,td)]:block max-md:[&_thead]:hidden max-md:[&_tr]:py-2 max-md:[&_td]:py-1 max-md:[&_td]:whitespace-normal max-md:[&_td]:break-words",
      )}
    >
      <table data-slot="table" className={cn("w-full caption-bottom text-sm", className)} {...props} />
    </div>
  );
}

export function TableHeader({ className, ...props }: React.ComponentProps<"thead">) {
  return <thead data-slot="table-header" className={cn("[&_tr]:border-b", className)} {...props} />;
}

export function TableBody({ className, ...props }: React.ComponentProps<"tbody">) {
  return <tbody data-slot="table-body" className={cn("[&_tr:last-child]:border-0", className)} {...props} />;
}

export function TableFooter({ className, ...props }: React.ComponentProps<"tfoot">) {
  return (
    <tfoot
      data-slot="table-footer"
      className={cn("border-t bg-muted/50 font-medium [&>tr]:last:border-b-0", className)}
      {...props}
    />
  );
}

export function TableRow({ className, ...props }: React.ComponentProps<"tr">) {
  return (
    <tr
      data-slot="table-row"
      className={cn("border-b transition-colors hover:bg-muted/50 data-[state=selected]:bg-muted", className)}
      {...props}
    />
  );
}

export function TableHead({ className, ...props }: React.ComponentProps<"th">) {
  return (
    <th
      data-slot="table-head"
      className={cn(
        "h-9 px-3 text-left align-middle text-xs font-medium whitespace-nowrap text-muted-foreground [&:has([role=checkbox])]:pr-0",
        className,
      )}
      {...props}
    />
  );
}

/**
 * A cell. `label` (the column's header) is shown before the content only where a `stack` table has hidden its header
 * row, so a phone still says which value is which.
 */
export function TableCell({ className, label, children, ...props }: React.ComponentProps<"td"> & { label?: string }) {
  return (
    <td
      data-slot="table-cell"
      className={cn("px-3 py-2.5 align-middle whitespace-nowrap [&:has([role=checkbox])]:pr-0", className)}
      {...props}
    >
      {label ? <span className="mr-1.5 text-xs text-muted-foreground md:hidden">{label}:</span> : null}
      {children}
    </td>
  );
}

export function TableCaption({ className, ...props }: React.ComponentProps<"caption">) {
  return (
    <caption data-slot="table-caption" className={cn("mt-4 text-sm text-muted-foreground", className)} {...props} />
  );
}
