import { ConnectForm, DisconnectButton } from "@/components/integrations/connect-form";
import { IntegrationPanel } from "@/components/integrations/integration-panel";
import { PageHeader } from "@/components/page-header";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { ADAPTERS, listConnections } from "@/lib/integrations";
import { requirePortal } from "@/lib/portal";
import { portalConnectAction, portalDisconnectAction } from "./actions";

export const metadata = { title: "Integrations" };

export default async function PortalIntegrationsPage({ searchParams }: { searchParams: Promise<{ connected?: string; error?: string }> }) {
  const { session, ctx } = await requirePortal();
  const search = await searchParams;
  const connections = await listConnections(ctx);
  // Only what a customer connects themselves from here (an OAuth install); the others connect from their own side.
  const adapters = ADAPTERS.filter((a) => a.connect.type === "oauth");
  return (
    <>
      <PageHeader title="Integrations" description="Get your events in Slack without running a server. Only your own events are sent there." />
      {search.connected ? <Alert data-testid="connected-notice"><AlertDescription>Connected. Your events will be posted there.</AlertDescription></Alert> : null}
      {search.error ? <Alert variant="destructive" data-testid="connect-error"><AlertDescription>{search.error.slice(0, 300)}</AlertDescription></Alert> : null}
      <div className="space-y-6">
        {adapters.map((adapter) => (
          <IntegrationPanel
            key={adapter.id}
            id={adapter.id}
            name={adapter.name}
            summary={adapter.docs.summary}
            status={adapter.status()}
            connections={connections.filter((c) => c.kind === adapter.id)}
            showApplication={false}
            docsHref={`/portal/integrations/${adapter.id}`}
            endpointHref={(id) => `/portal/endpoints/${id}`}
            connect={session.readOnly || adapter.connect.type !== "oauth" ? null : <ConnectForm action={portalConnectAction} integration={adapter.id} label={adapter.connect.action} application={session.applicationId} />}
            disconnect={(endpointId) => (session.readOnly ? null : <DisconnectButton action={portalDisconnectAction} endpointId={endpointId} />)}
          />
        ))}
      </div>
    </>
  );
}
