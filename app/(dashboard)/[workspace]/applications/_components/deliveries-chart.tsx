"use client";

import { TimelineChart, type TimelineSeries } from "@/components/outbound/attempts-chart";
import type { DeliveryBucket, DeliveryOutcome } from "@/lib/applications";

const SERIES: TimelineSeries<DeliveryOutcome>[] = [
  { key: "succeeded", name: "Succeeded", color: "var(--success)" },
  { key: "pending", name: "Pending", color: "var(--muted-foreground)", opacity: 0.45 },
  { key: "retrying", name: "Retrying", color: "var(--warning)" },
  { key: "failed", name: "Failed", color: "var(--destructive)" },
];

/** An application's deliveries per hour, stacked by how each stands now. */
export function DeliveriesChart({ buckets }: { buckets: DeliveryBucket[] }) {
  return <TimelineChart buckets={buckets} series={SERIES} noun="deliveries" testId="deliveries-chart" />;
}
