import { Radio } from "lucide-react";
import { AutoRefresh } from "@/components/outbound/auto-refresh";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Progress } from "@/components/ui/progress";
import { Time } from "@/components/ui/time";
import type { BroadcastView } from "@/lib/outbound/schemas";

const STATUS_VARIANT = { pending: "secondary", running: "secondary", completed: "success", failed: "destructive" } as const;

/**
 * The workspace's recent broadcasts with how far each has got (applications done of those it covers, messages and
 * deliveries written); the page refreshes itself while one is still being written. Nothing when there are none.
 */
export function BroadcastProgress({ broadcasts }: { broadcasts: BroadcastView[] }) {
  if (broadcasts.length === 0) return null;
  const active = broadcasts.some((b) => b.status === "pending" || b.status === "running");
  return (
    <Card data-testid="broadcasts">
      {active ? <AutoRefresh active /> : null}
      <CardHeader>
        <CardTitle className="flex items-center gap-2 text-base"><Radio className="size-4" aria-hidden /> Broadcasts</CardTitle>
        <CardDescription>One message per application, written in batches (POST /api/v1/messages/broadcast).</CardDescription>
      </CardHeader>
      <CardContent>
        <ul className="space-y-4">
          {broadcasts.map((b) => {
            const { applicationsTotal: total, applicationsDone: done, messagesCreated, deliveriesCreated } = b.progress;
            return (
              <li key={b.id} className="space-y-1.5" data-testid="broadcast-row">
                <div className="flex flex-wrap items-center gap-2 text-sm">
                  <Badge variant="secondary" className="font-mono text-[11px]">{b.eventType}</Badge>
                  <span className="text-xs text-muted-foreground">v{b.version}</span>
                  <Badge variant={STATUS_VARIANT[b.status]} className="capitalize">{b.status}</Badge>
                  <span className="font-mono text-xs text-muted-foreground">{b.id}</span>
                  <span className="ml-auto text-xs text-muted-foreground"><Time value={b.createdAt} /></span>
                </div>
                <Progress value={Math.min(done, total)} max={Math.max(total, 1)} aria-label={`${b.id}: ${done} of ${total} applications`} />
                <p className="text-xs tabular-nums text-muted-foreground">
                  {done.toLocaleString("en")} of {total.toLocaleString("en")} applications · {messagesCreated.toLocaleString("en")} messages · {deliveriesCreated.toLocaleString("en")} deliveries
                  {b.lastError ? <span className="text-destructive"> · last batch failed: {b.lastError}</span> : null}
                </p>
              </li>
            );
          })}
        </ul>
      </CardContent>
    </Card>
  );
}
