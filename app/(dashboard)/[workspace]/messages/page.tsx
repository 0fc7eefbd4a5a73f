import { MessagesSquare } from "lucide-react";
import Link from "next/link";
import { EmptyState } from "@/components/empty-state";
import { IgnoredCursorNotice, KeysetPager } from "@/components/keyset-pager";
import { DeliveryStatusBadge } from "@/components/outbound/status-badges";
import { BulkReplay, SelectAllMessages, SelectMessage } from "@/components/outbound/bulk-replay";
import { PageHeader } from "@/components/page-header";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { Time } from "@/components/ui/time";
import { DELIVERY_STATUSES } from "@/db/schema";
import { can } from "@/lib/auth/permissions";
import { requireWorkspace } from "@/lib/auth/session";
import { pageCursor } from "@/lib/dashboard/cursor";
import { localDateTime } from "@/lib/dashboard/form-fields";
import { deliveryCountsByMessage, type DeliveryStatus } from "@/lib/outbound/summaries";
import { listEndpoints } from "@/lib/outbound/endpoints";
import { listEventTypes } from "@/lib/outbound/event-types";
import { listMessages } from "@/lib/outbound/messages";
import { MessageFilters, type MessageFilterValues } from "./_components/message-filters";
import { SendEventDialog } from "./_components/send-event-dialog";

type Search = MessageFilterValues & { cursor?: string };

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
  const { cursor, ignored: ignoredCursor } = pageCursor(search.cursor);
  const status = DELIVERY_STATUSES.find((s) => s === search.status);
  const [{ data: messages, nextCursor }, catalog, { data: endpointList }] = await Promise.all([
    listMessages(
      {
        eventType: search.eventType || undefined,
        since,
        until,
        search: search.search?.trim().slice(0, 256) || undefined,
        eventId: search.eventId?.trim().slice(0, 256) || undefined,
        endpointId: search.endpointId || undefined,
        status,
        cursor,
        limit: 50,
      },
      ctx,
    ),
    listEventTypes({ includeArchived: true }, ctx),
    listEndpoints({ limit: 100 }, ctx),
  ]);
  const counts = await deliveryCountsByMessage(messages.map((m) => m.id), ctx);
  const filters = new URLSearchParams(Object.entries(search).filter(([k, v]) => v && k !== "cursor") as [string, string][]);
  const filtered = Boolean(search.eventType || since || until || search.search || search.eventId || search.endpointId || status);
  const canWrite = can(role, "messages:write");
  const sendable = catalog.filter((t) => !t.archived).map((t) => t.name);

  return (
    <div className="space-y-6">
      <PageHeader
        title="Messages"
        description="Every event sent from this workspace, with where it was delivered."
        actions={canWrite ? <SendEventDialog workspace={slug} eventTypes={sendable} /> : undefined}
      />
      <MessageFilters
        values={search}
        statuses={DELIVERY_STATUSES}
        eventTypes={catalog.map((t) => t.name)}
        endpoints={endpointList.map((e) => ({ id: e.id, url: e.url }))}
      />
      {invalidTime ? (
        <Alert variant="destructive"><AlertDescription>A time filter could not be read and was ignored.</AlertDescription></Alert>
      ) : null}
      <IgnoredCursorNotice ignored={ignoredCursor} />
      {messages.length === 0 ? (
        <EmptyState
          icon={MessagesSquare}
          title={filtered || cursor ? "No matching messages" : "No messages yet"}
          description={filtered || cursor ? "Try wider filters." : "Send one with POST /api/v1/messages, the Send event button, or a test from an endpoint's page."}
        />
      ) : (
        <BulkReplay workspace={slug}>
          <div className="rounded-lg border bg-card">
            <Table stack>
              <TableHeader>
                <TableRow>
                  {canWrite ? (
                    <TableHead className="w-10">
                      <SelectAllMessages messageIds={messages.map((m) => m.id)} label="Select every message on this page" />
                    </TableHead>
                  ) : null}
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
                      {canWrite ? (
                        <TableCell>
                          <SelectMessage messageId={message.id} label={`Select ${message.id}`} />
                        </TableCell>
                      ) : null}
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
                      <TableCell label="Sent" className="whitespace-nowrap text-muted-foreground"><Time value={message.createdAt} /></TableCell>
                    </TableRow>
                  );
                })}
              </TableBody>
            </Table>
          </div>
        </BulkReplay>
      )}
      <KeysetPager
        newestHref={cursor ? `/${slug}/messages${filters.size ? `?${filters}` : ""}` : null}
        olderHref={nextCursor ? `/${slug}/messages?${new URLSearchParams({ ...Object.fromEntries(filters), cursor: nextCursor })}` : null}
      />
    </div>
  );
}
