import { Inbox } from "lucide-react";
import Link from "next/link";
import { EmptyState } from "@/components/empty-state";
import { FilterBar, FilterInput, FilterSelect } from "@/components/list-page/filter-bar";
import { DataTable } from "@/components/list-page/data-table";
import { IgnoredCursorNotice, KeysetPager } from "@/components/list-page/keyset-pager";
import { PageHeader } from "@/components/page-header";
import { Time } from "@/components/ui/time";
import { pageCursor } from "@/lib/api/pagination";
import { portalDashboard, portalMessages, requirePortal } from "@/lib/portal";
import { DashboardCharts } from "@/components/monitoring/dashboard-charts";

export const metadata = { title: "Messages" };

type Search = { cursor?: string; eventType?: string; status?: string };
const STATUSES = ["pending", "sending", "succeeded", "failed", "exhausted", "cancelled"] as const;

export default async function PortalMessagesPage({ searchParams }: { searchParams: Promise<Search> }) {
  const search = await searchParams;
  const { ctx } = await requirePortal();
  const { cursor, ignored } = pageCursor(search.cursor);
  const status = STATUSES.find((s) => s === search.status);
  const eventType = search.eventType?.trim() || undefined;
  const [page, board] = await Promise.all([portalMessages(ctx, { cursor, eventType, status, limit: 25 }), portalDashboard(ctx)]);
  const filtered = Boolean(eventType || status);
  return (
    <>
      <PageHeader title="Messages" description="Every event sent to you, newest first, with where it went." />
      {cursor ? null : <DashboardCharts dashboard={board} panels={["volume", "successRate", "latency"]} />}
      <FilterBar label="Filter messages" active={filtered} className="grid-cols-1 sm:grid-cols-[minmax(0,1fr)_minmax(0,16rem)_auto]">
        <FilterInput name="eventType" label="Event type" value={eventType} placeholder="invoice.paid" />
        <FilterSelect name="status" label="Delivery status" value={status} allLabel="Any status" options={STATUSES.map((s) => ({ value: s, label: s }))} />
      </FilterBar>
      <IgnoredCursorNotice ignored={ignored} />
      <DataTable
        rows={page.data}
        rowKey={(m) => m.id}
        rowProps={() => ({ "data-testid": "portal-message-row" })}
        columns={[
          { header: "Message", cell: (m) => <Link className="font-mono text-xs underline-offset-4 hover:underline" href={`/portal/messages/${m.id}`}>{m.id}</Link> },
          { header: "Event type", cell: (m) => m.eventType },
          { header: "Sent", label: "Sent", cell: (m) => <Time value={m.createdAt} className="text-muted-foreground" /> },
        ]}
        empty={<EmptyState icon={Inbox} title={filtered ? "No messages match" : "No messages yet"} description={filtered ? "Try other filters." : "Events sent to your endpoints appear here."} />}
      />
      <KeysetPager path="/portal/messages" filters={{ eventType, status }} cursor={cursor} nextCursor={page.nextCursor} />
    </>
  );
}
