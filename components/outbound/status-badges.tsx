import { Badge } from "@/components/ui/badge";
import type { DeliveryStatus } from "@/lib/outbound/summaries";

type Variant = "success" | "warning" | "destructive" | "outline" | "secondary";

const ENDPOINT: Record<"enabled" | "paused" | "disabled", { label: string; variant: Variant }> = {
  enabled: { label: "Enabled", variant: "success" },
  paused: { label: "Paused", variant: "warning" },
  disabled: { label: "Disabled", variant: "destructive" },
};

export function EndpointStatusBadge({ status }: { status: keyof typeof ENDPOINT }) {
  const s = ENDPOINT[status];
  return <Badge variant={s.variant} data-testid="endpoint-status">{s.label}</Badge>;
}

export const DELIVERY_VARIANTS: Record<DeliveryStatus, Variant> = {
  pending: "secondary",
  sending: "secondary",
  succeeded: "success",
  failed: "warning",
  exhausted: "destructive",
  cancelled: "outline",
};

export function DeliveryStatusBadge({ status }: { status: DeliveryStatus }) {
  return <Badge variant={DELIVERY_VARIANTS[status]} className="capitalize" data-testid="delivery-status">{status}</Badge>;
}

const STATUS_ORDER: DeliveryStatus[] = ["succeeded", "pending", "sending", "failed", "exhausted", "cancelled"];

/** A message's deliveries, counted by status. */
export function DeliveryCounts({ byStatus }: { byStatus: Partial<Record<DeliveryStatus, number>> }) {
  return (
    <div className="flex flex-wrap items-center gap-1">
      {STATUS_ORDER.filter((s) => byStatus[s]).map((s) => (
        <span key={s} className="inline-flex items-center gap-1">
          <DeliveryStatusBadge status={s} />
          <span className="text-xs tabular-nums text-muted-foreground">{byStatus[s]}</span>
        </span>
      ))}
      {Object.keys(byStatus).length === 0 ? <span className="text-xs text-muted-foreground">No endpoints</span> : null}
    </div>
  );
}
