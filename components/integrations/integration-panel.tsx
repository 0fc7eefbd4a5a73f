import Link from "next/link";
import { Plug } from "lucide-react";
import { EmptyState } from "@/components/empty-state";
import { EndpointStatusBadge } from "@/components/outbound/status-badges";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Time } from "@/components/ui/time";
import { Alert, AlertDescription } from "@/components/ui/alert";
import type { Adapter, ConnectionView } from "@/lib/integrations";

/** What a connect flow came back with (`?connected=` or `?error=` on the Integrations page), dashboard or portal. */
export function ConnectOutcome({ connected, error, connectedText }: { connected?: string; error?: string; connectedText: string }) {
  if (connected) return <Alert data-testid="connected-notice"><AlertDescription>{connectedText}</AlertDescription></Alert>;
  if (error) return <Alert variant="destructive" data-testid="connect-error"><AlertDescription>{error.slice(0, 300)}</AlertDescription></Alert>;
  return null;
}

/**
 * One integration on an Integrations page (dashboard or portal): whether the deployment has it configured (and if
 * not, what to set), where it is connected, the connect form and each connection's disconnect button. `basePath` is
 * where the page's links start: `/<workspace>` in the dashboard, `/portal` in the consumer portal.
 */
export function IntegrationPanel({ adapter, connections: all, connect, disconnect, basePath, showApplication }: {
  adapter: Pick<Adapter, "id" | "name" | "docs" | "status">;
  /** Every connection the page lists; the panel shows its integration's. */
  connections: ConnectionView[];
  connect: React.ReactNode;
  disconnect: (endpointId: string) => React.ReactNode;
  basePath: string;
  showApplication: boolean;
}) {
  const { id, name } = adapter;
  const status = adapter.status();
  const connections = all.filter((c) => c.kind === id);
  return (
    <Card data-testid={`integration-${id}`}>
      <CardHeader>
        <CardTitle className="flex items-center gap-2">
          {name}
          {status.configured ? <Badge variant="secondary">{connections.length ? `${connections.length} connected` : "Not connected"}</Badge> : <Badge variant="outline">Not configured</Badge>}
        </CardTitle>
        <CardDescription>
          {adapter.docs.summary} <Link href={`${basePath}/integrations/${id}`} className="underline underline-offset-4">Setup and docs</Link>
        </CardDescription>
      </CardHeader>
      <CardContent className="space-y-4">
        {status.configured ? (
          connect
        ) : (
          <div className="rounded-md border border-dashed p-3 text-sm" data-testid="not-configured">
            <p className="font-medium">{name} is not configured on this deployment. Set:</p>
            <ul className="mt-1 list-disc pl-5 text-muted-foreground">
              {status.missing.map((m) => (
                <li key={m.variable}><code className="font-mono text-xs text-foreground">{m.variable}</code>: {m.purpose}</li>
              ))}
            </ul>
          </div>
        )}
        {connections.length ? (
          <ul className="divide-y rounded-md border">
            {connections.map((c) => (
              <li key={c.endpointId} className="flex flex-wrap items-center justify-between gap-3 p-3 text-sm" data-testid="connection-row">
                <div className="min-w-0 space-y-0.5">
                  <Link href={`${basePath}/endpoints/${c.endpointId}`} className="font-medium underline-offset-4 hover:underline">{c.description}</Link>
                  <div className="text-xs text-muted-foreground">
                    {showApplication ? <>{c.applicationName} · </> : null}connected by {c.config.connectedBy ?? "someone"} <Time value={c.createdAt} />
                    {c.disabledReason ? <> · {c.disabledReason}</> : null}
                  </div>
                </div>
                <div className="flex items-center gap-2">
                  <EndpointStatusBadge status={c.status} />
                  {disconnect(c.endpointId)}
                </div>
              </li>
            ))}
          </ul>
        ) : (
          <EmptyState icon={Plug} title={`No ${name} connections`} description={status.configured ? `Connect ${name} to get events there. Each connection is an endpoint: filters, templates, retries and logs work as for any.` : "Once it is configured, connections appear here."} className="py-6" />
        )}
      </CardContent>
    </Card>
  );
}
