import type { Dashboard } from "@/lib/monitoring/dashboards";

/** A figure for a summary tile: a dash when there was nothing to measure. */
const figure = (value: number | null, unit = "") => (value === null ? "—" : `${value.toLocaleString("en")}${unit}`);

/** The range's totals as tiles: attempts, success rate, p50/p95 latency, average lag. */
export function DashboardSummary({ board }: { board: Dashboard }) {
  const t = board.totals;
  const tiles = [
    { label: "Attempts", value: figure(t.total) },
    { label: "Success rate", value: t.successRate === null ? "—" : `${(t.successRate * 100).toFixed(1)}%` },
    { label: "p50 latency", value: figure(t.p50Ms, " ms") },
    { label: "p95 latency", value: figure(t.p95Ms, " ms") },
    { label: "Average lag", value: figure(t.lagAvgMs, " ms") },
  ];
  return (
    <dl className="grid grid-cols-2 gap-3 sm:grid-cols-5" data-testid="dashboard-summary">
      {tiles.map((tile) => (
        <div key={tile.label} className="rounded-lg border bg-card p-3">
          <dt className="text-xs text-muted-foreground">{tile.label}</dt>
          <dd className="text-lg font-semibold tabular-nums">{tile.value}</dd>
        </div>
      ))}
    </dl>
  );
}

