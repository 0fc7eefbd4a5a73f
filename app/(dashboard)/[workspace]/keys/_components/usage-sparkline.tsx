"use client";

import { Line, LineChart, ResponsiveContainer, Tooltip } from "recharts";

/**
 * Daily requests of one key over the last days, as a small line with the total beside it. The column header says
 * what it counts; an unused key's line is drawn in the muted colour, flat, so no usage never looks like an alarm.
 */
export function UsageSparkline({ days, counts }: { days: string[]; counts: number[] }) {
  const total = counts.reduce((a, b) => a + b, 0);
  const data = days.map((day, i) => ({ day, requests: counts[i] }));
  const label = `${total} ${total === 1 ? "request" : "requests"} in the last ${days.length} days`;
  return (
    <div className="flex items-center gap-2" role="img" aria-label={label} title={label} data-testid="usage-sparkline" data-used={total > 0}>
      <div className="h-8 w-24">
        <ResponsiveContainer width="100%" height="100%">
          <LineChart data={data} margin={{ top: 2, right: 2, bottom: 2, left: 2 }}>
            {total > 0 ? (
              <Tooltip
                formatter={(v) => [`${v} requests`, ""]}
                labelFormatter={(label, payload) => payload?.[0]?.payload.day ?? label}
                contentStyle={{ fontSize: 12, background: "var(--popover)", color: "var(--popover-foreground)", borderColor: "var(--border)" }}
              />
            ) : null}
            <Line
              type="monotone"
              dataKey="requests"
              stroke={total > 0 ? "var(--chart-2)" : "var(--muted-foreground)"}
              strokeOpacity={total > 0 ? 1 : 0.4}
              strokeDasharray={total > 0 ? undefined : "3 3"}
              strokeWidth={1.5}
              dot={false}
              isAnimationActive={false}
            />
          </LineChart>
        </ResponsiveContainer>
      </div>
      <span className="text-xs tabular-nums text-muted-foreground">{total}</span>
    </div>
  );
}
