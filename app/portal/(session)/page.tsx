import { Webhook } from "lucide-react";
import Link from "next/link";
import { DataTable } from "@/components/list-page/data-table";
import { IgnoredCursorNotice, KeysetPager } from "@/components/list-page/keyset-pager";
import { EndpointStatusBadge } from "@/components/outbound/status-badges";
import { EmptyState } from "@/components/empty-state";
import { PageHeader } from "@/components/page-header";
import { Time } from "@/components/ui/time";
import { pageCursor } from "@/lib/api/pagination";
import { listEventTypes } from "@/lib/outbound/event-types";
import { portalEndpoints, requirePortal } from "@/lib/portal";
import { AddEndpointDialog } from "./_components/add-endpoint-dialog";

export const metadata = { title: "Endpoints" };

export default async function PortalEndpointsPage({ searchParams }: { searchParams: Promise<{ cursor?: string }> }) {
  const { session, ctx } = await requirePortal();
  const { cursor, ignored } = pageCursor((await searchParams).cursor);
  const [page, catalog] = await Promise.all([portalEndpoints(ctx, { cursor, limit: 25 }), listEventTypes({}, ctx)]);
  const add = session.readOnly ? null : <AddEndpointDialog catalog={catalog} />;
  return (
    <>
      <PageHeader title="Endpoints" description="The URLs that receive your webhooks, and which events each one gets." actions={page.data.length ? add : null} />
      <IgnoredCursorNotice ignored={ignored} />
      <DataTable
        rows={page.data}
        rowKey={(e) => e.id}
        rowProps={(e) => ({ "data-testid": "portal-endpoint-row", "data-endpoint-id": e.id })}
        columns={[
          { header: "URL", cell: (e) => <Link className="font-mono text-xs underline-offset-4 hover:underline break-all" href={`/portal/endpoints/${e.id}`}>{e.url}</Link> },
          { header: "Status", cell: (e) => <EndpointStatusBadge status={e.status} /> },
          { header: "Events", label: "Events", cell: (e) => <span className="text-muted-foreground">{e.eventTypes ? e.eventTypes.join(", ") : "All events"}</span> },
          { header: "Created", label: "Created", cell: (e) => <Time value={e.createdAt} className="text-muted-foreground" /> },
        ]}
        empty={
          <EmptyState
            icon={Webhook}
            title="No endpoints yet"
            description={session.readOnly ? "No endpoint receives webhooks yet. This link is read-only." : "Add the URL of your server that should receive webhooks. Each delivery is signed so you can verify it came from us."}
            action={add}
          />
        }
      />
      <KeysetPager path="/portal" cursor={cursor} nextCursor={page.nextCursor} />
    </>
  );
}
