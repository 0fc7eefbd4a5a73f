"use client";

import { Bar, BarChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

/** Attempts per hour over the last day, stacked by outcome. */
export function AttemptsChart({ buckets }: { buckets: { start: Date; succeeded: number; failed: number }[] }) {
  const data = buckets.map((b) => ({
    hour: b.start.toLocaleTimeString("en-GB", { hour: "2-digit", minute: "2-digit" }),
    succeeded: b.succeeded,
    failed: b.failed,
  }));
  const total = buckets.reduce((sum, b) => sum + b.succeeded + b.failed, 0);
  if (total === 0) {
    return <div className="flex h-36 items-center justify-center rounded-md border border-dashed text-sm text-muted-foreground">No attempts in the last 24 hours</div>;
  }
  return (
    <div className="h-36 w-full" role="img" aria-label={`${total} attempts in the last 24 hours, per hour`}>
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data} margin={{ top: 4, right: 4, bottom: 0, left: -24 }}>
          <XAxis dataKey="hour" tick={{ fontSize: 10 }} tickLine={false} axisLine={false} interval={5} />
          <YAxis allowDecimals={false} tick={{ fontSize: 10 }} tickLine={false} axisLine={false} width={48} />
          <Tooltip cursor={{ fill: "var(--muted)" }} contentStyle={{ fontSize: 12 }} labelFormatter={(hour) => `From ${hour}`} />
          <Bar dataKey="succeeded" name="Succeeded" stackId="a" fill="var(--success)" isAnimationActive={false} />
          <Bar dataKey="failed" name="Failed" stackId="a" fill="var(--destructive)" radius={[2, 2, 0, 0]} isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
