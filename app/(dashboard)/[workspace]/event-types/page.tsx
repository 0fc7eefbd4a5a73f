import { Shapes } from "lucide-react";
import Link from "next/link";
import { EmptyState } from "@/components/empty-state";
import { DataTable } from "@/components/list-page/data-table";
import { FilterTabs } from "@/components/list-page/filter-tabs";
import { PageHeader } from "@/components/page-header";
import { Badge } from "@/components/ui/badge";
import { Time } from "@/components/ui/time";
import { can } from "@/lib/auth/permissions";
import { requireWorkspace } from "@/lib/auth/session";
import { listEventTypes } from "@/lib/outbound/event-types";
import { CreateEventTypeDialog } from "./_components/create-event-type-dialog";
import { ImportOpenApiDialog } from "./_components/import-openapi-dialog";

export default async function EventTypesPage({ params, searchParams }: { params: Promise<{ workspace: string }>; searchParams: Promise<{ archived?: string }> }) {
  const { workspace: slug } = await params;
  const includeArchived = (await searchParams).archived === "1";
  const { role, ctx } = await requireWorkspace(slug, "event_types:read");
  const types = await listEventTypes({ includeArchived }, ctx);
  const canWrite = can(role, "event_types:write");

  return (
    <div className="space-y-6">
      <PageHeader
        title="Event types"
        description="The catalog of events this workspace sends. Each type has versioned JSON Schemas that payloads are validated against."
        actions={
          canWrite ? (
            <>
              <ImportOpenApiDialog workspace={slug} />
              <CreateEventTypeDialog workspace={slug} />
            </>
          ) : undefined
        }
      />
      <FilterTabs
        label="Filter event types"
        items={[
          { label: "Active", href: `/${slug}/event-types`, current: !includeArchived },
          { label: "Including archived", href: `/${slug}/event-types?archived=1`, current: includeArchived },
        ]}
      />
      <DataTable
        rows={types}
        rowKey={(type) => type.id}
        rowProps={() => ({ "data-testid": "event-type-row" })}
        empty={
          <EmptyState
            icon={Shapes}
            title="No event types yet"
            description="Create a type such as invoice.paid, or import the webhooks of an OpenAPI 3.1 document. Messages can only be sent for types in the catalog."
            action={canWrite ? <CreateEventTypeDialog workspace={slug} /> : undefined}
          />
        }
        columns={[
          {
            header: "Name",
            className: "max-w-md",
            cell: (type) => (
              <>
                <Link href={`/${slug}/event-types/${type.id}`} className="font-mono text-sm font-medium hover:underline">{type.name}</Link>
                {type.description ? <div className="truncate text-xs text-muted-foreground">{type.description}</div> : null}
              </>
            ),
          },
          { header: "Feature group", cell: (type) => type.featureGroup ?? <span className="text-muted-foreground">—</span> },
          { header: "Version", className: "tabular-nums", cell: (type) => `v${type.latestVersion}` },
          {
            header: "Status",
            cell: (type) => (
              <div className="flex gap-1">
                {type.archived ? <Badge variant="outline">Archived</Badge> : type.deprecated ? <Badge variant="warning">Deprecated</Badge> : <Badge variant="success">Active</Badge>}
              </div>
            ),
          },
          { header: "Updated", className: "whitespace-nowrap text-muted-foreground", cell: (type) => <Time value={type.updatedAt} format="date" /> },
        ]}
      />
    </div>
  );
}
