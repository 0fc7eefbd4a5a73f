import { ConnectForm, DisconnectButton } from "@/components/integrations/connect-form";
import { ConnectOutcome, IntegrationPanel } from "@/components/integrations/integration-panel";
import { RecipesSection } from "@/components/integrations/recipes-section";
import { PageHeader } from "@/components/page-header";
import { listApplications } from "@/lib/applications";
import { can } from "@/lib/auth/permissions";
import { requireWorkspace } from "@/lib/auth/session";
import { ADAPTERS, listConnections } from "@/lib/integrations";
import { RECIPES } from "@/lib/integrations/recipes/catalog";
import { connectIntegrationAction, disconnectIntegrationAction } from "./actions";
import { installRecipeAction } from "./recipe-actions";

export const metadata = { title: "Integrations" };

export default async function IntegrationsPage({ params, searchParams }: { params: Promise<{ workspace: string }>; searchParams: Promise<{ connected?: string; error?: string }> }) {
  const { workspace: slug } = await params;
  const search = await searchParams;
  const { role, ctx } = await requireWorkspace(slug, "endpoints:read");
  const writable = can(role, "endpoints:write");
  const [connections, applications] = await Promise.all([listConnections(ctx), writable ? listApplications({ limit: 100 }, ctx) : null]);
  const choices = applications?.data.length ? applications.data.map((a) => ({ id: a.id, name: a.name })) : [{ id: "default", name: "Default application" }];

  return (
    <div className="space-y-6">
      <PageHeader title="Integrations" description="Send events to Slack, Zapier and IFTTT without writing a receiver. Each connection is an endpoint of an application, so filters, templates, retries, logs and replay work as for any." />
      <ConnectOutcome connected={search.connected} error={search.error} connectedText={`Connected. The connection is endpoint ${search.connected}; give it event types or a template on its page.`} />
      {ADAPTERS.map((adapter) => (
        <IntegrationPanel
          key={adapter.id}
          adapter={adapter}
          connections={connections}
          showApplication
          basePath={`/${slug}`}
          connect={
            !writable ? null : adapter.connect.type === "oauth" ? (
              <ConnectForm action={connectIntegrationAction} workspace={slug} integration={adapter.id} label={adapter.connect.action} applications={choices} />
            ) : (
              <p className="text-sm text-muted-foreground">{adapter.connect.description}</p>
            )
          }
          disconnect={(endpointId) => (writable ? <DisconnectButton action={disconnectIntegrationAction} workspace={slug} endpointId={endpointId} /> : null)}
        />
      ))}
      <RecipesSection
        recipes={RECIPES.map((r) => ({ id: r.id, version: r.version, name: r.name, summary: r.summary, sourceName: r.source.name, provider: r.source.provider, service: r.destination.service, urlHint: r.destination.urlHint }))}
        action={installRecipeAction}
        workspace={slug}
        applications={choices}
        writable={can(role, "sources:write") && writable}
      />
    </div>
  );
}
