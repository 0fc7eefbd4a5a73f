"use client";

import { Bar, BarChart, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

import { formatTime, useViewerTimeZone } from "@/components/ui/time";

const TICK = { fontSize: 10, fill: "var(--muted-foreground)" };
const AXIS_LABEL = { fontSize: 11, fill: "var(--muted-foreground)" };

/** Attempts per hour over the last day, stacked by outcome, with the hours in the viewer's time zone. */
export function AttemptsChart({ buckets }: { buckets: { start: Date; succeeded: number; failed: number }[] }) {
  const zone = useViewerTimeZone();
  const data = buckets.map((b) => ({
    hour: formatTime(b.start, "hour", zone),
    succeeded: b.succeeded,
    failed: b.failed,
  }));
  const total = buckets.reduce((sum, b) => sum + b.succeeded + b.failed, 0);
  if (total === 0) {
    return <div className="flex h-36 items-center justify-center rounded-md border border-dashed text-sm text-muted-foreground">No attempts in the last 24 hours</div>;
  }
  return (
    <div className="h-48 w-full" role="img" aria-label={`${total} attempts in the last 24 hours, per hour: succeeded and failed`} data-testid="attempts-chart">
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data} margin={{ top: 4, right: 4, bottom: 4, left: 0 }}>
          <XAxis
            dataKey="hour"
            tick={TICK}
            tickLine={false}
            axisLine={false}
            interval={5}
            label={{ value: `Hour started (${zone})`, position: "insideBottom", offset: -2, style: AXIS_LABEL }}
            height={36}
          />
          <YAxis
            allowDecimals={false}
            tick={TICK}
            tickLine={false}
            axisLine={false}
            width={44}
            label={{ value: "Attempts", angle: -90, position: "insideLeft", offset: 10, style: AXIS_LABEL }}
          />
          <Tooltip
            cursor={{ fill: "var(--muted)" }}
            contentStyle={{ fontSize: 12, background: "var(--popover)", color: "var(--popover-foreground)", borderColor: "var(--border)" }}
            labelFormatter={(hour) => `Hour from ${hour}`}
          />
          <Legend verticalAlign="top" align="right" height={24} iconType="square" iconSize={10} wrapperStyle={{ fontSize: 12 }} />
          <Bar dataKey="succeeded" name="Succeeded" stackId="a" fill="var(--success)" isAnimationActive={false} />
          <Bar dataKey="failed" name="Failed" stackId="a" fill="var(--destructive)" radius={[2, 2, 0, 0]} isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
