import { Send } from "lucide-react";
import Link from "next/link";
import { EmptyState } from "@/components/empty-state";
import { DataTable } from "@/components/list-page/data-table";
import { FilterTabs } from "@/components/list-page/filter-tabs";
import { IgnoredCursorNotice, KeysetPager } from "@/components/list-page/keyset-pager";
import { EndpointStatusBadge } from "@/components/outbound/status-badges";
import { PageHeader } from "@/components/page-header";
import { Badge } from "@/components/ui/badge";
import { Time } from "@/components/ui/time";
import { can } from "@/lib/auth/permissions";
import { requireWorkspace } from "@/lib/auth/session";
import { pageCursor } from "@/lib/dashboard/cursor";
import { attemptCounts } from "@/lib/outbound/summaries";
import { listEndpoints } from "@/lib/outbound/endpoints";
import { listEventTypes } from "@/lib/outbound/event-types";
import { cn } from "@/lib/utils";
import { AddEndpointDialog } from "./_components/add-endpoint-dialog";

type Search = { cursor?: string; status?: string };
const STATUSES = ["enabled", "paused", "disabled"] as const;

function SuccessRate({ counts }: { counts?: { attempts: number; succeeded: number } }) {
  if (!counts?.attempts) return <span className="text-muted-foreground">No attempts</span>;
  const rate = counts.succeeded / counts.attempts;
  const tone = rate >= 0.99 ? "text-success" : rate >= 0.9 ? "text-warning-foreground dark:text-warning" : "text-destructive";
  return (
    <span>
      <span className={cn("font-medium tabular-nums", tone)}>{(rate * 100).toFixed(rate === 1 ? 0 : 1)}%</span>
      <span className="text-xs text-muted-foreground"> of {counts.attempts}</span>
    </span>
  );
}

export default async function EndpointsPage({ params, searchParams }: { params: Promise<{ workspace: string }>; searchParams: Promise<Search> }) {
  const { workspace: slug } = await params;
  const search = await searchParams;
  const { role, ctx } = await requireWorkspace(slug, "endpoints:read");
  const status = STATUSES.find((s) => s === search.status);
  const { cursor, ignored: ignoredCursor } = pageCursor(search.cursor);
  const [{ data: endpoints, nextCursor }, catalog] = await Promise.all([
    listEndpoints({ cursor, status, limit: 50 }, ctx),
    listEventTypes({}, ctx),
  ]);
  const counts = await attemptCounts(endpoints.map((e) => e.id), 24 * 3600, ctx);
  const canWrite = can(role, "endpoints:write");
  const addButton = canWrite ? <AddEndpointDialog workspace={slug} catalog={catalog.map((t) => ({ name: t.name, featureGroup: t.featureGroup, deprecated: t.deprecated }))} /> : undefined;
  const filtered = Boolean(status || cursor);

  return (
    <div className="space-y-6">
      <PageHeader title="Endpoints" description="Where your customers receive webhooks: each signed, retried, and logged attempt by attempt." actions={addButton} />
      <FilterTabs
        label="Filter by status"
        className="capitalize"
        items={[undefined, ...STATUSES].map((s) => ({ label: s ?? "All", href: s ? `/${slug}/endpoints?status=${s}` : `/${slug}/endpoints`, current: s === status }))}
      />
      <IgnoredCursorNotice ignored={ignoredCursor} />
      <DataTable
        rows={endpoints}
        rowKey={(endpoint) => endpoint.id}
        rowProps={() => ({ "data-testid": "endpoint-row" })}
        empty={
          <EmptyState
            icon={Send}
            title={filtered ? "No endpoints match" : "No endpoints yet"}
            description={filtered ? "Try another status." : "Add the URL of a receiver. Every message of a subscribed event type is signed and delivered to it, with retries."}
            action={filtered ? undefined : addButton}
          />
        }
        columns={[
          {
            header: "Endpoint",
            className: "max-w-md",
            cell: (endpoint) => (
              <>
                <Link href={`/${slug}/endpoints/${endpoint.id}`} title={endpoint.url} className="block max-w-[calc(100vw-4rem)] truncate font-mono text-xs font-medium hover:underline md:max-w-md">{endpoint.url}</Link>
                <div className="truncate text-xs text-muted-foreground">{endpoint.description || endpoint.id}</div>
              </>
            ),
          },
          {
            header: "Status",
            cell: (endpoint) => (
              <>
                <EndpointStatusBadge status={endpoint.status} />
                {endpoint.status === "disabled" && endpoint.disabledReason ? <div className="mt-1 max-w-48 truncate text-xs text-muted-foreground" title={endpoint.disabledReason}>{endpoint.disabledReason}</div> : null}
              </>
            ),
          },
          {
            header: "Event types",
            label: "Event types",
            className: "max-w-64",
            cell: (endpoint) =>
              endpoint.eventTypes === null ? (
                <span className="text-muted-foreground">All</span>
              ) : (
                <div className="flex flex-wrap gap-1">
                  {endpoint.eventTypes.slice(0, 4).map((t) => <Badge key={t} variant="secondary" className="font-mono text-[11px]">{t}</Badge>)}
                  {endpoint.eventTypes.length > 4 ? <Badge variant="outline">+{endpoint.eventTypes.length - 4}</Badge> : null}
                </div>
              ),
          },
          { header: "Success (24 h)", label: "Success (24 h)", cell: (endpoint) => <SuccessRate counts={counts.get(endpoint.id)} /> },
          { header: "Created", label: "Created", className: "whitespace-nowrap text-muted-foreground", cell: (endpoint) => <Time value={endpoint.createdAt} format="date" /> },
        ]}
      />
      <KeysetPager path={`/${slug}/endpoints`} filters={{ status }} cursor={cursor} nextCursor={nextCursor} />
    </div>
  );
}
