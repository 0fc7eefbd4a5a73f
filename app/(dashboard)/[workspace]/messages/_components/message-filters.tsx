"use client";

import { SearchIcon } from "lucide-react";
import Link from "next/link";
import { usePathname, useRouter } from "next/navigation";

import { TimezoneField } from "@/components/outbound/timezone-field";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";

/** The filters the messages page reads from its URL, so a filtered view can be shared as a link. */
export type MessageFilterValues = {
  search?: string;
  status?: string;
  endpointId?: string;
  eventType?: string;
  eventId?: string;
  since?: string;
  until?: string;
  tzOffset?: string;
};

// Radix Select has no empty value: "all" stands for no filter and never reaches the URL.
const ALL = "all";

/**
 * The messages page's filter bar. Applying it navigates to the same page with the filters in the query string
 * (empty ones left out, the page cursor dropped), which the server page reads; nothing is kept anywhere else.
 */
export function MessageFilters({
  values,
  statuses,
  eventTypes,
  endpoints,
}: {
  values: MessageFilterValues;
  statuses: readonly string[];
  eventTypes: string[];
  endpoints: { id: string; url: string }[];
}) {
  const router = useRouter();
  const pathname = usePathname();
  const active = Object.entries(values).some(([key, value]) => key !== "tzOffset" && value);

  function apply(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const query = new URLSearchParams();
    for (const [key, value] of new FormData(event.currentTarget)) {
      if (typeof value === "string" && value.trim() && value !== ALL) query.set(key, value.trim());
    }
    // The browser's offset matters only to read the two times.
    if (!query.has("since") && !query.has("until")) query.delete("tzOffset");
    router.push(query.size ? `${pathname}?${query}` : pathname);
  }

  return (
    <form onSubmit={apply} role="search" aria-label="Filter messages" className="grid grid-cols-1 gap-3 rounded-lg border bg-card p-4 sm:grid-cols-2 lg:grid-cols-4">
      <TimezoneField />
      <div className="space-y-1 sm:col-span-2">
        <Label htmlFor="f-search">Message id or event id</Label>
        <div className="relative">
          <SearchIcon className="pointer-events-none absolute top-1/2 left-2.5 size-4 -translate-y-1/2 text-muted-foreground" aria-hidden />
          <Input id="f-search" name="search" defaultValue={values.search} placeholder="msg_… or your eventId" className="pl-8 font-mono text-xs" />
        </div>
      </div>
      <FilterSelect id="f-status" name="status" label="Delivery status" value={values.status} allLabel="Any status" options={statuses.map((s) => ({ value: s, label: s }))} />
      <FilterSelect id="f-endpoint" name="endpointId" label="Endpoint" value={values.endpointId} allLabel="Any endpoint" options={endpoints.map((e) => ({ value: e.id, label: e.url }))} />
      <FilterSelect id="f-type" name="eventType" label="Event type" value={values.eventType} allLabel="All types" options={eventTypes.map((t) => ({ value: t, label: t }))} />
      <div className="space-y-1">
        <Label htmlFor="f-event-id">Event id</Label>
        <Input id="f-event-id" name="eventId" defaultValue={values.eventId} className="font-mono text-xs" />
      </div>
      <div className="space-y-1">
        <Label htmlFor="f-since">From</Label>
        <Input id="f-since" name="since" type="datetime-local" defaultValue={values.since} />
      </div>
      <div className="space-y-1">
        <Label htmlFor="f-until">To</Label>
        <Input id="f-until" name="until" type="datetime-local" defaultValue={values.until} />
      </div>
      <div className="flex items-end gap-2 sm:col-span-2 lg:col-span-4">
        <Button type="submit">Filter</Button>
        {active ? <Button asChild variant="ghost"><Link href={pathname}>Clear</Link></Button> : null}
      </div>
    </form>
  );
}

function FilterSelect({
  id,
  name,
  label,
  value,
  allLabel,
  options,
}: {
  id: string;
  name: string;
  label: string;
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
