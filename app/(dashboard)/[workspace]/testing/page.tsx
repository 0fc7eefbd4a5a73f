import { FlaskConical, Radio } from "lucide-react";
import Link from "next/link";
import { EmptyState } from "@/components/empty-state";
import { CopyButton } from "@/components/outbound/copy-button";
import { JsonBlock } from "@/components/outbound/json-block";
import { RetryPreviewTable } from "@/components/outbound/retry-preview";
import { PageHeader } from "@/components/page-header";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Time } from "@/components/ui/time";
import { can } from "@/lib/auth/permissions";
import { requireWorkspace } from "@/lib/auth/session";
import { PROVIDER_LABELS } from "@/lib/inbound/presets";
import { PROVIDER_SAMPLES } from "@/lib/inbound/provider-samples";
import { listSources } from "@/lib/inbound/sources";
import { localTestingAvailable } from "@/lib/net/local-testing";
import { listEndpoints } from "@/lib/outbound/endpoints";
import { getEventType, listEventTypes } from "@/lib/outbound/event-types";
import { retryPreview } from "@/lib/outbound/retry-preview";
import { env } from "@/lib/platform/env";
import { isId } from "@/lib/platform/id-types";
import { CHAOS_LIMITS } from "@/lib/testing";
import { ChaosUrlBuilder } from "./_components/chaos-url-builder";
import { CreateBinButton } from "./_components/create-bin-button";
import { PostSamplePanel } from "./_components/post-sample-panel";
import { type SampleEventType, SendSamplePanel } from "./_components/send-sample-panel";

/** Samples are read per event type; a catalog larger than this shows its first ones by name. */
const SAMPLE_TYPES = 50;

export default async function TestingPage({ params, searchParams }: { params: Promise<{ workspace: string }>; searchParams: Promise<{ endpoint?: string }> }) {
  const { workspace: slug } = await params;
  const { endpoint: previewId } = await searchParams;
  const { role, ctx, workspace } = await requireWorkspace(slug, "sources:read");
  const canWrite = can(role, "sources:write");
  const canSend = can(role, "messages:write");
  const [bins, sources, endpoints, catalog] = await Promise.all([
    listSources({ temporary: true, limit: 50 }, ctx),
    listSources({ limit: 50 }, ctx),
    listEndpoints({ limit: 250 }, ctx),
    listEventTypes({}, ctx),
  ]);
  const eventTypes: SampleEventType[] = await Promise.all(
    catalog.slice(0, SAMPLE_TYPES).map(async (t) => {
      const latest = (await getEventType({ idOrName: t.id }, ctx)).versions.at(-1);
      return { name: t.name, version: latest?.version ?? t.latestVersion, sample: latest?.samplePayload ?? null };
    }),
  );
  const webhooks = endpoints.data.filter((e) => e.kind === "webhook");
  const previewed = webhooks.find((e) => isId("ep", previewId) && e.id === previewId) ?? webhooks[0];
  const preview = previewed ? retryPreview({ schedule: previewed.retrySchedule, autoDisableAfterSeconds: previewed.autoDisableAfterSeconds, firstFailureAt: previewed.firstFailureAt }, new Date()) : null;
  const chaosBase = `${env().APP_URL}/api/chaos`;

  return (
    <div className="space-y-6">
      <PageHeader
        title="Testing"
        description="Send samples to endpoints and sources and see exactly what happened, rehearse failures against the chaos receiver, preview retries, and watch requests arrive in request bins."
        actions={canWrite ? <CreateBinButton workspace={slug} /> : null}
      />

      {canSend ? (
        <Card id="send">
          <CardHeader>
            <CardTitle>Send a sample to an endpoint</CardTitle>
            <CardDescription>A real, signed delivery through the normal delivery path: the attempt appears here with its request, response and timing, and in the endpoint&apos;s log.</CardDescription>
          </CardHeader>
          <CardContent>
            <SendSamplePanel workspace={slug} endpoints={webhooks.map((e) => ({ id: e.id, url: e.url, status: e.status }))} eventTypes={eventTypes} />
          </CardContent>
        </Card>
      ) : null}

      {canWrite ? (
        <Card id="post">
          <CardHeader>
            <CardTitle>Sign as a provider and post to a source</CardTitle>
            <CardDescription>The sample is signed as the provider signs it, with the source&apos;s own secret, and posted to the source&apos;s URL over the network: verification, limits and routing run end to end.</CardDescription>
          </CardHeader>
          <CardContent>
            <PostSamplePanel workspace={slug} sources={sources.data.filter((s) => !s.temporary).map((s) => ({ id: s.id, name: s.name, provider: s.provider, providerLabel: PROVIDER_LABELS[s.provider] }))} />
          </CardContent>
        </Card>
      ) : null}

      <div className="grid gap-6 xl:grid-cols-2">
        <Card id="chaos" className="min-w-0">
          <CardHeader>
            <CardTitle>Chaos receiver</CardTitle>
            <CardDescription>A receiver Switchboard serves itself that answers as its URL asks: a status, a delay, a Retry-After, a body size. Point an endpoint at it to rehearse retries, timeouts and alerts.</CardDescription>
          </CardHeader>
          <CardContent className="space-y-4">
            <ChaosUrlBuilder base={chaosBase} limits={CHAOS_LIMITS} />
            {localTestingAvailable() ? (
              <Alert variant={workspace.localTesting ? "default" : "warning"}>
                <AlertDescription>
                  This Switchboard runs on this machine, so an endpoint pointing at its chaos receiver targets a loopback address: that needs{" "}
                  <Link className="underline" href={`/${slug}/settings`}>Settings → Local testing</Link> ({workspace.localTesting ? "on for this workspace" : "off for this workspace"}).
                </AlertDescription>
              </Alert>
            ) : null}
            <p className="text-xs text-muted-foreground">It makes no outbound requests and caps what a request may ask for; see the Testing section of the docs.</p>
          </CardContent>
        </Card>

        <Card id="retry-preview" className="min-w-0">
          <CardHeader>
            <CardTitle>Retry preview</CardTitle>
            <CardDescription>When a delivery that keeps failing is attempted on an endpoint&apos;s schedule, starting now, and when that disables the endpoint.</CardDescription>
          </CardHeader>
          <CardContent className="space-y-4">
            {previewed && preview ? (
              <>
                <form method="get" className="flex flex-wrap items-center gap-2">
                  <label htmlFor="preview-endpoint" className="text-sm">Endpoint</label>
                  <select id="preview-endpoint" name="endpoint" defaultValue={previewed.id} className="h-9 min-w-0 flex-1 rounded-md border bg-background px-2 font-mono text-xs">
                    {webhooks.map((e) => <option key={e.id} value={e.id}>{e.url}</option>)}
                  </select>
                  <Button type="submit" variant="outline" size="sm">Preview</Button>
                </form>
                <p className="text-xs text-muted-foreground">
                  {previewed.retrySchedule ? `Its own schedule of ${previewed.retrySchedule.length} attempts.` : "The default schedule."}{" "}
                  {previewed.firstFailureAt ? <>Failing since <Time value={previewed.firstFailureAt} />.</> : null}
                </p>
                <RetryPreviewTable preview={preview} autoDisableAfterSeconds={previewed.autoDisableAfterSeconds} />
              </>
            ) : (
              <p className="text-sm text-muted-foreground">No webhook endpoints yet. <Link className="underline" href={`/${slug}/endpoints`}>Add one</Link> to preview its retries.</p>
            )}
          </CardContent>
        </Card>
      </div>

      <Card id="samples">
        <CardHeader>
          <CardTitle>Sample events</CardTitle>
          <CardDescription>Your event types&apos; samples (the payload a test send uses) and realistic provider requests for testing sources, with the headers each provider sends.</CardDescription>
        </CardHeader>
        <CardContent className="grid gap-6 lg:grid-cols-2">
          <section className="min-w-0 space-y-2">
            <h3 className="text-sm font-semibold">Your event types</h3>
            {eventTypes.length === 0 ? (
              <p className="text-sm text-muted-foreground">No event types yet. <Link className="underline" href={`/${slug}/event-types`}>Create one</Link> with a sample payload.</p>
            ) : (
              <ul className="divide-y rounded-md border">
                {eventTypes.map((t) => (
                  <li key={t.name}>
                    <details className="group">
                      <summary className="cursor-pointer px-3 py-2 font-mono text-xs hover:bg-muted/40">{t.name} <span className="text-muted-foreground">v{t.version}</span></summary>
                      <div className="px-3 pb-3">{t.sample === null ? <p className="text-xs text-muted-foreground">No sample payload; a test send sends {"{}"}.</p> : <JsonBlock value={t.sample} className="max-h-60" />}</div>
                    </details>
                  </li>
                ))}
              </ul>
            )}
          </section>
          <section className="min-w-0 space-y-2">
            <h3 className="text-sm font-semibold">Provider samples</h3>
            <ul className="divide-y rounded-md border" data-testid="provider-samples">
              {PROVIDER_SAMPLES.map((s) => (
                <li key={s.id}>
                  <details className="group">
                    <summary className="cursor-pointer px-3 py-2 text-sm hover:bg-muted/40">
                      {s.title} <span className="font-mono text-xs text-muted-foreground">{s.id}@{s.version}</span>
                    </summary>
                    <div className="space-y-2 px-3 pb-3">
                      <dl className="grid grid-cols-[minmax(8rem,auto)_1fr] gap-x-3 gap-y-1 rounded-md border bg-muted/30 p-2 font-mono text-xs">
                        {Object.entries(s.headers).map(([name, value]) => (
                          <div key={name} className="contents"><dt className="text-muted-foreground">{name}</dt><dd className="break-all">{value}</dd></div>
                        ))}
                      </dl>
                      <JsonBlock value={s.body} className="max-h-60" />
                    </div>
                  </details>
                </li>
              ))}
            </ul>
          </section>
        </CardContent>
      </Card>

      <Card>
        <CardHeader>
          <CardTitle>Request bins</CardTitle>
          <CardDescription>Temporary URLs that accept anything for 24 hours. Point a provider or curl at one and watch.</CardDescription>
        </CardHeader>
        <CardContent>
          {bins.data.length === 0 ? (
            <EmptyState icon={FlaskConical} title="No request bins" description="A bin is a URL that records whatever is sent to it." action={canWrite ? <CreateBinButton workspace={slug} /> : undefined} />
          ) : (
            <ul className="space-y-2">
              {bins.data.map((bin) => (
                <li key={bin.id} data-testid="bin" className="flex flex-wrap items-center gap-2 rounded-md border p-3">
                  <Link href={`/${slug}/testing/${bin.id}`} className="font-medium hover:underline">{bin.name}</Link>
                  <code className="min-w-0 flex-1 truncate font-mono text-xs text-muted-foreground">{bin.url}</code>
                  <CopyButton value={bin.url} label={`Copy the URL of ${bin.name}`} />
                  <span className="text-xs text-muted-foreground">expires {bin.expiresAt ? <Time value={bin.expiresAt} /> : "never"}</span>
                </li>
              ))}
            </ul>
          )}
        </CardContent>
      </Card>
      <Card>
        <CardHeader>
          <CardTitle>Inspect a source</CardTitle>
          <CardDescription>Every source has a live view too, showing verdicts as requests are verified.</CardDescription>
        </CardHeader>
        <CardContent>
          {sources.data.length === 0 ? (
            <p className="text-sm text-muted-foreground">No sources yet. <Link className="underline" href={`/${slug}/sources`}>Create one</Link>.</p>
          ) : (
            <ul className="flex flex-wrap gap-2">
              {sources.data.map((source) => (
                <li key={source.id}>
                  <Button asChild variant="outline" size="sm">
                    <Link href={`/${slug}/testing/${source.id}`}><Radio aria-hidden /> {source.name} <Badge variant="secondary">{PROVIDER_LABELS[source.provider]}</Badge></Link>
                  </Button>
                </li>
              ))}
            </ul>
          )}
        </CardContent>
      </Card>
    </div>
  );
}
