import Link from "next/link";
import { notFound } from "next/navigation";
import { DocsView } from "@/components/integrations/docs-view";
import { PageHeader } from "@/components/page-header";
import { adapterFor, integrationDocs, integrationKindSchema } from "@/lib/integrations";
import { listEventTypes } from "@/lib/outbound/event-types";
import { env } from "@/lib/platform/env";
import { requirePortal } from "@/lib/portal";

export default async function PortalIntegrationDocsPage({ params }: { params: Promise<{ integration: string }> }) {
  const kind = integrationKindSchema.safeParse((await params).integration);
  const adapter = kind.success ? adapterFor(kind.data) : undefined;
  if (!adapter) notFound();
  const { ctx } = await requirePortal();
  const eventTypes = await listEventTypes({ limit: 5 }, ctx);
  const page = integrationDocs(adapter, { appUrl: env().APP_URL, samples: eventTypes.map((t) => ({ eventType: t.name, payload: { example: true } })) });
  return (
    <>
      <PageHeader title={`${page.title} integration`} description={<Link href="/portal/integrations" className="underline underline-offset-4">Back to Integrations</Link>} />
      <DocsView page={page} />
    </>
  );
}
