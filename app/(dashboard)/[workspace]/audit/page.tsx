import { Download, ScrollText } from "lucide-react";
import { EmptyState } from "@/components/empty-state";
import { DataTable } from "@/components/list-page/data-table";
import { FilterBar, FilterInput } from "@/components/list-page/filter-bar";
import { filterQuery, KeysetPager } from "@/components/list-page/keyset-pager";
import { PageHeader } from "@/components/page-header";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Time } from "@/components/ui/time";
import { auditFiltersSchema, queryAuditLog } from "@/lib/audit/query";
import { requireWorkspace } from "@/lib/auth/session";
import { ChangeSummary } from "./_components/change-summary";

type Search = Record<string, string | undefined>;

export default async function AuditPage({ params, searchParams }: { params: Promise<{ workspace: string }>; searchParams: Promise<Search> }) {
  const { workspace: slug } = await params;
  const { workspace } = await requireWorkspace(slug, "audit:read");
  const search = await searchParams;
  const parsed = auditFiltersSchema.safeParse(Object.fromEntries(Object.entries(search).filter(([, v]) => v)));
  const filters = parsed.success ? parsed.data : {};
  const { rows, nextCursor } = await queryAuditLog(workspace.id, filters);
  const query = filterQuery(search);
  const filtered = query.size > 0;

  return (
    <div className="space-y-6">
      <PageHeader
        title="Audit log"
        description="Every change in this workspace: who, what, when and from where."
        actions={
          <div className="flex gap-2">
            <Button asChild variant="outline">
              <a href={`/${slug}/audit/export?${query}`} download data-testid="audit-export-csv">
                <Download aria-hidden /> Export CSV
              </a>
            </Button>
            <Button asChild variant="outline">
              <a href={`/${slug}/audit/export?${new URLSearchParams([...query, ["format", "json"]])}`} download data-testid="audit-export-json">
                <Download aria-hidden /> JSON
              </a>
            </Button>
          </div>
        }
      />
      <FilterBar label="Filter the audit log" active={filtered} className="grid-cols-2 md:grid-cols-6">
        <FilterInput name="actor" label="Actor" placeholder="email or key name" value={search.actor} />
        <FilterInput name="action" label="Action" placeholder="e.g. member" value={search.action} />
        <FilterInput name="target" label="Target" placeholder="type or id" value={search.target} />
        <FilterInput name="from" label="From" type="datetime-local" value={search.from} />
        <FilterInput name="to" label="To" type="datetime-local" value={search.to} />
      </FilterBar>
      {!parsed.success ? (
        <Alert variant="destructive">
          <AlertDescription>Some filters were invalid and were ignored: {parsed.error.issues.map((i) => i.path.join(".")).join(", ")}.</AlertDescription>
        </Alert>
      ) : null}
      <DataTable
        rows={rows}
        rowKey={(row) => row.id}
        rowProps={() => ({ "data-testid": "audit-row" })}
        empty={<EmptyState icon={ScrollText} title={filtered ? "No matching entries" : "No entries yet"} description={filtered ? "Try wider filters." : "Changes to this workspace will appear here."} />}
        columns={[
          { header: "When", className: "whitespace-nowrap text-muted-foreground", cell: (row) => <Time value={row.createdAt} /> },
          {
            header: "Actor",
            className: "max-w-48",
            cell: (row) => (
              <>
                <div className="truncate" title={row.actorLabel}>{row.actorLabel}</div>
                <div className="text-xs text-muted-foreground">{row.actorType.replace("_", " ")}</div>
              </>
            ),
          },
          { header: "Action", cell: (row) => <Badge variant="outline" className="font-mono">{row.action}</Badge> },
          { header: "Target", className: "max-w-44 font-mono text-xs whitespace-normal break-all", cell: (row) => <>{row.targetType}{row.targetId ? ` ${row.targetId}` : ""}</> },
          { header: "Change", cell: (row) => <ChangeSummary before={row.before} after={row.after} /> },
          { header: "IP", className: "text-xs text-muted-foreground", cell: (row) => <><span className="md:hidden">IP </span>{row.ip ?? "—"}</> },
        ]}
      />
      <KeysetPager path={`/${slug}/audit`} filters={query} cursor={search.cursor} nextCursor={nextCursor} />
    </div>
  );
}
