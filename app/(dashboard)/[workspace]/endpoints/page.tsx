import { Send } from "lucide-react";
import Link from "next/link";
import { EmptyState } from "@/components/empty-state";
import { DataTable } from "@/components/list-page/data-table";
import { FilterBar, FilterSelect } from "@/components/list-page/filter-bar";
import { FilterTabs } from "@/components/list-page/filter-tabs";
import { IgnoredCursorNotice, KeysetPager, pageHref } from "@/components/list-page/keyset-pager";
import { EndpointStatusBadge } from "@/components/outbound/status-badges";
import { PageHeader } from "@/components/page-header";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Time } from "@/components/ui/time";
import { applicationChoices, applicationFilter, applicationLabels } from "@/lib/applications";
import { can } from "@/lib/auth/permissions";
import { requireWorkspace } from "@/lib/auth/session";
import { pageCursor } from "@/lib/api/pagination";
import { attemptCounts } from "@/lib/outbound/summaries";
import { listEndpoints } from "@/lib/outbound/endpoints";
import { listEventTypes } from "@/lib/outbound/event-types";
import { cn } from "@/lib/ui/cn";
import { AddEndpointDialog } from "./_components/add-endpoint-dialog";

type Search = { cursor?: string; status?: string; application?: string };
const STATUSES = ["enabled", "paused", "disabled"] as const;

function SuccessRate({ counts }: { counts?: { attempts: number; succeeded: number } }) {
  if (!counts?.attempts) return <span className="text-muted-foreground">No attempts</span>;
  const rate = counts.succeeded / counts.attempts;
  const tone = rate >= 0.99 ? "text-success" : rate >= 0.9 ? "text-warning-foreground dark:text-warning" : "text-destructive";
  return (
    <span>
      <span className={cn("font-medium tabular-nums", tone)}>{(rate * 100).toFixed(rate === 1 ? 0 : 1)}%</span>
      <span className="text-xs text-muted-foreground"> of {counts.attempts}</span>
    </span>
  );
}

export default async function EndpointsPage({ params, searchParams }: { params: Promise<{ workspace: string }>; searchParams: Promise<Search> }) {
  const { workspace: slug } = await params;
  const search = await searchParams;
  const { role, ctx } = await requireWorkspace(slug, "endpoints:read");
  const status = STATUSES.find((s) => s === search.status);
  const { cursor, ignored: ignoredCursor } = pageCursor(search.cursor);
  const { application, unknown: unknownApplication } = await applicationFilter(search.application, ctx);
  const canWrite = can(role, "endpoints:write");
  const [{ data: endpoints, nextCursor }, catalog, choices] = await Promise.all([
    listEndpoints({ cursor, status, application: application?.id, limit: 50 }, ctx),
    listEventTypes({}, ctx),
    applicationChoices(ctx, application),
  ]);
  const [counts, apps] = await Promise.all([attemptCounts(endpoints.map((e) => e.id), 24 * 3600, ctx), applicationLabels(endpoints.map((e) => e.applicationId), ctx)]);
  const addButton = canWrite ? (
    <AddEndpointDialog workspace={slug} catalog={catalog.map((t) => ({ name: t.name, featureGroup: t.featureGroup, deprecated: t.deprecated }))} applications={choices} application={application?.id} />
  ) : undefined;
  const filtered = Boolean(status || cursor || application);
  const tabHref = (s?: string) => pageHref(`/${slug}/endpoints`, { status: s, application: application?.id });

  return (
    <div className="space-y-6">
      <PageHeader title="Endpoints" description="Where your customers receive webhooks: each signed, retried, and logged attempt by attempt." actions={addButton} />
      <FilterBar label="Filter endpoints by application" active={Boolean(application)} className="grid-cols-1 sm:grid-cols-[minmax(0,20rem)_auto]">
        {status ? <input type="hidden" name="status" value={status} /> : null}
        <FilterSelect name="application" id="f-application" label="Application" value={application?.id} allLabel="Every application" options={choices.filter((c) => c.value.startsWith("app_"))} />
      </FilterBar>
      <FilterTabs label="Filter by status" className="capitalize" items={[undefined, ...STATUSES].map((s) => ({ label: s ?? "All", href: tabHref(s), current: s === status }))} />
      {unknownApplication ? (
        <Alert role="status"><AlertDescription>No application in this workspace has the id or uid in the link, so this shows every application&apos;s endpoints.</AlertDescription></Alert>
      ) : null}
      <IgnoredCursorNotice ignored={ignoredCursor} />
      <DataTable
        rows={endpoints}
        rowKey={(endpoint) => endpoint.id}
        rowProps={() => ({ "data-testid": "endpoint-row" })}
        empty={
          <EmptyState
            icon={Send}
            title={filtered ? "No endpoints match" : "No endpoints yet"}
            description={filtered ? "Try another status or application." : "Add the URL of a receiver. Every message of a subscribed event type is signed and delivered to it, with retries."}
            action={filtered ? undefined : addButton}
          />
        }
        columns={[
          {
            header: "Endpoint",
            className: "max-w-md",
            cell: (endpoint) => (
              <>
                <Link href={`/${slug}/endpoints/${endpoint.id}`} title={endpoint.url} className="block max-w-[calc(100vw-4rem)] truncate font-mono text-xs font-medium hover:underline md:max-w-md">{endpoint.url}</Link>
                <div className="truncate text-xs text-muted-foreground">{endpoint.description || endpoint.id}</div>
              </>
            ),
          },
          {
            header: "Application",
            label: "Application",
            testId: "endpoint-application",
            cell: (endpoint) => {
              const app = apps.get(endpoint.applicationId);
              return app ? <Link href={`/${slug}/applications/${app.id}`} className="text-sm hover:underline">{app.name}</Link> : null;
            },
          },
          {
            header: "Status",
            cell: (endpoint) => (
              <>
                <EndpointStatusBadge status={endpoint.status} />
                {endpoint.status === "disabled" && endpoint.disabledReason ? <div className="mt-1 max-w-48 truncate text-xs text-muted-foreground" title={endpoint.disabledReason}>{endpoint.disabledReason}</div> : null}
              </>
            ),
          },
          {
            header: "Event types",
            label: "Event types",
            className: "max-w-64",
            cell: (endpoint) =>
              endpoint.eventTypes === null ? (
                <span className="text-muted-foreground">All</span>
              ) : (
                <div className="flex flex-wrap gap-1">
                  {endpoint.eventTypes.slice(0, 4).map((t) => <Badge key={t} variant="secondary" className="font-mono text-[11px]">{t}</Badge>)}
                  {endpoint.eventTypes.length > 4 ? <Badge variant="outline">+{endpoint.eventTypes.length - 4}</Badge> : null}
                </div>
              ),
          },
          { header: "Success (24 h)", label: "Success (24 h)", cell: (endpoint) => <SuccessRate counts={counts.get(endpoint.id)} /> },
          { header: "Created", label: "Created", className: "whitespace-nowrap text-muted-foreground", cell: (endpoint) => <Time value={endpoint.createdAt} format="date" /> },
        ]}
      />
      <KeysetPager path={`/${slug}/endpoints`} filters={{ status, application: application?.id }} cursor={cursor} nextCursor={nextCursor} />
    </div>
  );
}
