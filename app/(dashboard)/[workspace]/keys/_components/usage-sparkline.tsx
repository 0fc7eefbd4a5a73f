"use client";

import { Line, LineChart, ResponsiveContainer, Tooltip } from "recharts";

/** Daily requests of one key over the last days, as a small line. */
export function UsageSparkline({ days, counts }: { days: string[]; counts: number[] }) {
  const total = counts.reduce((a, b) => a + b, 0);
  const data = days.map((day, i) => ({ day, requests: counts[i] }));
  return (
    <div className="flex items-center gap-2" aria-label={`${total} requests in ${days.length} days`}>
      <div className="h-8 w-24">
        <ResponsiveContainer width="100%" height="100%">
          <LineChart data={data} margin={{ top: 2, right: 2, bottom: 2, left: 2 }}>
            <Tooltip formatter={(v) => [`${v} requests`, ""]} labelFormatter={(label, payload) => payload?.[0]?.payload.day ?? label} contentStyle={{ fontSize: 12 }} />
            <Line type="monotone" dataKey="requests" stroke="var(--chart-1)" strokeWidth={1.5} dot={false} isAnimationActive={false} />
          </LineChart>
        </ResponsiveContainer>
      </div>
      <span className="text-xs tabular-nums text-muted-foreground">{total}</span>
    </div>
  );
}
