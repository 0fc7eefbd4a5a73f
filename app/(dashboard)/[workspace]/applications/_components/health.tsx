import { Badge } from "@/components/ui/badge";
import type { ApplicationHealth, DeliveryOutcome, OutcomeCounts } from "@/lib/applications";
import { cn } from "@/lib/ui/cn";

const OUTCOME_STYLE: Record<DeliveryOutcome, { label: string; bar: string }> = {
  succeeded: { label: "succeeded", bar: "bg-success" },
  pending: { label: "pending", bar: "bg-muted-foreground/40" },
  retrying: { label: "retrying", bar: "bg-warning" },
  failed: { label: "failed", bar: "bg-destructive" },
};

/** The deliveries of a window as one thin stacked bar, with the counts beside it. */
export function OutcomeBar({ counts }: { counts: OutcomeCounts }) {
  const total = counts.succeeded + counts.pending + counts.retrying + counts.failed;
  if (total === 0) return <span className="text-muted-foreground">No deliveries</span>;
  const shown = (Object.keys(OUTCOME_STYLE) as DeliveryOutcome[]).filter((o) => counts[o] > 0);
  return (
    <div className="w-44 space-y-1" data-testid="application-deliveries">
      <div className="flex h-1.5 overflow-hidden rounded-full bg-muted" role="img" aria-label={shown.map((o) => `${counts[o]} ${OUTCOME_STYLE[o].label}`).join(", ")}>
        {shown.map((o) => <div key={o} className={OUTCOME_STYLE[o].bar} style={{ width: `${(counts[o] / total) * 100}%` }} />)}
      </div>
      <p className="text-xs text-muted-foreground tabular-nums">
        {shown.map((o, i) => (
          <span key={o}>
            {i > 0 ? " · " : null}
            <span className={cn(o === "failed" && "text-destructive", o === "succeeded" && "text-foreground")}>{counts[o]}</span> {OUTCOME_STYLE[o].label}
          </span>
        ))}
      </p>
    </div>
  );
}

/**
 * One word for how an application stands: failing when any delivery of the window failed for good or an endpoint is
 * disabled (someone has to act), degraded while deliveries are being retried, idle without deliveries.
 */
export function HealthBadge({ health }: { health: ApplicationHealth }) {
  const { succeeded, pending, retrying, failed } = health.deliveries;
  const [label, variant] =
    failed > 0 || health.disabled > 0
      ? (["Needs attention", "destructive"] as const)
      : retrying > 0
        ? (["Retrying", "warning"] as const)
        : succeeded + pending > 0
          ? (["Healthy", "success"] as const)
          : (["Idle", "outline"] as const);
  return <Badge variant={variant} data-testid="application-health">{label}</Badge>;
}

/** An application's endpoint count, with the disabled and paused ones called out. */
export function EndpointCount({ health }: { health: ApplicationHealth }) {
  return (
    <span className="inline-block tabular-nums" data-testid="application-endpoints">
      <span className="font-medium">{health.endpoints}</span>
      {health.disabled || health.paused ? (
        <span className="block text-xs">
          {health.disabled ? <span className="text-destructive">{health.disabled} disabled</span> : null}
          {health.disabled && health.paused ? " · " : null}
          {health.paused ? <span className="text-warning-foreground dark:text-warning">{health.paused} paused</span> : null}
        </span>
      ) : null}
    </span>
  );
}
