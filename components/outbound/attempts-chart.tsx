"use client";

import { Bar, BarChart, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

import { formatTime, useViewerTimeZone } from "@/components/ui/time";

// "succeeded and failed", "succeeded, retrying, and failed": how the chart names its series to a screen reader.
const OUTCOMES_LIST = new Intl.ListFormat("en", { type: "conjunction" });

const TICK = { fontSize: 10, fill: "var(--muted-foreground)" };
const AXIS_LABEL = { fontSize: 11, fill: "var(--muted-foreground)" };

/** One stacked series of a TimelineChart: its key in the buckets, its legend name and colour (and opacity, for a neutral one). */
export type TimelineSeries<K extends string> = { key: K; name: string; color: string; opacity?: number };

/** How a bucket of `minutes` is named in a sentence ("per hour", "per 15 minutes"). */
const bucketName = (minutes: number) => (minutes === 60 ? "hour" : minutes % 60 === 0 ? `${minutes / 60} hours` : minutes === 1 ? "minute" : `${minutes} minutes`);

/** A span of `minutes` as the charts write it: "1 hour", "24 hours", "7 days". */
export function spanName(minutes: number) {
  if (minutes > 24 * 60) return `${Math.round(minutes / (24 * 60))} days`;
  return minutes === 60 ? "1 hour" : minutes % 60 === 0 ? `${minutes / 60} hours` : `${minutes} minutes`;
}

/**
 * The x-axis of a chart over buckets starting at `starts`: each bucket's label (what the tooltip names) and the axis
 * props. Over more than a day there is one tick a day, at the viewer's midnight, written as the day ("Mon 1 Dec"):
 * hour labels 24 buckets apart ran into each other on 7 d; recharts drops ticks that would touch (30 d).
 */
export function timeAxis(starts: Date[], bucketMinutes: number, zone: string) {
  const days = starts.length * bucketMinutes > 24 * 60;
  const labels = starts.map((start) => formatTime(start, days ? "dayHour" : "hour", zone));
  if (!days) return { labels, axis: { interval: Math.max(0, Math.ceil(starts.length / 8) - 1) } };
  const dayOf = new Map(starts.map((start, i) => [labels[i], formatTime(start, "day", zone)]));
  const ticks = labels.filter((_, i) => formatTime(starts[i], "hour", zone) === "00:00");
  return { labels, axis: { ticks, tickFormatter: (label: string) => dayOf.get(label) ?? label, interval: "preserveStartEnd" as const, minTickGap: 8 } };
}

/**
 * Counts per bucket (an hour unless `bucketMinutes` says otherwise), stacked by outcome, with the times in the
 * viewer's time zone. Over more than a day the axis names the day too. `noun` is what is counted, plural
 * ("attempts", "deliveries").
 */
export function TimelineChart<K extends string>({
  buckets,
  series,
  noun,
  testId,
  bucketMinutes = 60,
}: {
  buckets: ({ start: Date } & Record<K, number>)[];
  series: TimelineSeries<K>[];
  noun: string;
  testId: string;
  bucketMinutes?: number;
}) {
  const zone = useViewerTimeZone();
  const span = spanName(buckets.length * bucketMinutes);
  const per = bucketName(bucketMinutes);
  const { labels, axis } = timeAxis(buckets.map((b) => b.start), bucketMinutes, zone);
  const data = buckets.map((b, i) => ({ ...b, hour: labels[i] }));
  const total = buckets.reduce((sum, b) => sum + series.reduce((n, s) => n + b[s.key], 0), 0);
  if (total === 0) {
    return <div className="flex h-36 items-center justify-center rounded-md border border-dashed text-sm text-muted-foreground" data-testid={`${testId}-empty`}>No {noun} in the last {span}</div>;
  }
  const last = series.length - 1;
  return (
    <div className="h-48 w-full" role="img" aria-label={`${total} ${noun} in the last ${span}, per ${per}: ${OUTCOMES_LIST.format(series.map((s) => s.name.toLowerCase()))}`} data-testid={testId}>
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data} margin={{ top: 4, right: 4, bottom: 4, left: 0 }}>
          <XAxis
            dataKey="hour"
            tick={TICK}
            tickLine={false}
            axisLine={false}
            {...axis}
            label={{ value: bucketMinutes === 60 ? `Hour started (${zone})` : `Start of each ${per} (${zone})`, position: "insideBottom", offset: -2, style: AXIS_LABEL }}
            height={36}
          />
          <YAxis
            allowDecimals={false}
            tick={TICK}
            tickLine={false}
            axisLine={false}
            width={44}
            label={{ value: noun[0].toUpperCase() + noun.slice(1), angle: -90, position: "insideLeft", offset: 10, style: AXIS_LABEL }}
          />
          <Tooltip
            cursor={{ fill: "var(--muted)" }}
            contentStyle={{ fontSize: 12, background: "var(--popover)", color: "var(--popover-foreground)", borderColor: "var(--border)" }}
            labelFormatter={(hour) => (bucketMinutes === 60 ? `Hour from ${hour}` : `${per} from ${hour}`)}
          />
          {/* In the order of the stack, not alphabetical (the legend's default). */}
          <Legend verticalAlign="top" align="right" height={24} iconType="square" iconSize={10} wrapperStyle={{ fontSize: 12 }} itemSorter={(item) => series.findIndex((s) => s.key === item.dataKey)} />
          {series.map((s, i) => (
            <Bar key={s.key} dataKey={s.key} name={s.name} stackId="a" fill={s.color} fillOpacity={s.opacity} radius={i === last ? [2, 2, 0, 0] : undefined} isAnimationActive={false} />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}

const ATTEMPT_SERIES: TimelineSeries<"succeeded" | "failed">[] = [
  { key: "succeeded", name: "Succeeded", color: "var(--success)" },
  { key: "failed", name: "Failed", color: "var(--destructive)" },
];

/** Attempts per hour over the last day, stacked by outcome. */
export function AttemptsChart({ buckets }: { buckets: { start: Date; succeeded: number; failed: number }[] }) {
  return <TimelineChart buckets={buckets} series={ATTEMPT_SERIES} noun="attempts" testId="attempts-chart" />;
}
