import { notFound } from "next/navigation";
import { isId } from "@/lib/platform/id-types";
import { AttemptList } from "@/components/outbound/attempt-list";
import { AutoRefresh } from "@/components/outbound/auto-refresh";
import { EndpointStatusBadge } from "@/components/outbound/status-badges";
import { VERIFY_LANGUAGES, VerifyDocs, type VerifyLanguage } from "@/components/outbound/verify-docs";
import { EmptyState } from "@/components/empty-state";
import { FilterTabs } from "@/components/list-page/filter-tabs";
import { KeysetPager } from "@/components/list-page/keyset-pager";
import { PageHeader } from "@/components/page-header";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Time } from "@/components/ui/time";
import { AppError } from "@/lib/api/errors";
import { pageCursor } from "@/lib/api/pagination";
import { listEventTypes } from "@/lib/outbound/event-types";
import { listAttempts } from "@/lib/outbound/message-lists";
import { hasDeliveriesDueSoon } from "@/lib/outbound/summaries";
import { portalEndpoint, portalEndpointAttempts, requirePortal } from "@/lib/portal";
import { DeleteButton, EditEndpointForm, RecoverForm, RevealSecret, RotateSecret, SendExample, StatusButton } from "../../_components/endpoint-actions";

export const metadata = { title: "Endpoint" };

type Search = { cursor?: string; outcome?: string; lang?: string };

export default async function PortalEndpointPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<Search> }) {
  const { id } = await params;
  if (!isId("ep", id)) notFound();
  const search = await searchParams;
  const { session, ctx } = await requirePortal();
  const { cursor } = pageCursor(search.cursor);
  const outcome = search.outcome === "succeeded" || search.outcome === "failed" ? search.outcome : undefined;
  const language: VerifyLanguage = search.lang && search.lang in VERIFY_LANGUAGES ? (search.lang as VerifyLanguage) : "node";
  let detail;
  try {
    detail = await portalEndpoint(ctx, id);
  } catch (error) {
    if (error instanceof AppError && error.code === "not_found") notFound();
    throw error;
  }
  const { endpoint, health, secrets } = detail;
  const [attempts, catalog, dueSoon] = await Promise.all([
    portalEndpointAttempts(ctx, id, { cursor, outcome, limit: 20 }),
    listEventTypes({}, ctx),
    hasDeliveriesDueSoon({ endpointId: id }, ctx),
  ]);
  // The example's outcome is found among the newest attempts: the list below when it shows them, else a short read.
  const recent = !outcome && !cursor ? attempts.data : (await listAttempts({ endpointId: id, limit: 20 }, ctx)).data;
  const writable = !session.readOnly;
  const path = `/portal/endpoints/${id}`;
  const filters = { outcome, lang: search.lang };
  const eventTypes = catalog.filter((t) => !endpoint.eventTypes || endpoint.eventTypes.some((e) => e === t.name || (e.endsWith(".*") && t.name.startsWith(e.slice(0, -1))))).map((t) => t.name);

  return (
    <>
      <AutoRefresh active={dueSoon} />
      <PageHeader
        title={<span className="font-mono text-base break-all" data-testid="portal-endpoint-url">{endpoint.url}</span>}
        description={endpoint.description || undefined}
        actions={writable ? <div className="flex gap-2"><StatusButton endpoint={endpoint} /><DeleteButton id={id} /></div> : null}
      />
      <div className="flex flex-wrap items-center gap-3 text-sm text-muted-foreground">
        <EndpointStatusBadge status={endpoint.status} />
        <span>{health.successRate === null ? "No attempts in the last 24 hours" : `${Math.round(health.successRate * 100)}% delivered in the last 24 hours (${health.attempts} ${health.attempts === 1 ? "attempt" : "attempts"})`}</span>
        {endpoint.disabledReason ? <span>Disabled: {endpoint.disabledReason}</span> : null}
      </div>

      <div className="grid gap-6 lg:grid-cols-2">
        <Card>
          <CardHeader>
            <CardTitle>Signing secret</CardTitle>
            <CardDescription>Every delivery is signed with it; verify the signature before trusting a request.</CardDescription>
          </CardHeader>
          <CardContent className="space-y-3">
            <ul className="space-y-1 text-xs text-muted-foreground">
              {secrets.map((s, i) => (
                <li key={i}>{s.expiresAt ? <>A previous secret, signing until <Time value={s.expiresAt} /></> : <>Current secret, created <Time value={s.createdAt} /></>}</li>
              ))}
            </ul>
            {/* Keyed by the secrets, so a rotation forgets the one revealed before it. */}
            {writable ? <div className="flex flex-wrap gap-2"><RevealSecret key={secrets.map((s) => String(s.createdAt)).join()} id={id} /><RotateSecret id={id} /></div> : <p className="text-sm text-muted-foreground">This link is read-only: the secret is not shown.</p>}
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle>Send an example</CardTitle>
            <CardDescription>Delivers one event to this endpoint only, with the event type&apos;s example payload.</CardDescription>
          </CardHeader>
          <CardContent>{writable ? <SendExample endpointId={id} eventTypes={eventTypes} attempts={recent.map(({ id, messageId, succeeded, responseStatus, errorClass, durationMs }) => ({ id, messageId, succeeded, responseStatus, errorClass, durationMs }))} /> : <p className="text-sm text-muted-foreground">This link is read-only.</p>}</CardContent>
        </Card>
      </div>

      <section className="space-y-3" id="attempts">
        <div className="flex flex-wrap items-center justify-between gap-3">
          <h2 className="text-lg font-semibold">Attempts</h2>
          <FilterTabs
            label="Filter by outcome"
            items={[
              { label: "All", href: `${path}#attempts`, current: !outcome },
              { label: "Succeeded", href: `${path}?outcome=succeeded#attempts`, current: outcome === "succeeded" },
              { label: "Failed", href: `${path}?outcome=failed#attempts`, current: outcome === "failed" },
            ]}
          />
        </div>
        {attempts.data.length ? (
          <AttemptList attempts={attempts.data} bodies={attempts.bodies} messageHref={(m) => `/portal/messages/${m}`} />
        ) : (
          <EmptyState title={outcome ? `No ${outcome} attempts` : "No attempts yet"} description={writable ? "Send an example above to see one." : "Attempts appear here as events are delivered."} />
        )}
        <KeysetPager path={path} filters={filters} cursor={cursor} nextCursor={attempts.nextCursor} hash="attempts" />
        {writable ? <RecoverForm endpointId={id} /> : null}
      </section>

      {writable ? (
        <Card>
          <CardHeader><CardTitle>Settings</CardTitle></CardHeader>
          <CardContent><EditEndpointForm endpoint={endpoint} catalog={catalog} /></CardContent>
        </Card>
      ) : null}

      <Card id="verify">
        <CardHeader>
          <CardTitle>Verify deliveries</CardTitle>
        </CardHeader>
        <CardContent>
          <VerifyDocs url={endpoint.url} language={language} languageHref={(l) => `${path}?lang=${l}#verify`} />
        </CardContent>
      </Card>
    </>
  );
}
