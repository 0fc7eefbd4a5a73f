import { Download, MessagesSquare } from "lucide-react";
import Link from "next/link";
import { EmptyState } from "@/components/empty-state";
import { isId } from "@/lib/platform/id-types";
import { DataTable } from "@/components/list-page/data-table";
import { FilterBar, FilterInput, FilterSelect } from "@/components/list-page/filter-bar";
import { filterQuery, IgnoredCursorNotice, KeysetPager } from "@/components/list-page/keyset-pager";
import { BroadcastProgress } from "@/components/outbound/broadcast-progress";
import { DeliveryCounts } from "@/components/outbound/status-badges";
import { BulkReplay, SelectAllMessages, SelectMessage } from "@/components/outbound/bulk-replay";
import { PageHeader } from "@/components/page-header";
import { Button } from "@/components/ui/button";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Time } from "@/components/ui/time";
import { DELIVERY_STATUSES } from "@/db/schema";
import { applicationChoices, applicationFilter } from "@/lib/applications";
import { can } from "@/lib/auth/permissions";
import { requireWorkspace } from "@/lib/auth/session";
import { pageCursor } from "@/lib/api/pagination";
import { localDateTime } from "@/lib/api/form-fields";
import { deliveryCountsByMessage } from "@/lib/outbound/summaries";
import { listEndpoints } from "@/lib/outbound/endpoints";
import { listEventTypes } from "@/lib/outbound/event-types";
import { listMessages } from "@/lib/outbound/message-lists";
import { recentBroadcasts } from "@/lib/outbound/broadcast";
import { SendEventDialog } from "./_components/send-event-dialog";

/** The filters the page reads from its URL (see FilterBar), and the page's cursor. */
type Search = {
  search?: string;
  status?: string;
  endpointId?: string;
  eventType?: string;
  application?: string;
  eventId?: string;
  since?: string;
  until?: string;
  tzOffset?: string;
  cursor?: string;
};

/** Attempt metadata over the filter's time range (all time without one), as CSV or JSON (the export route streams it). */
function AttemptsExport({ workspace, since, until }: { workspace: string; since?: Date; until?: Date }) {
  const range = [...(since ? [["from", since.toISOString()]] : []), ...(until ? [["to", until.toISOString()]] : [])];
  const href = (format: string) => `/${workspace}/messages/export?${new URLSearchParams([["format", format], ...range])}`;
  return (
    <>
      <Button asChild variant="outline">
        <a href={href("csv")} download data-testid="attempts-export-csv"><Download aria-hidden /> Attempts CSV</a>
      </Button>
      <Button asChild variant="outline">
        <a href={href("json")} download data-testid="attempts-export-json"><Download aria-hidden /> JSON</a>
      </Button>
    </>
  );
}

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
  const { application, unknown: unknownApplication } = await applicationFilter(search.application, ctx);
  const [{ data: messages, nextCursor }, catalog, { data: endpointList }, choices, broadcasts] = await Promise.all([
    listMessages(
      {
        eventType: search.eventType || undefined,
        since,
        until,
        search: search.search?.trim().slice(0, 256) || undefined,
        eventId: search.eventId?.trim().slice(0, 256) || undefined,
        endpointId: isId("ep", search.endpointId) ? search.endpointId : undefined,
        application: application?.id,
        status,
        cursor,
        limit: 50,
      },
      ctx,
    ),
    listEventTypes({ includeArchived: true }, ctx),
    listEndpoints({ limit: 100 }, ctx),
    applicationChoices(ctx, application),
    recentBroadcasts(ctx),
  ]);
  const counts = await deliveryCountsByMessage(messages.map((m) => m.id), ctx);
  const filters = filterQuery(search);
  const filtered = Boolean(search.eventType || since || until || search.search || search.eventId || search.endpointId || status || application);
  const canWrite = can(role, "messages:write");
  const sendable = catalog.filter((t) => !t.archived).map((t) => t.name);

  return (
    <div className="space-y-6">
      <PageHeader
        title="Messages"
        description="Every event sent from this workspace, with where it was delivered."
        actions={
          <div className="flex gap-2">
            <AttemptsExport workspace={slug} since={since} until={until} />
            {canWrite ? <SendEventDialog workspace={slug} eventTypes={sendable} /> : null}
          </div>
        }
      />
      <FilterBar label="Filter messages" active={Object.entries(search).some(([key, value]) => key !== "tzOffset" && value)} localTimes className="grid-cols-1 sm:grid-cols-2 lg:grid-cols-4" actionsClassName="sm:col-span-2 lg:col-span-4">
        <FilterInput name="search" id="f-search" label="Message id or event id" value={search.search} placeholder="msg_… or your eventId" search className="sm:col-span-2" inputClassName="font-mono text-xs" />
        <FilterSelect name="status" label="Delivery status" value={search.status} allLabel="Any status" options={DELIVERY_STATUSES.map((s) => ({ value: s, label: s }))} />
        <FilterSelect name="endpointId" id="f-endpoint" label="Endpoint" value={search.endpointId} allLabel="Any endpoint" options={endpointList.map((e) => ({ value: e.id, label: e.url }))} />
        <FilterSelect name="eventType" id="f-type" label="Event type" value={search.eventType} allLabel="All types" options={catalog.map((t) => ({ value: t.name, label: t.name }))} />
        <FilterSelect name="application" id="f-application" label="Application" value={application?.id} allLabel="Any application" options={choices.filter((c) => c.value.startsWith("app_"))} />
        <FilterInput name="eventId" id="f-event-id" label="Event id" value={search.eventId} inputClassName="font-mono text-xs" />
        <FilterInput name="since" label="From" value={search.since} type="datetime-local" />
        <FilterInput name="until" label="To" value={search.until} type="datetime-local" />
      </FilterBar>
      {invalidTime ? (
        <Alert variant="destructive"><AlertDescription>A time filter could not be read and was ignored.</AlertDescription></Alert>
      ) : null}
      {unknownApplication ? (
        <Alert role="status"><AlertDescription>No application in this workspace has the id or uid in the link, so the application filter was ignored.</AlertDescription></Alert>
      ) : null}
      <IgnoredCursorNotice ignored={ignoredCursor} />
      {cursor ? null : <BroadcastProgress broadcasts={broadcasts} />}
      <BulkReplay workspace={slug}>
        <DataTable
          rows={messages}
          rowKey={(message) => message.id}
          rowProps={() => ({ "data-testid": "message-row" })}
          empty={
            <EmptyState
              icon={MessagesSquare}
              title={filtered || cursor ? "No matching messages" : "No messages yet"}
              description={filtered || cursor ? "Try wider filters." : "Send one with POST /api/v1/messages, the Send event button, or a test from an endpoint's page."}
            />
          }
          columns={[
            canWrite && {
              header: <SelectAllMessages messageIds={messages.map((m) => m.id)} label="Select every message on this page" />,
              headClassName: "w-10",
              cell: (message) => <SelectMessage messageId={message.id} label={`Select ${message.id}`} />,
            },
            {
              header: "Message",
              cell: (message) => (
                <>
                  <Link href={`/${slug}/messages/${message.id}`} className="font-mono text-xs font-medium hover:underline">{message.id}</Link>
                  {message.eventId ? <div className="font-mono text-xs text-muted-foreground">event id {message.eventId}</div> : null}
                </>
              ),
            },
            {
              header: "Event type",
              cell: (message) => (
                <>
                  <Badge variant="secondary" className="font-mono text-[11px]">{message.eventType}</Badge>
                  <span className="ml-1 text-xs text-muted-foreground">v{message.version}</span>
                </>
              ),
            },
            { header: "Deliveries", cell: (message) => <DeliveryCounts byStatus={counts.get(message.id) ?? {}} /> },
            { header: "Sent", label: "Sent", className: "whitespace-nowrap text-muted-foreground", cell: (message) => <Time value={message.createdAt} /> },
          ]}
        />
      </BulkReplay>
      <KeysetPager path={`/${slug}/messages`} filters={filters} cursor={cursor} nextCursor={nextCursor} />
    </div>
  );
}
