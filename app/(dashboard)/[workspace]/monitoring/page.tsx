import { Activity } from "lucide-react";
import Link from "next/link";
import { EmptyState } from "@/components/empty-state";
import { DataTable } from "@/components/list-page/data-table";
import { DashboardCharts } from "@/components/monitoring/dashboard-charts";
import { DashboardSummary } from "@/components/monitoring/dashboard-summary";
import { RangeTabs } from "@/components/monitoring/range-tabs";
import { PageHeader } from "@/components/page-header";
import { Badge } from "@/components/ui/badge";
import { Time } from "@/components/ui/time";
import { requireWorkspace } from "@/lib/auth/session";
import { dashboard, dashboardRangeSchema, endpointHealthList } from "@/lib/monitoring/dashboards";

export default async function MonitoringPage({ params, searchParams }: { params: Promise<{ workspace: string }>; searchParams: Promise<{ range?: string }> }) {
  const { workspace: slug } = await params;
  const { ctx } = await requireWorkspace(slug, "messages:read");
  const range = dashboardRangeSchema.catch("24h").parse((await searchParams).range);
  const [board, health] = await Promise.all([dashboard({ range }, ctx), endpointHealthList({ range }, ctx)]);

  return (
    <div className="space-y-6">
      <PageHeader
        title="Monitoring"
        description="Delivery volume, success, latency, errors and lag across the workspace, from rollups updated every minute (per minute for 1 h and 24 h, per hour for 7 d and 30 d)."
        actions={<RangeTabs path={`/${slug}/monitoring`} range={range} />}
      />
      {board.totals.total === 0 ? (
        <EmptyState
          icon={Activity}
          title={`No delivery attempts in the last ${range.replace(/(\d+)/, "$1 ")}`}
          description="Charts fill in as messages are delivered; the rollup counts each minute once it has ended. Try a longer range, or send a test event from an endpoint's page."
        />
      ) : (
        <>
          <DashboardSummary board={board} />
          <DashboardCharts dashboard={board} />
        </>
      )}
      <section className="space-y-2">
        <h2 className="text-sm font-semibold">Endpoint health</h2>
        <p className="text-xs text-muted-foreground">Endpoints with attempts in the range, worst failure rate first. An endpoint whose every delivery fails for its auto-disable window is disabled; the countdown runs from its first failure in a row and stops at a success.</p>
        <DataTable
          rows={health}
          rowKey={(row) => row.endpointId}
          rowProps={() => ({ "data-testid": "endpoint-health-row" })}
          empty={<EmptyState icon={Activity} title="No endpoint had attempts in this range" description="Endpoints appear here once they receive deliveries." />}
          columns={[
            // Long URLs and the countdown sentence wrap (as the audit log's targets do), so the table fits beside the sidebar.
            { header: "Endpoint", className: "max-w-64 whitespace-normal break-all", cell: (row) => <Link href={`/${slug}/endpoints/${row.endpointId}`} className="font-mono text-xs hover:underline">{row.url}</Link> },
            { header: "Failure rate", cell: (row) => <span className="tabular-nums">{(row.failureRate * 100).toFixed(1)}%</span> },
            { header: "Failed / attempts", cell: (row) => <span className="tabular-nums text-muted-foreground">{row.failed} / {row.total}</span> },
            {
              header: "Auto-disable",
              className: "min-w-44 whitespace-normal",
              cell: (row) =>
                row.status === "disabled" ? (
                  <Badge variant="destructive">disabled {row.disabledAt ? <Time value={row.disabledAt} /> : null}</Badge>
                ) : row.disablesAt ? (
                  <span className="text-xs text-destructive" data-testid="disable-countdown">disables <Time value={row.disablesAt} /> unless a delivery succeeds</span>
                ) : (
                  <span className="text-xs text-muted-foreground">{row.status === "paused" ? "paused" : "healthy"}</span>
                ),
            },
          ]}
        />
      </section>
    </div>
  );
}
