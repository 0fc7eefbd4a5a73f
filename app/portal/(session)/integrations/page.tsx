import { ConnectForm, DisconnectButton } from "@/components/integrations/connect-form";
import { ConnectOutcome, IntegrationPanel } from "@/components/integrations/integration-panel";
import { PageHeader } from "@/components/page-header";
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
      <ConnectOutcome connected={search.connected} error={search.error} connectedText="Connected. Your events will be posted there." />
      <div className="space-y-6">
        {adapters.map((adapter) => (
          <IntegrationPanel
            key={adapter.id}
            adapter={adapter}
            connections={connections}
            showApplication={false}
            basePath="/portal"
            connect={session.readOnly || adapter.connect.type !== "oauth" ? null : <ConnectForm action={portalConnectAction} integration={adapter.id} label={adapter.connect.action} application={session.applicationId} />}
            disconnect={(endpointId) => (session.readOnly ? null : <DisconnectButton action={portalDisconnectAction} endpointId={endpointId} />)}
          />
        ))}
      </div>
    </>
  );
}
