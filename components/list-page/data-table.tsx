import * as React from "react";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";

/** One column of a DataTable: its header and how a row fills its cell. */
export type Column<T> = {
  header: React.ReactNode;
  cell: (row: T) => React.ReactNode;
  className?: string;
  headClassName?: string;
  /** Shown before the value on a phone, where a stacked table hides its header; only for values that need it. */
  label?: string;
  /** data-testid of every cell in the column. */
  testId?: string;
};

/**
 * A list page's table, columns given as data. With no rows it shows `empty` instead (usually an EmptyState).
 * `stack` turns rows into cards on a phone (see Table); `framed` draws the bordered card a page-level list sits in,
 * off for a table that is already inside a Card.
 */
export function DataTable<T>({
  rows,
  columns,
  rowKey,
  rowProps,
  empty,
  stack = true,
  framed = true,
  header = true,
}: {
  rows: T[];
  columns: (Column<T> | false | null | undefined)[];
  rowKey: (row: T) => string;
  /** Attributes of a row's <tr>, such as data-testid. */
  rowProps?: (row: T) => React.ComponentProps<"tr"> & Record<`data-${string}`, string | number | boolean | undefined>;
  empty?: React.ReactNode;
  stack?: boolean;
  framed?: boolean;
  header?: boolean;
}) {
  if (rows.length === 0 && empty !== undefined) return <>{empty}</>;
  const shown = columns.filter((c): c is Column<T> => Boolean(c));
  const table = (
    <Table stack={stack}>
      {header ? (
        <TableHeader>
          <TableRow>
            {shown.map((column, i) => <TableHead key={i} className={column.headClassName}>{column.header}</TableHead>)}
          </TableRow>
        </TableHeader>
      ) : null}
      <TableBody>
        {rows.map((row) => (
          <TableRow key={rowKey(row)} {...rowProps?.(row)}>
            {shown.map((column, i) => (
              <TableCell key={i} label={column.label} className={column.className} data-testid={column.testId}>{column.cell(row)}</TableCell>
            ))}
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
  return framed ? <div className="rounded-lg border bg-card">{table}</div> : table;
}
