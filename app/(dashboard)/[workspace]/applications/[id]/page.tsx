import { ArrowLeft, MessagesSquare, Send } from "lucide-react";
import Link from "next/link";
import { notFound } from "next/navigation";
import { EmptyState } from "@/components/empty-state";
import { DataTable } from "@/components/list-page/data-table";
import { FilterTabs } from "@/components/list-page/filter-tabs";
import { IgnoredCursorNotice, KeysetPager } from "@/components/list-page/keyset-pager";
import { DeliveryCounts, EndpointStatusBadge } from "@/components/outbound/status-badges";
import { PageHeader } from "@/components/page-header";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Time } from "@/components/ui/time";
import { AppError } from "@/lib/api/errors";
import { applicationChoices, applicationDeliveryTimeline, applicationHealth, resolveApplication } from "@/lib/applications";
import type { RequestContext } from "@/lib/api/request-context";
import { can } from "@/lib/auth/permissions";
import { requireWorkspace } from "@/lib/auth/session";
import { pageCursor } from "@/lib/api/pagination";
import { listEndpoints } from "@/lib/outbound/endpoints";
import { listEventTypes } from "@/lib/outbound/event-types";
import { listMessages } from "@/lib/outbound/message-lists";
import { deliveryCountsByMessage } from "@/lib/outbound/summaries";
import { AddEndpointDialog } from "../../endpoints/_components/add-endpoint-dialog";
import { DeleteApplicationDialog, EditApplicationDialog } from "../_components/application-dialogs";
import { DeliveriesChart } from "../_components/deliveries-chart";
import { DashboardCharts } from "@/components/monitoring/dashboard-charts";
import { dashboard } from "@/lib/monitoring/dashboards";
import { EndpointCount, HealthBadge, OutcomeBar } from "../_components/health";

type Search = { cursor?: string; range?: string };
const RANGES = { "24h": { hours: 24, label: "24 hours" }, "7d": { hours: 168, label: "7 days" } } as const;

async function findApplication(id: string, ctx: RequestContext) {
  try {
    return await resolveApplication({ id }, ctx);
  } catch (error) {
    if (error instanceof AppError && error.code === "not_found") notFound();
    throw error;
  }
}

function Field({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="grid grid-cols-[7rem_1fr] gap-2 text-sm">
      <dt className="text-muted-foreground">{label}</dt>
      <dd className="min-w-0 break-all">{children}</dd>
    </div>
  );
}

export default async function ApplicationPage({ params, searchParams }: { params: Promise<{ workspace: string; id: string }>; searchParams: Promise<Search> }) {
  const { workspace: slug, id } = await params;
  const search = await searchParams;
  const { role, ctx } = await requireWorkspace(slug, "applications:read");
  const application = await findApplication(decodeURIComponent(id), ctx);
  const range = search.range === "7d" ? "7d" : "24h";
  const { cursor, ignored: ignoredCursor } = pageCursor(search.cursor);
  const canReadEndpoints = can(role, "endpoints:read");
  const canReadMessages = can(role, "messages:read");
  const canAddEndpoint = can(role, "endpoints:write");
  const [health, timeline, endpointPage, messagePage, catalog, choices, board] = await Promise.all([
    applicationHealth([application.id], 24 * 3600, ctx).then((h) => h.get(application.id)!),
    applicationDeliveryTimeline({ applicationId: application.id, hours: RANGES[range].hours }, ctx),
    canReadEndpoints ? listEndpoints({ application: application.id, cursor, limit: 20 }, ctx) : null,
    canReadMessages ? listMessages({ application: application.id, limit: 10 }, ctx) : null,
    canAddEndpoint ? listEventTypes({}, ctx) : [],
    canAddEndpoint ? applicationChoices(ctx, application) : [],
    dashboard({ range, applicationId: application.id }, ctx),
  ]);
  const counts = await deliveryCountsByMessage(messagePage?.data.map((m) => m.id) ?? [], ctx);
  const base = `/${slug}/applications/${application.id}`;
  const metadata = Object.entries(application.metadata);
  const addEndpoint = canAddEndpoint ? (
    <AddEndpointDialog
      workspace={slug}
      catalog={catalog.map((t) => ({ name: t.name, featureGroup: t.featureGroup, deprecated: t.deprecated }))}
      applications={choices}
      application={application.id}
    />
  ) : undefined;

  return (
    <div className="space-y-6">
      <div>
        <Link href={`/${slug}/applications`} className="inline-flex items-center gap-1 text-sm text-muted-foreground hover:text-foreground">
          <ArrowLeft className="size-4" aria-hidden /> Applications
        </Link>
      </div>
      <PageHeader
        title={<span data-testid="application-name">{application.name}</span>}
        description={
          <span className="flex flex-wrap items-center gap-2">
            <HealthBadge health={health} />
            {application.uid ? <span className="font-mono text-xs" data-testid="application-uid">{application.uid}</span> : null}
            <span className="font-mono text-xs">{application.id}</span>
          </span>
        }
        actions={
          can(role, "applications:write") ? (
            <>
              <EditApplicationDialog workspace={slug} id={application.id} initial={application} />
              <DeleteApplicationDialog workspace={slug} id={application.id} name={application.name} endpoints={health.endpoints} />
            </>
          ) : undefined
        }
      />

      <div className="grid gap-6 lg:grid-cols-3">
        <Card className="lg:col-span-2">
          <CardHeader className="flex flex-row flex-wrap items-start justify-between gap-2">
            <div className="space-y-1.5">
              <CardTitle>Deliveries</CardTitle>
              <CardDescription>Per hour over the last {RANGES[range].label}, by how each stands now. Workspace-wide sends count here too.</CardDescription>
            </div>
            <FilterTabs
              label="Chart range"
              items={(Object.keys(RANGES) as (keyof typeof RANGES)[]).map((r) => ({ label: r, href: r === "24h" ? base : `${base}?range=${r}`, current: r === range }))}
            />
          </CardHeader>
          <CardContent>
            <DeliveriesChart buckets={timeline} />
            <div className="mt-4">
              <DashboardCharts dashboard={board} panels={["latency", "lag"]} />
            </div>
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle>Details</CardTitle>
          </CardHeader>
          <CardContent className="space-y-4">
            <dl className="space-y-2">
              <Field label="Endpoints"><EndpointCount health={health} /></Field>
              <Field label="Last 24 h"><OutcomeBar counts={health.deliveries} /></Field>
              <Field label="Rate limit">{application.rateLimitPerSecond ? `${application.rateLimitPerSecond}/s` : <span className="text-muted-foreground">None</span>}</Field>
              <Field label="Created"><Time value={application.createdAt} /></Field>
              <Field label="Updated"><Time value={application.updatedAt} /></Field>
            </dl>
            <div className="space-y-2">
              <h3 className="text-sm font-medium">Metadata</h3>
              {metadata.length ? (
                <dl className="space-y-1" data-testid="application-metadata">
                  {metadata.map(([key, value]) => (
                    <div key={key} className="flex gap-2 text-xs">
                      <dt className="font-mono text-muted-foreground">{key}</dt>
                      <dd className="min-w-0 font-mono break-all">{value}</dd>
                    </div>
                  ))}
                </dl>
              ) : (
                <p className="text-sm text-muted-foreground">None. Edit the application to add some, such as its plan.</p>
              )}
            </div>
          </CardContent>
        </Card>
      </div>

      {endpointPage ? (
        <section id="endpoints" className="space-y-3">
          <div className="flex flex-wrap items-center justify-between gap-2">
            <h2 className="text-base font-semibold">Endpoints</h2>
            <div className="flex gap-2">
              <Button asChild variant="ghost"><Link href={`/${slug}/endpoints?application=${application.id}`}>In the endpoints list</Link></Button>
              {addEndpoint}
            </div>
          </div>
          <IgnoredCursorNotice ignored={ignoredCursor} />
          <DataTable
            rows={endpointPage.data}
            rowKey={(endpoint) => endpoint.id}
            rowProps={() => ({ "data-testid": "application-endpoint-row" })}
            empty={<EmptyState icon={Send} title="No endpoints yet" description="Add the URL where this customer receives webhooks, or let them add it in their portal." action={addEndpoint} />}
            columns={[
              {
                header: "Endpoint",
                cell: (endpoint) => (
                  <>
                    <Link href={`/${slug}/endpoints/${endpoint.id}`} className="block max-w-[calc(100vw-4rem)] truncate font-mono text-xs font-medium hover:underline md:max-w-md">{endpoint.url}</Link>
                    <div className="truncate text-xs text-muted-foreground">{endpoint.description || endpoint.id}</div>
                  </>
                ),
              },
              { header: "Status", cell: (endpoint) => <EndpointStatusBadge status={endpoint.status} /> },
              {
                header: "Event types",
                label: "Event types",
                cell: (endpoint) => (endpoint.eventTypes === null ? <span className="text-muted-foreground">All</span> : <span className="text-xs">{endpoint.eventTypes.join(", ")}</span>),
              },
              { header: "Created", label: "Created", className: "whitespace-nowrap text-muted-foreground", cell: (endpoint) => <Time value={endpoint.createdAt} format="date" /> },
            ]}
          />
          <KeysetPager path={base} filters={{ range: search.range }} cursor={cursor} nextCursor={endpointPage.nextCursor} hash="endpoints" size="sm" />
        </section>
      ) : null}

      {messagePage ? (
        <section className="space-y-3">
          <div className="flex flex-wrap items-center justify-between gap-2">
            <div>
              <h2 className="text-base font-semibold">Recent messages</h2>
              <p className="text-sm text-muted-foreground">Sent to this application by its id or uid.</p>
            </div>
            {messagePage.data.length ? <Button asChild variant="ghost"><Link href={`/${slug}/messages?application=${application.id}`}>All its messages</Link></Button> : null}
          </div>
          <DataTable
            rows={messagePage.data}
            rowKey={(message) => message.id}
            rowProps={() => ({ "data-testid": "application-message-row" })}
            empty={
              <EmptyState
                icon={MessagesSquare}
                title="No messages yet"
                description={<>Send one with <code className="font-mono text-xs">POST /api/v1/messages</code> and <code className="font-mono text-xs">&quot;application&quot;: &quot;{application.uid ?? application.id}&quot;</code>.</>}
              />
            }
            columns={[
              { header: "Message", cell: (message) => <Link href={`/${slug}/messages/${message.id}`} className="font-mono text-xs font-medium hover:underline">{message.id}</Link> },
              { header: "Event type", cell: (message) => <Badge variant="secondary" className="font-mono text-[11px]">{message.eventType}</Badge> },
              {
                header: "Deliveries",
                label: "Deliveries",
                cell: (message) => <DeliveryCounts byStatus={counts.get(message.id) ?? {}} />,
              },
              { header: "Sent", label: "Sent", className: "whitespace-nowrap text-muted-foreground", cell: (message) => <Time value={message.createdAt} /> },
            ]}
          />
        </section>
      ) : null}
    </div>
  );
}
