import { BookOpen } from "lucide-react";
import { JsonBlock } from "@/components/outbound/json-block";
import { EmptyState } from "@/components/empty-state";
import { PageHeader } from "@/components/page-header";
import { Badge } from "@/components/ui/badge";
import { portalCatalog, requirePortal } from "@/lib/portal";

export const metadata = { title: "Event types" };

export default async function PortalEventTypesPage() {
  const { ctx } = await requirePortal();
  const catalog = await portalCatalog(ctx);
  return (
    <>
      <PageHeader title="Event types" description="The events you can subscribe an endpoint to, each with its schema and an example payload." />
      {catalog.length === 0 ? (
        <EmptyState icon={BookOpen} title="No event types yet" description="Events will be listed here once they are defined." />
      ) : (
        <ul className="divide-y rounded-lg border bg-card">
          {catalog.map((t) => (
            <li key={t.name}>
              <details className="group" data-testid="portal-event-type">
                <summary className="flex cursor-pointer list-none flex-wrap items-center gap-2 px-4 py-3 text-sm hover:bg-muted/40">
                  <code className="font-medium">{t.name}</code>
                  <span className="text-muted-foreground">v{t.version}</span>
                  {t.deprecated ? <Badge variant="warning">deprecated</Badge> : null}
                  <span className="min-w-0 flex-1 truncate text-muted-foreground">{t.description}</span>
                </summary>
                <div className="grid gap-4 border-t px-4 py-4 lg:grid-cols-2">
                  <section className="min-w-0 space-y-1"><h3 className="text-xs font-semibold text-muted-foreground uppercase">Schema</h3>{t.schema ? <JsonBlock value={t.schema} className="max-h-72" /> : <p className="text-xs text-muted-foreground">Any JSON payload.</p>}</section>
                  <section className="min-w-0 space-y-1"><h3 className="text-xs font-semibold text-muted-foreground uppercase">Example payload</h3>{t.samplePayload != null ? <JsonBlock value={t.samplePayload} className="max-h-72" /> : <p className="text-xs text-muted-foreground">No example.</p>}</section>
                </div>
              </details>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
