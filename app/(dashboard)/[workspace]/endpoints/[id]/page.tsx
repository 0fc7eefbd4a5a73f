import { ArrowLeft, ListX } from "lucide-react";
import Link from "next/link";
import { notFound } from "next/navigation";
import { type Id, isId } from "@/lib/platform/id-types";
import { EmptyState } from "@/components/empty-state";
import { FilterTabs } from "@/components/list-page/filter-tabs";
import { KeysetPager } from "@/components/list-page/keyset-pager";
import { AttemptList } from "@/components/outbound/attempt-list";
import { BulkReplay } from "@/components/outbound/bulk-replay";
import { AutoRefresh } from "@/components/outbound/auto-refresh";
import { EndpointStatusBadge } from "@/components/outbound/status-badges";
import { PageHeader } from "@/components/page-header";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Progress } from "@/components/ui/progress";
import { Time } from "@/components/ui/time";
import { AppError } from "@/lib/api/errors";
import { can } from "@/lib/auth/permissions";
import { requireWorkspace } from "@/lib/auth/session";
import { formatDuration } from "@/lib/ui/durations";
import { attemptTimeline, hasDeliveriesDueSoon, signingSecretStates } from "@/lib/outbound/summaries";
import { getEndpoint, getEndpointHealth } from "@/lib/outbound/endpoints";
import { listEventTypes } from "@/lib/outbound/event-types";
import { deliveryStatusCounts } from "@/lib/outbound/replay";
import { listAttempts, sentBodies } from "@/lib/outbound/message-lists";
import type { RequestContext } from "@/lib/api/request-context";
import { cn } from "@/lib/ui/cn";
import { CancelRetriesButton } from "@/components/outbound/cancel-retries-button";
import { cancelEndpointRetriesAction } from "../actions";
import { DeleteEndpointDialog } from "../_components/delete-endpoint-dialog";
import { EditEndpointForm } from "../_components/edit-endpoint-form";
import { PayloadSettings } from "../_components/payload-settings";
import { AttemptsChart } from "@/components/outbound/attempts-chart";
import { DashboardCharts } from "@/components/monitoring/dashboard-charts";
import { dashboard } from "@/lib/monitoring/dashboards";
import { RecoverForm } from "../_components/recover-form";
import { SecretCard } from "../_components/secret-card";
import { SendTestForm } from "../_components/send-test-form";
import { StatusControls } from "../_components/status-controls";
import { TemplatePicker } from "../_components/template-picker";
import { listTemplates } from "@/lib/payloads/templates";
import { VerifyDocs } from "@/components/outbound/verify-docs";
import { RetryPreviewTable } from "@/components/outbound/retry-preview";
import { retryPreview } from "@/lib/outbound/retry-preview";

type Search = { cursor?: string; outcome?: string; recoverSince?: string; recovered?: string };


async function findEndpoint(id: Id<"ep">, ctx: RequestContext) {
  try {
    return await getEndpoint({ id }, ctx);
  } catch (error) {
    if (error instanceof AppError && error.code === "not_found") notFound();
    throw error;
  }
}

function Stat({ label, value, hint }: { label: string; value: React.ReactNode; hint?: React.ReactNode }) {
  return (
    <div className="space-y-0.5">
      <p className="text-xs text-muted-foreground">{label}</p>
      <p className="text-lg font-semibold tabular-nums" data-testid={`stat-${label.toLowerCase().replace(/\W+/g, "-")}`}>{value}</p>
      {hint ? <p className="text-xs text-muted-foreground">{hint}</p> : null}
    </div>
  );
}

/** What a recovery started from this page has done so far, from the deliveries created since its start time. */
async function RecoveryProgress({ endpointId, since, recovered, ctx }: { endpointId: Id<"ep">; since: Date; recovered: number; ctx: RequestContext }) {
  const counts = await deliveryStatusCounts({ endpointId, since }, ctx);
  const pending = Math.min(recovered, counts.pending + counts.sending);
  const done = recovered - pending;
  return (
    <div className="space-y-2 rounded-md border p-3" data-testid="recovery-progress">
      <AutoRefresh active={pending > 0} />
      <p className="text-sm">
        Re-sending <strong>{recovered}</strong> {recovered === 1 ? "delivery" : "deliveries"} that failed since <Time value={since} />.
      </p>
      <Progress value={recovered ? done : 1} max={recovered || 1} aria-label="Recovery progress" />
      <p className="text-xs text-muted-foreground">
        {pending > 0 ? `${pending} still pending` : "All sent"} · {counts.succeeded} succeeded · {counts.failed} failing, retrying · {counts.exhausted} exhausted
      </p>
    </div>
  );
}

export default async function EndpointPage({ params, searchParams }: { params: Promise<{ workspace: string; id: string }>; searchParams: Promise<Search> }) {
  const { workspace: slug, id } = await params;
  if (!isId("ep", id)) notFound();
  const search = await searchParams;
  const { role, ctx } = await requireWorkspace(slug, "endpoints:read");
  const endpoint = await findEndpoint(id, ctx);
  const outcome = search.outcome === "succeeded" || search.outcome === "failed" ? search.outcome : undefined;
  // Before the page's other reads (see hasDeliveriesDueSoon).
  const dueSoon = await hasDeliveriesDueSoon({ endpointId: id }, ctx);
  const [health, timeline, attempts, secrets, catalog, board] = await Promise.all([
    getEndpointHealth({ id }, ctx),
    attemptTimeline({ endpointId: id }, ctx),
    listAttempts({ endpointId: id, cursor: search.cursor, outcome, limit: 20 }, ctx),
    signingSecretStates(id, ctx),
    listEventTypes({}, ctx),
    dashboard({ range: "24h", endpointId: id }, ctx),
  ]);
  const bodies = await sentBodies(attempts.data, ctx);
  const canWrite = can(role, "endpoints:write");
  const canSend = can(role, "messages:write");
  const recoverSince = search.recoverSince ? new Date(search.recoverSince) : null;
  const base = `/${slug}/endpoints/${id}`;

  return (
    <div className="space-y-6">
      <AutoRefresh active={dueSoon && !search.cursor} />
      <div>
        <Link href={`/${slug}/endpoints`} className="inline-flex items-center gap-1 text-sm text-muted-foreground hover:text-foreground">
          <ArrowLeft className="size-4" aria-hidden /> Endpoints
        </Link>
      </div>
      <PageHeader
        title={<span className="font-mono text-lg break-all whitespace-normal" data-testid="endpoint-url">{endpoint.url}</span>}
        description={
          <span className="flex flex-wrap items-center gap-2">
            <EndpointStatusBadge status={endpoint.status} />
            <span>{endpoint.description || "No description"}</span>
            <span className="font-mono text-xs">{endpoint.id}</span>
          </span>
        }
        actions={
          canWrite || canSend ? (
            <>
              {canWrite ? <StatusControls workspace={slug} id={id} status={endpoint.status} /> : null}
              {canSend ? <CancelRetriesButton workspace={slug} action={cancelEndpointRetriesAction} field="endpointId" id={id} description="Every delivery to this endpoint waiting for its next attempt stops retrying." /> : null}
              {canWrite ? <DeleteEndpointDialog workspace={slug} id={id} url={endpoint.url} /> : null}
            </>
          ) : undefined
        }
      />

      {endpoint.status === "disabled" ? (
        <Alert variant="destructive">
          <AlertTitle>Disabled <Time value={endpoint.disabledAt} /></AlertTitle>
          <AlertDescription>
            <p data-testid="disabled-reason">{endpoint.disabledReason ?? "No reason given."}</p>
            <p>New messages skip this endpoint until it is enabled again; deliveries already queued wait for it.</p>
          </AlertDescription>
        </Alert>
      ) : null}
      {endpoint.status === "paused" ? (
        <Alert variant="warning">
          <AlertTitle>Paused</AlertTitle>
          <AlertDescription>Messages queue for this endpoint but nothing is sent. Resume it to send what queued, oldest first.</AlertDescription>
        </Alert>
      ) : null}

      <div className="grid gap-6 lg:grid-cols-3">
        <div className="min-w-0 space-y-6 lg:col-span-2">
          <Card>
            <CardHeader>
              <CardTitle>Health, last 24 hours</CardTitle>
            </CardHeader>
            <CardContent className="space-y-4">
              <div className="grid grid-cols-2 gap-4 sm:grid-cols-4">
                <Stat
                  label="Success rate"
                  value={
                    health.successRate === null ? "—" : (
                      <span className={cn(health.successRate >= 0.99 ? "text-success" : health.successRate >= 0.9 ? "text-warning-foreground dark:text-warning" : "text-destructive")}>
                        {(health.successRate * 100).toFixed(health.successRate === 1 ? 0 : 1)}%
                      </span>
                    )
                  }
                />
                <Stat label="Attempts" value={health.attempts} hint={`${health.succeeded} succeeded`} />
                <Stat label="Last attempt" value={<Time value={health.lastAttemptAt} className="text-sm" />} />
                <Stat
                  label="Failing since"
                  value={<span className={cn("text-sm", health.firstFailureAt && "text-destructive")}>{health.firstFailureAt ? <Time value={health.firstFailureAt} /> : "Not failing"}</span>}
                  hint={`Auto-disables after ${formatDuration(endpoint.autoDisableAfterSeconds)} of failures only`}
                />
              </div>
              <AttemptsChart buckets={timeline} />
              {/* Latency from the rollups (the monitoring page has the rest of this endpoint's figures). */}
              <DashboardCharts dashboard={board} panels={["latency", "lag"]} />
              <Link href={`/${slug}/monitoring`} className="text-xs text-muted-foreground underline">Workspace monitoring</Link>
            </CardContent>
          </Card>

          <Card id="attempts">
            <CardHeader>
              <div className="flex flex-wrap items-center justify-between gap-2">
                <div className="space-y-1.5">
                  <CardTitle>Attempts</CardTitle>
                  <CardDescription>Every request sent to this endpoint, newest first. Open one to see the request and response.</CardDescription>
                </div>
                <FilterTabs
                  label="Filter attempts"
                  className="capitalize"
                  items={([undefined, "succeeded", "failed"] as const).map((o) => ({ label: o ?? "All", href: `${base}${o ? `?outcome=${o}` : ""}#attempts`, current: o === outcome }))}
                />
              </div>
            </CardHeader>
            <CardContent className="space-y-3">
              {attempts.data.length === 0 ? (
                <EmptyState
                  icon={ListX}
                  title={outcome || search.cursor ? "No attempts match" : "No attempts yet"}
                  description={outcome || search.cursor ? "Try the other filters." : "Send a test event to see a signed delivery arrive."}
                />
              ) : canSend ? (
                <BulkReplay workspace={slug} endpointId={id}>
                  <AttemptList attempts={attempts.data} bodies={bodies} messageHref={(messageId) => `/${slug}/messages/${messageId}`} selectFailed />
                </BulkReplay>
              ) : (
                <AttemptList attempts={attempts.data} bodies={bodies} messageHref={(messageId) => `/${slug}/messages/${messageId}`} />
              )}
              <KeysetPager size="sm" path={base} filters={{ outcome }} cursor={search.cursor} nextCursor={attempts.nextCursor} hash="attempts" />
            </CardContent>
          </Card>

          <Card id="verify">
            <CardHeader>
              <CardTitle>Verify signatures</CardTitle>
              <CardDescription>What the receiver at this URL needs to check that a delivery came from Switchboard.</CardDescription>
            </CardHeader>
            <CardContent>
              <VerifyDocs url={endpoint.url} />
            </CardContent>
          </Card>

          <Card id="template">
            <CardHeader>
              <CardTitle>Payload template</CardTitle>
              <CardDescription>Render each delivery&apos;s body with a Liquid template, for Slack, Teams or your own JSON.</CardDescription>
            </CardHeader>
            <CardContent>
              {canWrite ? (
                <TemplatePicker workspace={slug} endpoint={endpoint} templates={(await listTemplates({ limit: 250 }, ctx)).data.map((t) => ({ id: t.id, name: t.name, latestVersion: t.latestVersion }))} />
              ) : (
                <p className="text-sm text-muted-foreground">{endpoint.templateId ? `Template ${endpoint.templateId}, ${endpoint.templateVersion ? `v${endpoint.templateVersion}` : "latest version"}.` : "No template."}</p>
              )}
            </CardContent>
          </Card>

          <Card id="payload">
            <CardHeader>
              <CardTitle>Payload</CardTitle>
              <CardDescription>The body&apos;s format, a transformation run on every delivery, and compression.</CardDescription>
            </CardHeader>
            <CardContent>
              <PayloadSettings workspace={slug} endpoint={endpoint} eventTypes={catalog.map((t) => t.name)} canWrite={canWrite} />
            </CardContent>
          </Card>

          <Card id="settings">
            <CardHeader>
              <CardTitle>Settings</CardTitle>
              <CardDescription>
                {endpoint.eventTypes === null ? "Receives every event type." : `Receives ${endpoint.eventTypes.length} event type${endpoint.eventTypes.length === 1 ? "" : "s"}.`}
                {endpoint.contentFilter ? " A content filter applies." : ""} Updated <Time value={endpoint.updatedAt} />.
              </CardDescription>
            </CardHeader>
            <CardContent>
              {canWrite ? (
                <EditEndpointForm workspace={slug} endpoint={endpoint} catalog={catalog.map((t) => ({ name: t.name, featureGroup: t.featureGroup, deprecated: t.deprecated }))} />
              ) : (
                <p className="text-sm text-muted-foreground">Your role can view these settings but not change them.</p>
              )}
            </CardContent>
          </Card>
        </div>

        <div className="min-w-0 space-y-6">
          <SecretCard workspace={slug} id={id} states={secrets} canWrite={canWrite} />

          {canSend ? (
            <Card>
              <CardHeader>
                <CardTitle>Send a test event</CardTitle>
                <CardDescription>Goes to this endpoint only, whatever its filters, and shows up in the attempts log.</CardDescription>
              </CardHeader>
              <CardContent>
                {endpoint.status === "disabled" ? (
                  <p className="text-sm text-muted-foreground">Enable the endpoint to send a test.</p>
                ) : (
                  <SendTestForm workspace={slug} endpointId={id} eventTypes={catalog.map((t) => t.name)} />
                )}
              </CardContent>
            </Card>
          ) : null}

          {canSend ? (
            <Card id="recover">
              <CardHeader>
                <CardTitle>Recover failed deliveries</CardTitle>
                <CardDescription>Re-send every failed or exhausted delivery since a time, for example after fixing an outage on the receiver.</CardDescription>
              </CardHeader>
              <CardContent className="space-y-4">
                {recoverSince && !Number.isNaN(recoverSince.getTime()) ? (
                  <RecoveryProgress endpointId={id} since={recoverSince} recovered={Number(search.recovered) || 0} ctx={ctx} />
                ) : null}
                <RecoverForm workspace={slug} endpointId={id} />
              </CardContent>
            </Card>
          ) : null}

          <Card>
            <CardHeader>
              <CardTitle>Delivery</CardTitle>
            </CardHeader>
            <CardContent>
              <dl className="grid grid-cols-2 gap-y-2 text-sm">
                <dt className="text-muted-foreground">Timeout</dt>
                <dd>{endpoint.timeoutMs / 1000} s</dd>
                <dt className="text-muted-foreground">Rate limit</dt>
                <dd>{endpoint.rateLimitPerSecond ? `${endpoint.rateLimitPerSecond} per second` : "Unlimited"}</dd>
                <dt className="text-muted-foreground">Version</dt>
                <dd>{endpoint.versionPin ? `Pinned to v${endpoint.versionPin}` : "Latest"}</dd>
                <dt className="text-muted-foreground">Authentication</dt>
                <dd>{endpoint.auth.type === "none" ? "Signature only" : <Badge variant="outline" className="capitalize">{endpoint.auth.type}</Badge>}</dd>
                <dt className="text-muted-foreground">Retries</dt>
                <dd>{endpoint.retrySchedule ? `${endpoint.retrySchedule.length} attempts, custom` : "Default schedule"}</dd>
              </dl>
            </CardContent>
          </Card>

          <Card id="retry-preview">
            <CardHeader>
              <CardTitle>Retry preview</CardTitle>
              <CardDescription>A delivery sent now that keeps failing: its attempts on this endpoint&apos;s schedule, and the auto-disable.</CardDescription>
            </CardHeader>
            <CardContent>
              <RetryPreviewTable
                preview={retryPreview({ schedule: endpoint.retrySchedule, autoDisableAfterSeconds: endpoint.autoDisableAfterSeconds, firstFailureAt: health.firstFailureAt }, new Date())}
                autoDisableAfterSeconds={endpoint.autoDisableAfterSeconds}
              />
            </CardContent>
          </Card>
        </div>
      </div>
    </div>
  );
}
