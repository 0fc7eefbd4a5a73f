import { Radio } from "lucide-react";
import Link from "next/link";
import { notFound } from "next/navigation";
import { DataTable } from "@/components/list-page/data-table";
import { FilterTabs } from "@/components/list-page/filter-tabs";
import { KeysetPager } from "@/components/list-page/keyset-pager";
import { PageHeader } from "@/components/page-header";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Time } from "@/components/ui/time";
import { AppError } from "@/lib/api/errors";
import { can } from "@/lib/auth/permissions";
import { requireWorkspace } from "@/lib/auth/session";
import { DashboardCharts } from "@/components/monitoring/dashboard-charts";
import { dashboard } from "@/lib/monitoring/dashboards";
import { listEndpoints } from "@/lib/outbound/endpoints";
import { listConnections } from "@/lib/inbound/connections";
import { PROVIDER_LABELS } from "@/lib/inbound/presets";
import { listInboundRequests } from "@/lib/inbound/requests";
import type { SourceView } from "@/lib/inbound/schemas";
import { getSource } from "@/lib/inbound/sources";
import { ConnectionsCard } from "../_components/connections-card";
import { SourceUrlCard } from "../_components/source-url-card";
import { DeleteSourceDialog, SettingsCard, VerificationCard } from "../_components/source-forms";


async function loadSource(id: string, ctx: Parameters<typeof getSource>[1]): Promise<SourceView> {
  try {
    return await getSource({ id }, ctx);
  } catch (error) {
    if (error instanceof AppError && error.code === "not_found") notFound();
    throw error;
  }
}

export default async function SourcePage({ params, searchParams }: { params: Promise<{ workspace: string; id: string }>; searchParams: Promise<{ cursor?: string; verdict?: string }> }) {
  const { workspace: slug, id } = await params;
  const { cursor, verdict } = await searchParams;
  const { role, ctx } = await requireWorkspace(slug, "sources:read");
  const source = await loadSource(id, ctx);
  const canWrite = can(role, "sources:write");
  const filter = verdict === "accepted" || verdict === "rejected" ? verdict : undefined;
  const [requests, connections, endpoints, board] = await Promise.all([
    listInboundRequests({ sourceId: source.id, cursor, limit: 50, verdict: filter }, ctx),
    listConnections({ sourceId: source.id }, ctx),
    listEndpoints({ limit: 250 }, ctx),
    dashboard({ range: "24h", sourceId: source.id }, ctx),
  ]);
  const withheld = (source.verification.withheld as string[] | undefined) ?? [];
  const base = `/${slug}/sources/${source.id}`;

  return (
    <div className="space-y-6">
      <PageHeader
        title={source.name}
        description={<>{source.description || "A source."} Verification: <Badge variant="secondary">{PROVIDER_LABELS[source.provider]}</Badge></>}
        actions={
          <>
            <Button asChild>
              <Link href={`/${slug}/testing/${source.id}`}><Radio aria-hidden /> Live inspector</Link>
            </Button>
            {canWrite ? <DeleteSourceDialog workspace={slug} id={source.id} name={source.name} /> : null}
          </>
        }
      />

      <SourceUrlCard workspace={slug} id={source.id} url={source.url} hasSecret={withheld.length > 0} canWrite={canWrite} />

      <section className="space-y-2">
        <h2 className="text-sm font-semibold">Deliveries of this source&apos;s messages, last 24 hours</h2>
        <DashboardCharts dashboard={board} panels={["volume", "latency"]} />
      </section>

      <Card>
        <CardHeader>
          <CardTitle>Requests</CardTitle>
          <CardDescription>Everything this source received, newest first. Rejected requests say why; open the inspector for headers, body and replay.</CardDescription>
        </CardHeader>
        <CardContent className="space-y-3">
          {source.rejectionsNotStored > 0 ? (
            <Alert variant="warning"><AlertDescription>{source.rejectionsNotStored} further rejected requests arrived faster than they could be logged; they were refused and counted, not stored.</AlertDescription></Alert>
          ) : null}
          <FilterTabs
            label="Filter requests"
            items={([["All", undefined], ["Accepted", "accepted"], ["Rejected", "rejected"]] as const).map(([label, value]) => ({ label, href: value ? `${base}?verdict=${value}` : base, current: filter === value }))}
          />
          <DataTable
            rows={requests.data}
            rowKey={(r) => r.id}
            rowProps={(r) => ({ "data-testid": "request-row", "data-verdict": r.verdict })}
            empty={<p className="text-sm text-muted-foreground">No requests yet. Post to the URL above, or point the provider at it.</p>}
            stack={false}
            framed={false}
            columns={[
              {
                header: "Received",
                className: "whitespace-nowrap text-muted-foreground",
                cell: (r) => <Link href={`/${slug}/testing/${source.id}?request=${r.id}`} className="hover:underline"><Time value={r.createdAt} /></Link>,
              },
              { header: "Request", className: "font-mono text-xs", cell: (r) => <>{r.method} {r.path || "/"}{r.query ? `?${r.query}` : ""}<div className="text-muted-foreground">{r.ip ?? ""}</div></> },
              {
                header: "Verdict",
                cell: (r) => (
                  <>
                    <Badge variant={r.verdict === "accepted" ? "success" : "destructive"}>{r.verdict === "accepted" ? "Accepted" : "Rejected"} {r.status}</Badge>
                    {r.duplicateCount > 0 ? <div className="mt-1 text-xs text-muted-foreground">+{r.duplicateCount} duplicate{r.duplicateCount > 1 ? "s" : ""} dropped</div> : null}
                  </>
                ),
              },
              {
                header: "Why",
                className: "max-w-md text-xs whitespace-normal",
                cell: (r) => (
                  <>
                    {r.reason ? <code className="font-mono">{r.reason}</code> : null}
                    {r.detail ? <div data-testid="request-detail" className="text-muted-foreground">{r.detail}</div> : null}
                  </>
                ),
              },
              { header: "Routed", className: "text-xs text-muted-foreground", cell: (r) => (r.messageIds.length ? `${r.messageIds.length} message${r.messageIds.length > 1 ? "s" : ""}` : "—") },
            ]}
          />
          <KeysetPager size="sm" path={base} filters={{ verdict: filter }} cursor={cursor} nextCursor={requests.nextCursor} />
        </CardContent>
      </Card>

      <ConnectionsCard
        workspace={slug}
        sourceId={source.id}
        connections={connections}
        endpoints={endpoints.data.map((e) => ({ id: e.id, url: e.url, status: e.status }))}
        canWrite={canWrite}
      />
      {canWrite ? (
        <div className="grid gap-6 lg:grid-cols-2">
          <VerificationCard workspace={slug} source={source} />
          <SettingsCard workspace={slug} source={source} />
        </div>
      ) : null}
    </div>
  );
}
