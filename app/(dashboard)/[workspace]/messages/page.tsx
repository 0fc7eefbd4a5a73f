import { MessagesSquare } from "lucide-react";
import Link from "next/link";
import { EmptyState } from "@/components/empty-state";
import { KeysetPager } from "@/components/keyset-pager";
import { DeliveryStatusBadge } from "@/components/outbound/status-badges";
import { TimezoneField } from "@/components/outbound/timezone-field";
import { PageHeader } from "@/components/page-header";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { can } from "@/lib/auth/permissions";
import { requireWorkspace } from "@/lib/auth/session";
import { localDateTime } from "@/lib/dashboard/form-fields";
import { deliveryCountsByMessage, type DeliveryStatus } from "@/lib/dashboard/outbound";
import { listEventTypes } from "@/lib/event-types";
import { listMessages } from "@/lib/messages";
import { SendEventDialog } from "./_components/send-event-dialog";

type Search = { eventType?: string; since?: string; until?: string; tzOffset?: string; cursor?: string };

const STATUS_ORDER: DeliveryStatus[] = ["succeeded", "pending", "sending", "failed", "exhausted", "cancelled"];

/** A datetime-local filter value, read in the browser's zone when the form sent it, else as written. */
function filterTime(value: string | undefined, tzOffset: string | undefined): Date | undefined {
  if (!value) return undefined;
  const offset = Number.parseInt(tzOffset ?? "", 10);
  const date = Number.isNaN(offset) ? new Date(value) : localDateTime(value, offset);
  return date && !Number.isNaN(date.getTime()) ? date : undefined;
}

export default async function MessagesPage({ params, searchParams }: { params: Promise<{ workspace: string }>; searchParams: Promise<Search> }) {
  const { workspace: slug } = await params;
  const search = await searchParams;
  const { role, ctx } = await requireWorkspace(slug, "messages:read");
  const since = filterTime(search.since, search.tzOffset);
  const until = filterTime(search.until, search.tzOffset);
  const invalidTime = Boolean((search.since && !since) || (search.until && !until));
  const [{ data: messages, nextCursor }, catalog] = await Promise.all([
    listMessages({ eventType: search.eventType || undefined, since, until, cursor: search.cursor, limit: 50 }, ctx),
    listEventTypes({ includeArchived: true }, ctx),
  ]);
  const counts = await deliveryCountsByMessage(messages.map((m) => m.id), ctx);
  const filters = new URLSearchParams(Object.entries(search).filter(([k, v]) => v && k !== "cursor") as [string, string][]);
  const filtered = Boolean(search.eventType || since || until);
  const sendable = catalog.filter((t) => !t.archived).map((t) => t.name);

  return (
    <div className="space-y-6">
      <PageHeader
        title="Messages"
        description="Every event sent from this workspace, with where it was delivered."
        actions={can(role, "messages:write") ? <SendEventDialog workspace={slug} eventTypes={sendable} /> : undefined}
      />
      <form method="get" className="grid grid-cols-1 gap-3 rounded-lg border bg-card p-4 sm:grid-cols-2 lg:grid-cols-4">
        <TimezoneField />
        <div className="space-y-1">
          <Label htmlFor="f-type">Event type</Label>
          <select
            id="f-type"
            name="eventType"
            defaultValue={search.eventType ?? ""}
            className="flex h-9 w-full rounded-md border border-input bg-transparent px-3 text-sm shadow-xs outline-none focus-visible:border-ring focus-visible:ring-[3px] focus-visible:ring-ring/50 dark:bg-input/30"
          >
            <option value="">All types</option>
            {catalog.map((t) => <option key={t.id} value={t.name}>{t.name}</option>)}
          </select>
        </div>
        <div className="space-y-1">
          <Label htmlFor="f-since">From</Label>
          <Input id="f-since" name="since" type="datetime-local" defaultValue={search.since} />
        </div>
        <div className="space-y-1">
          <Label htmlFor="f-until">To</Label>
          <Input id="f-until" name="until" type="datetime-local" defaultValue={search.until} />
        </div>
        <div className="flex items-end gap-2">
          <Button type="submit">Filter</Button>
          {filtered ? <Button asChild variant="ghost"><Link href={`/${slug}/messages`}>Clear</Link></Button> : null}
        </div>
      </form>
      {invalidTime ? (
        <Alert variant="destructive"><AlertDescription>A time filter could not be read and was ignored.</AlertDescription></Alert>
      ) : null}
      {messages.length === 0 ? (
        <EmptyState
          icon={MessagesSquare}
          title={filtered || search.cursor ? "No matching messages" : "No messages yet"}
          description={filtered || search.cursor ? "Try wider filters." : "Send one with POST /api/v1/messages, the Send event button, or a test from an endpoint's page."}
        />
      ) : (
        <div className="rounded-lg border bg-card">
          <Table>
            <TableHeader>
              <TableRow>
                <TableHead>Message</TableHead>
                <TableHead>Event type</TableHead>
                <TableHead>Deliveries</TableHead>
                <TableHead>Sent</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {messages.map((message) => {
                const byStatus = counts.get(message.id) ?? {};
                return (
                  <TableRow key={message.id} data-testid="message-row">
                    <TableCell>
                      <Link href={`/${slug}/messages/${message.id}`} className="font-mono text-xs font-medium hover:underline">{message.id}</Link>
                      {message.eventId ? <div className="font-mono text-xs text-muted-foreground">event id {message.eventId}</div> : null}
                    </TableCell>
                    <TableCell>
                      <Badge variant="secondary" className="font-mono text-[11px]">{message.eventType}</Badge>
                      <span className="ml-1 text-xs text-muted-foreground">v{message.version}</span>
                    </TableCell>
                    <TableCell>
                      <div className="flex flex-wrap items-center gap-1">
                        {STATUS_ORDER.filter((s) => byStatus[s]).map((s) => (
                          <span key={s} className="inline-flex items-center gap-1">
                            <DeliveryStatusBadge status={s} />
                            <span className="text-xs tabular-nums text-muted-foreground">{byStatus[s]}</span>
                          </span>
                        ))}
                        {Object.keys(byStatus).length === 0 ? <span className="text-xs text-muted-foreground">No endpoints</span> : null}
                      </div>
                    </TableCell>
                    <TableCell className="whitespace-nowrap text-muted-foreground">{message.createdAt.toLocaleString("en-GB", { dateStyle: "medium", timeStyle: "medium" })}</TableCell>
                  </TableRow>
                );
              })}
            </TableBody>
          </Table>
        </div>
      )}
      <KeysetPager
        newestHref={search.cursor ? `/${slug}/messages${filters.size ? `?${filters}` : ""}` : null}
        olderHref={nextCursor ? `/${slug}/messages?${new URLSearchParams({ ...Object.fromEntries(filters), cursor: nextCursor })}` : null}
      />
    </div>
  );
}
