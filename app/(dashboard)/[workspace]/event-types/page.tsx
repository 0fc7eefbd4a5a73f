import { Shapes } from "lucide-react";
import Link from "next/link";
import { EmptyState } from "@/components/empty-state";
import { PageHeader } from "@/components/page-header";
import { Badge } from "@/components/ui/badge";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { Time } from "@/components/ui/time";
import { can } from "@/lib/auth/permissions";
import { requireWorkspace } from "@/lib/auth/session";
import { listEventTypes } from "@/lib/outbound/event-types";
import { cn } from "@/lib/utils";
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
      <nav aria-label="Filter event types" className="flex gap-1 text-sm">
        {[
          [false, "Active", `/${slug}/event-types`],
          [true, "Including archived", `/${slug}/event-types?archived=1`],
        ].map(([value, label, href]) => (
          <Link
            key={String(label)}
            href={String(href)}
            aria-current={value === includeArchived ? "page" : undefined}
            className={cn("rounded-md px-2.5 py-1 text-muted-foreground hover:bg-muted", value === includeArchived && "bg-muted font-medium text-foreground")}
          >
            {label}
          </Link>
        ))}
      </nav>
      {types.length === 0 ? (
        <EmptyState
          icon={Shapes}
          title="No event types yet"
          description="Create a type such as invoice.paid, or import the webhooks of an OpenAPI 3.1 document. Messages can only be sent for types in the catalog."
          action={canWrite ? <CreateEventTypeDialog workspace={slug} /> : undefined}
        />
      ) : (
        <div className="rounded-lg border bg-card">
          <Table stack>
            <TableHeader>
              <TableRow>
                <TableHead>Name</TableHead>
                <TableHead>Feature group</TableHead>
                <TableHead>Version</TableHead>
                <TableHead>Status</TableHead>
                <TableHead>Updated</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {types.map((type) => (
                <TableRow key={type.id} data-testid="event-type-row">
                  <TableCell className="max-w-md">
                    <Link href={`/${slug}/event-types/${type.id}`} className="font-mono text-sm font-medium hover:underline">{type.name}</Link>
                    {type.description ? <div className="truncate text-xs text-muted-foreground">{type.description}</div> : null}
                  </TableCell>
                  <TableCell>{type.featureGroup ?? <span className="text-muted-foreground">—</span>}</TableCell>
                  <TableCell className="tabular-nums">v{type.latestVersion}</TableCell>
                  <TableCell>
                    <div className="flex gap-1">
                      {type.archived ? <Badge variant="outline">Archived</Badge> : type.deprecated ? <Badge variant="warning">Deprecated</Badge> : <Badge variant="success">Active</Badge>}
                    </div>
                  </TableCell>
                  <TableCell className="whitespace-nowrap text-muted-foreground"><Time value={type.updatedAt} format="date" /></TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </div>
      )}
    </div>
  );
}
