import { Time } from "@/components/ui/time";
import { JITTER_PERCENT, type RetryPreview } from "@/lib/outbound/retry-preview";
import { formatDuration } from "@/lib/ui/durations";

/** An offset from now as a timeline reads it: "+2h 35m 5s". */
function offset(seconds: number): string {
  const total = Math.round(seconds);
  if (total === 0) return "now";
  const parts = [[Math.floor(total / 86400), "d"], [Math.floor((total % 86400) / 3600), "h"], [Math.floor((total % 3600) / 60), "m"], [total % 60, "s"]] as const;
  return `+${parts.filter(([n]) => n > 0).map(([n, unit]) => `${n}${unit}`).join(" ")}`;
}

/**
 * One always-failing delivery's attempts on an endpoint's schedule, from now, and what that means for auto-disable
 * (lib/outbound/retry-preview.ts). Shown on the testing page and on the endpoint page.
 */
export function RetryPreviewTable({ preview, autoDisableAfterSeconds }: { preview: RetryPreview; autoDisableAfterSeconds: number }) {
  const disabling = preview.disablingAttempt?.number;
  return (
    <div className="space-y-3" data-testid="retry-preview">
      <table className="w-full text-sm">
        <thead className="text-left text-xs text-muted-foreground">
          <tr>
            <th className="py-1 pr-3 font-medium">Attempt</th>
            <th className="py-1 pr-3 font-medium">After</th>
            <th className="py-1 pr-3 font-medium">At</th>
            <th className="hidden py-1 font-medium sm:table-cell">Between (jitter)</th>
          </tr>
        </thead>
        <tbody className="tabular-nums">
          {preview.attempts.map((a) => (
            <tr key={a.number} className="border-t" data-testid="retry-preview-row">
              <td className="py-1 pr-3">{a.number}{a.number === disabling ? <span className="ml-1 text-xs text-destructive">disables</span> : null}</td>
              <td className="py-1 pr-3 font-mono text-xs">{offset(a.offsetSeconds)}</td>
              <td className="py-1 pr-3 text-xs"><Time value={a.at} /></td>
              <td className="hidden py-1 text-xs text-muted-foreground sm:table-cell">
                {a.earliestOffsetSeconds === a.latestOffsetSeconds ? "—" : `${offset(a.earliestOffsetSeconds)} to ${offset(a.latestOffsetSeconds)}`}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="text-xs text-muted-foreground" data-testid="retry-preview-summary">
        After attempt {preview.attempts.length} fails the delivery is exhausted (<Time value={preview.exhaustedAt} />).{" "}
        {preview.disablingAttempt ? (
          <>Its attempt {preview.disablingAttempt.number} fails after {formatDuration(autoDisableAfterSeconds)} of failures and <strong>disables the endpoint</strong> (<Time value={preview.disablingAttempt.at} />).</>
        ) : (
          <>That is before the {formatDuration(autoDisableAfterSeconds)} auto-disable window ends, so this delivery alone does not disable the endpoint; any failed attempt after <Time value={preview.disableWindowEndsAt} /> does, if nothing succeeds before then.</>
        )}{" "}
        Each retry is spread by up to ±{JITTER_PERCENT}%; a receiver&apos;s Retry-After can push one later (up to twice its delay), and each wait counts from the response.
      </p>
    </div>
  );
}
