"use client";

import { SearchIcon } from "lucide-react";
import Link from "next/link";
import { usePathname, useRouter } from "next/navigation";

import { TimezoneField } from "@/components/outbound/timezone-field";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { cn } from "@/lib/ui/cn";

// Radix Select has no empty value: "all" stands for no filter and never reaches the URL.
const ALL = "all";

/**
 * A list page's filter bar: a GET form whose filters live only in the address bar, so a filtered view can be shared
 * as a link and the server page reads them from its search params. Applying it navigates to the same page with the
 * filled-in fields in the query string (empty ones and "any" selections left out, the page cursor dropped); before
 * the page's script has loaded it submits as a plain GET form to the same URL.
 *
 * With `localTimes`, the form carries the browser's offset from UTC (tzOffset) so the server reads its
 * datetime-local fields in the zone they were typed in; the offset is sent only when one of them is filled in.
 */
export function FilterBar({
  label,
  active,
  localTimes = false,
  className,
  actionsClassName,
  children,
}: {
  /** The form's accessible name, e.g. "Filter messages". */
  label?: string;
  /** Whether any filter is applied now: shows the Clear link. */
  active: boolean;
  localTimes?: boolean;
  /** The grid the fields sit in (columns per breakpoint). */
  className?: string;
  /** Where the Filter and Clear buttons sit in that grid. */
  actionsClassName?: string;
  children: React.ReactNode;
}) {
  const router = useRouter();
  const pathname = usePathname();

  function apply(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const query = new URLSearchParams();
    for (const [key, value] of new FormData(form)) {
      if (typeof value === "string" && value.trim() && value !== ALL) query.set(key, value.trim());
    }
    // The browser's offset matters only to read a time that was typed in.
    const times = [...form.querySelectorAll<HTMLInputElement>('input[type="datetime-local"]')];
    if (!times.some((input) => query.has(input.name))) query.delete("tzOffset");
    router.push(query.size ? `${pathname}?${query}` : pathname);
  }

  return (
    <form method="get" action={pathname} onSubmit={apply} role="search" aria-label={label} className={cn("grid gap-3 rounded-lg border bg-card p-4", className)}>
      {localTimes ? <TimezoneField /> : null}
      {children}
      <div className={cn("flex items-end gap-2", actionsClassName)}>
        <Button type="submit">Filter</Button>
        {active ? <Button asChild variant="ghost"><Link href={pathname}>Clear</Link></Button> : null}
      </div>
    </form>
  );
}

/** A labelled text (or datetime-local) filter; `search` adds a magnifier inside the field. */
export function FilterInput({
  name,
  label,
  id = `f-${name}`,
  value,
  type,
  placeholder,
  search = false,
  className,
  inputClassName,
}: {
  name: string;
  label: string;
  id?: string;
  value: string | undefined;
  type?: "text" | "datetime-local";
  placeholder?: string;
  search?: boolean;
  className?: string;
  inputClassName?: string;
}) {
  const input = <Input id={id} name={name} type={type} defaultValue={value} placeholder={placeholder} className={cn(search && "pl-8", inputClassName)} />;
  return (
    <div className={cn("space-y-1", className)}>
      <Label htmlFor={id}>{label}</Label>
      {search ? (
        <div className="relative">
          <SearchIcon className="pointer-events-none absolute top-1/2 left-2.5 size-4 -translate-y-1/2 text-muted-foreground" aria-hidden />
          {input}
        </div>
      ) : (
        input
      )}
    </div>
  );
}

/** A labelled choice among options, with a first "any" entry that stands for no filter. */
export function FilterSelect({
  name,
  label,
  id = `f-${name}`,
  value,
  allLabel,
  options,
}: {
  name: string;
  label: string;
  id?: string;
  value: string | undefined;
  allLabel: string;
  options: { value: string; label: string }[];
}) {
  return (
    <div className="min-w-0 space-y-1">
      <Label htmlFor={id}>{label}</Label>
      {/* Keyed by the URL's value so that navigating (Clear, back) resets what the control shows. */}
      <Select key={value ?? ALL} name={name} defaultValue={value && options.some((o) => o.value === value) ? value : ALL}>
        <SelectTrigger id={id} className="w-full min-w-0">
          <SelectValue />
        </SelectTrigger>
        <SelectContent>
          <SelectItem value={ALL}>{allLabel}</SelectItem>
          {options.map((option) => (
            <SelectItem key={option.value} value={option.value} className="max-w-[80vw] truncate" title={option.label}>
              {option.label}
            </SelectItem>
          ))}
        </SelectContent>
      </Select>
    </div>
  );
}
