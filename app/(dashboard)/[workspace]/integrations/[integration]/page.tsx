import Link from "next/link";
import { notFound } from "next/navigation";
import { DocsView } from "@/components/integrations/docs-view";
import { PageHeader } from "@/components/page-header";
import { requireWorkspace } from "@/lib/auth/session";
import { adapterFor, integrationDocs, integrationKindSchema } from "@/lib/integrations";
import { listEventTypes } from "@/lib/outbound/event-types";
import { env } from "@/lib/platform/env";

export default async function IntegrationDocsPage({ params }: { params: Promise<{ workspace: string; integration: string }> }) {
  const { workspace: slug, integration } = await params;
  const kind = integrationKindSchema.safeParse(integration);
  const adapter = kind.success ? adapterFor(kind.data) : undefined;
  if (!adapter) notFound();
  const { ctx } = await requireWorkspace(slug, "event_types:read");
  // Samples for the workspace's own event types (the first few), else the adapter's examples.
  const eventTypes = await listEventTypes({ limit: 5 }, ctx);
  const page = integrationDocs(adapter, { appUrl: env().APP_URL, samples: eventTypes.map((t) => ({ eventType: t.name, payload: { example: true } })) });
  return (
    <div className="space-y-6">
      <PageHeader title={`${page.title} integration`} description={<Link href={`/${slug}/integrations`} className="underline underline-offset-4">Back to Integrations</Link>} />
      <DocsView page={page} />
    </div>
  );
}
