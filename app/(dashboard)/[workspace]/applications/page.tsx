import { Building2 } from "lucide-react";
import Link from "next/link";
import { EmptyState } from "@/components/empty-state";
import { DataTable } from "@/components/list-page/data-table";
import { FilterBar, FilterInput } from "@/components/list-page/filter-bar";
import { IgnoredCursorNotice, KeysetPager } from "@/components/list-page/keyset-pager";
import { PageHeader } from "@/components/page-header";
import { Time } from "@/components/ui/time";
import { applicationHealth, listApplications } from "@/lib/applications";
import { can } from "@/lib/auth/permissions";
import { requireWorkspace } from "@/lib/auth/session";
import { pageCursor } from "@/lib/api/pagination";
import { EndpointCount, HealthBadge, OutcomeBar } from "./_components/health";
import { NewApplicationDialog } from "./_components/application-dialogs";

type Search = { search?: string; cursor?: string };

export default async function ApplicationsPage({ params, searchParams }: { params: Promise<{ workspace: string }>; searchParams: Promise<Search> }) {
  const { workspace: slug } = await params;
  const search = await searchParams;
  const { role, ctx } = await requireWorkspace(slug, "applications:read");
  const query = search.search?.trim().slice(0, 256) || undefined;
  const { cursor, ignored: ignoredCursor } = pageCursor(search.cursor);
  const { data: applications, nextCursor } = await listApplications({ search: query, cursor, limit: 50 }, ctx);
  const health = await applicationHealth(applications.map((a) => a.id), 24 * 3600, ctx);
  const newButton = can(role, "applications:write") ? <NewApplicationDialog workspace={slug} /> : undefined;
  const filtered = Boolean(query || cursor);

  return (
    <div className="space-y-6">
      <PageHeader title="Applications" description="Your customers. Each has its own endpoints; a message sent to an application reaches only them." actions={newButton} />
      {applications.length || filtered ? (
        <FilterBar label="Search applications" active={Boolean(query)} className="grid-cols-1 sm:grid-cols-[1fr_auto]">
          <FilterInput name="search" label="Name or uid" value={query} placeholder="A name's beginning, or an exact uid" search />
        </FilterBar>
      ) : null}
      <IgnoredCursorNotice ignored={ignoredCursor} />
      <DataTable
        rows={applications}
        rowKey={(application) => application.id}
        rowProps={() => ({ "data-testid": "application-row" })}
        empty={
          filtered ? (
            <EmptyState icon={Building2} title="No applications match" description="Search matches the beginning of a name, or a uid exactly." />
          ) : (
            <EmptyState
              icon={Building2}
              title="No applications yet"
              description={
                <>
                  An application is one of your customers. Give it endpoints, the URLs where it receives your webhooks,
                  and send it messages by its id or by your own uid for it. It can manage those endpoints itself through
                  its portal, without a Switchboard account.
                </>
              }
              action={newButton}
            />
          )
        }
        columns={[
          {
            header: "Application",
            cell: (application) => (
              <>
                <Link href={`/${slug}/applications/${application.id}`} className="font-medium hover:underline">{application.name}</Link>
                <div className="font-mono text-xs text-muted-foreground">{application.uid ?? application.id}</div>
              </>
            ),
          },
          { header: "Health", label: "Health", cell: (application) => <HealthBadge health={health.get(application.id)!} /> },
          { header: "Endpoints", label: "Endpoints", cell: (application) => <EndpointCount health={health.get(application.id)!} /> },
          { header: "Deliveries (24 h)", label: "Deliveries (24 h)", cell: (application) => <OutcomeBar counts={health.get(application.id)!.deliveries} /> },
          { header: "Created", label: "Created", className: "whitespace-nowrap text-muted-foreground", cell: (application) => <Time value={application.createdAt} format="date" /> },
        ]}
      />
      <KeysetPager path={`/${slug}/applications`} filters={{ search: query }} cursor={cursor} nextCursor={nextCursor} />
    </div>
  );
}
