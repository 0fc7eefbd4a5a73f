"use client";

import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

import { spanName, TimelineChart, timeAxis, type TimelineSeries } from "@/components/outbound/attempts-chart";
import { useViewerTimeZone } from "@/components/ui/time";
import type { Dashboard, DashboardBucket } from "@/lib/monitoring/dashboards";
import { ERROR_CLASSES, STATUS_CLASSES } from "@/lib/monitoring/rollup-shape";

const TICK = { fontSize: 10, fill: "var(--muted-foreground)" };
const PALETTE = ["var(--destructive)", "var(--warning)", "var(--chart-3, #6366f1)", "var(--chart-4, #0ea5e9)", "var(--chart-5, #a855f7)", "var(--muted-foreground)"];

type LineSeries = { key: string; name: string; color: string; value: (b: DashboardBucket) => number | null };

type Row = Record<string, string | number | null>;

/** Whether the bucket at `index` has a value with no measured neighbour: a line needs two in a row, so it gets a dot. */
const isolated = (data: Row[], key: string, index: number) => data[index]?.[key] != null && data[index - 1]?.[key] == null && data[index + 1]?.[key] == null;

/**
 * A measure over time as lines (success rate, latency, lag), with gaps where a bucket had nothing to measure; a
 * bucket measured between gaps is a dot. `domain` fixes the y-axis (0 to 100 for a rate), else it fits the data.
 */
function MeasureChart({ dashboard, series, unit, testId, label, domain }: { dashboard: Dashboard; series: LineSeries[]; unit: string; testId: string; label: string; domain?: [number, number] }) {
  const zone = useViewerTimeZone();
  const { labels, axis } = timeAxis(dashboard.buckets.map((b) => b.start), dashboard.bucketMinutes, zone);
  const data: Row[] = dashboard.buckets.map((b, i) => ({ t: labels[i], ...Object.fromEntries(series.map((s) => [s.key, s.value(b)])) }));
  const measured = data.some((d) => series.some((s) => d[s.key] != null));
  if (!measured) {
    return <div className="flex h-36 items-center justify-center rounded-md border border-dashed text-sm text-muted-foreground" data-testid={`${testId}-empty`}>Nothing to measure in the last {spanName(dashboard.buckets.length * dashboard.bucketMinutes)}</div>;
  }
  return (
    <div className="h-48 w-full" role="img" aria-label={label} data-testid={testId}>
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={data} margin={{ top: 4, right: 8, bottom: 4, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" vertical={false} />
          <XAxis dataKey="t" tick={TICK} tickLine={false} axisLine={false} {...axis} />
          <YAxis tick={TICK} tickLine={false} axisLine={false} width={52} unit={unit} {...(domain ? { domain } : {})} />
          <Tooltip contentStyle={{ fontSize: 12, background: "var(--popover)", color: "var(--popover-foreground)", borderColor: "var(--border)" }} formatter={(v) => `${v}${unit}`} />
          <Legend verticalAlign="top" align="right" height={24} iconSize={10} wrapperStyle={{ fontSize: 12 }} />
          {series.map((s) => (
            <Line
              key={s.key}
              dataKey={s.key}
              name={s.name}
              stroke={s.color}
              dot={({ key, cx, cy, index }) => (isolated(data, s.key, index) ? <circle key={key} cx={cx} cy={cy} r={3} fill={s.color} /> : <g key={key} />)}
              strokeWidth={2}
              connectNulls={false}
              isAnimationActive={false}
              type="monotone"
            />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}

const VOLUME: TimelineSeries<"succeeded" | "failed">[] = [
  { key: "succeeded", name: "Succeeded", color: "var(--success)" },
  { key: "failed", name: "Failed", color: "var(--destructive)" },
];

function Panel({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <section className="min-w-0 space-y-2 rounded-lg border bg-card p-4">
      <h3 className="text-sm font-semibold">{title}</h3>
      {children}
    </section>
  );
}

export type DashboardPanel = "volume" | "successRate" | "latency" | "lag" | "errors" | "status";
const ALL_PANELS: DashboardPanel[] = ["volume", "successRate", "latency", "lag", "errors", "status"];

/**
 * The monitoring charts of one scope: volume by outcome, success rate, p50/p95 latency, delivery lag, errors by class
 * and responses by status; `panels` picks some (a page that already charts volume shows latency and lag).
 */
export function DashboardCharts({ dashboard, panels = ALL_PANELS }: { dashboard: Dashboard; panels?: DashboardPanel[] }) {
  const { buckets, bucketMinutes } = dashboard;
  const span = spanName(buckets.length * bucketMinutes);
  // Only the classes that occurred get a series, in the order of the lists.
  const errorSeries = ERROR_CLASSES.filter((c) => dashboard.totals.errorCounts[c] > 0).map((c, i) => ({ key: c, name: c, color: PALETTE[i % PALETTE.length] }));
  const statusSeries = STATUS_CLASSES.filter((c) => dashboard.totals.statusCounts[c] > 0).map((c) => ({ key: c, name: c, color: c === "2xx" ? "var(--success)" : c === "5xx" ? "var(--destructive)" : c === "4xx" ? "var(--warning)" : "var(--muted-foreground)" }));
  const flat = buckets.map((b) => ({ start: b.start, ...b.errorCounts, ...b.statusCounts }));
  const empty = (testId: string, text: string) => <p className="flex h-36 items-center justify-center rounded-md border border-dashed text-sm text-muted-foreground" data-testid={testId}>{text}</p>;
  const all: Record<DashboardPanel, [string, React.ReactNode]> = {
    volume: ["Volume", <TimelineChart key="v" buckets={buckets} series={VOLUME} noun="attempts" testId="volume-chart" bucketMinutes={bucketMinutes} />],
    successRate: [
      "Success rate",
      <MeasureChart key="s" dashboard={dashboard} unit="%" domain={[0, 100]} testId="success-rate-chart" label={`Success rate over the last ${span}`} series={[{ key: "rate", name: "Succeeded", color: "var(--success)", value: (b) => (b.successRate === null ? null : Math.round(b.successRate * 1000) / 10) }]} />,
    ],
    latency: [
      "Latency",
      <MeasureChart
        key="l"
        dashboard={dashboard}
        unit=" ms"
        testId="latency-chart"
        label={`Attempt latency over the last ${span}: p50 and p95`}
        series={[
          { key: "p50", name: "p50", color: "var(--success)", value: (b) => b.p50Ms },
          { key: "p95", name: "p95", color: "var(--warning)", value: (b) => b.p95Ms },
        ]}
      />,
    ],
    lag: [
      "Delivery lag (message to first attempt)",
      <MeasureChart
        key="g"
        dashboard={dashboard}
        unit=" ms"
        testId="lag-chart"
        label={`Delivery lag over the last ${span}: average and worst`}
        series={[
          { key: "avg", name: "Average", color: "var(--chart-4, #0ea5e9)", value: (b) => b.lagAvgMs },
          { key: "max", name: "Worst", color: "var(--destructive)", value: (b) => b.lagMaxMs },
        ]}
      />,
    ],
    errors: ["Errors by class", errorSeries.length ? <TimelineChart key="e" buckets={flat} series={errorSeries} noun="failed attempts" testId="errors-chart" bucketMinutes={bucketMinutes} /> : empty("errors-chart-empty", `No failed attempts in the last ${span}`)],
    status: ["Responses by status", statusSeries.length ? <TimelineChart key="t" buckets={flat} series={statusSeries} noun="answered attempts" testId="status-chart" bucketMinutes={bucketMinutes} /> : empty("status-chart-empty", `No answered attempts in the last ${span}`)],
  };
  return (
    <div className="grid gap-4 lg:grid-cols-2" data-testid="dashboard-charts">
      {panels.map((panel) => (
        <Panel key={panel} title={all[panel][0]}>{all[panel][1]}</Panel>
      ))}
    </div>
  );
}
