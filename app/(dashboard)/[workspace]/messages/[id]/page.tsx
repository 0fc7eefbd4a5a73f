import { ArrowLeft, Inbox } from "lucide-react";
import Link from "next/link";
import { notFound } from "next/navigation";
import { type Id, isId } from "@/lib/platform/id-types";
import { EmptyState } from "@/components/empty-state";
import { AttemptList, Purged } from "@/components/outbound/attempt-list";
import { AutoRefresh } from "@/components/outbound/auto-refresh";
import { JsonBlock } from "@/components/outbound/json-block";
import { DeliveryStatusBadge } from "@/components/outbound/status-badges";
import { PageHeader } from "@/components/page-header";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Time } from "@/components/ui/time";
import { AppError } from "@/lib/api/errors";
import { can } from "@/lib/auth/permissions";
import { requireWorkspace } from "@/lib/auth/session";
import { endpointLabels, hasDeliveriesDueSoon } from "@/lib/outbound/summaries";
import { getMessage, listAttempts, sentBodies } from "@/lib/outbound/message-lists";
import type { AttemptView } from "@/lib/outbound/schemas";
import type { RequestContext } from "@/lib/api/request-context";
import { CancelRetriesButton } from "@/components/outbound/cancel-retries-button";
import { cancelMessageRetriesAction } from "../actions";
import { ReplayButton, ReplayToOther } from "../_components/replay-button";

// Enough for every attempt of a message fanned out to a handful of endpoints; larger fan-outs link to each endpoint.
const ATTEMPT_LIMIT = 250;


async function findMessage(id: Id<"msg">, ctx: RequestContext) {
  try {
    return await getMessage({ id }, ctx);
  } catch (error) {
    if (error instanceof AppError && error.code === "not_found") notFound();
    throw error;
  }
}

export default async function MessagePage({ params }: { params: Promise<{ workspace: string; id: string }> }) {
  const { workspace: slug, id } = await params;
  if (!isId("msg", id)) notFound();
  const { role, ctx } = await requireWorkspace(slug, "messages:read");
  // Before the page's other reads (see hasDeliveriesDueSoon).
  const dueSoon = await hasDeliveriesDueSoon({ messageId: id }, ctx);
  const message = await findMessage(id, ctx);
  const [attempts, endpoints] = await Promise.all([listAttempts({ messageId: id, limit: ATTEMPT_LIMIT }, ctx), endpointLabels(ctx)]);
  const bodies = await sentBodies(attempts.data, ctx);
  const canReplay = can(role, "messages:write");
  const byEndpoint = new Map(endpoints.map((e) => [e.id, e]));
  const attemptsByDelivery = new Map<string, AttemptView[]>();
  for (const attempt of attempts.data) attemptsByDelivery.set(attempt.deliveryId, [...(attemptsByDelivery.get(attempt.deliveryId) ?? []), attempt]);
  const delivered = new Set(message.deliveries.map((d) => d.endpointId));
  const others = endpoints.filter((e) => !delivered.has(e.id) && e.status !== "disabled");

  return (
    <div className="space-y-6">
      <AutoRefresh active={dueSoon} />
      <Link href={`/${slug}/messages`} className="inline-flex items-center gap-1 text-sm text-muted-foreground hover:text-foreground">
        <ArrowLeft className="size-4" aria-hidden /> Messages
      </Link>
      <PageHeader
        title={<span className="font-mono text-lg">{message.id}</span>}
        description={
          <span className="flex flex-wrap items-center gap-2">
            <Badge variant="secondary" className="font-mono">{message.eventType}</Badge>
            <span>v{message.version}</span>
            <span>· sent <Time value={message.createdAt} /></span>
            {message.eventId ? <span className="font-mono text-xs">· event id {message.eventId}</span> : null}
          </span>
        }
        actions={
          canReplay && message.deliveries.length > 0 ? (
            <>
              <ReplayButton workspace={slug} messageId={message.id} label="Replay to all" />
              <CancelRetriesButton workspace={slug} action={cancelMessageRetriesAction} field="messageId" id={message.id} description="Deliveries of this message waiting for their next attempt stop retrying, to every endpoint." />
            </>
          ) : undefined
        }
      />

      <div className="grid gap-6 lg:grid-cols-3">
        <div className="min-w-0 space-y-4 lg:col-span-2">
          <h2 className="text-sm font-semibold">Deliveries</h2>
          {message.deliveries.length === 0 ? (
            <EmptyState icon={Inbox} title="Not delivered anywhere" description="No enabled endpoint was subscribed to this event type (or its filters left it out) when it was sent. Replay it to an endpoint to send it now." />
          ) : (
            message.deliveries.map((delivery) => {
              const endpoint = byEndpoint.get(delivery.endpointId);
              const list = attemptsByDelivery.get(delivery.id) ?? [];
              return (
                <Card key={delivery.id} data-testid="delivery">
                  <CardHeader>
                    <div className="flex flex-wrap items-start justify-between gap-3">
                      <div className="min-w-0 space-y-1.5">
                        <CardTitle className="flex min-w-0 items-center gap-2">
                          <DeliveryStatusBadge status={delivery.status} />
                          <Link href={`/${slug}/endpoints/${delivery.endpointId}`} className="truncate font-mono text-sm hover:underline">{endpoint?.url ?? delivery.endpointId}</Link>
                        </CardTitle>
                        <CardDescription>
                          {delivery.attemptCount} {delivery.attemptCount === 1 ? "attempt" : "attempts"}
                          {delivery.lastResponseStatus != null ? ` · last answered ${delivery.lastResponseStatus}` : ""}
                          {delivery.lastError ? ` · ${delivery.lastError}` : ""}
                          {delivery.nextAttemptAt && delivery.status !== "succeeded" ? <> · next attempt <Time value={delivery.nextAttemptAt} /></> : null}
                        </CardDescription>
                      </div>
                      {canReplay ? <ReplayButton workspace={slug} messageId={message.id} endpointId={delivery.endpointId} endpointUrl={endpoint?.url} label="Replay" size="sm" /> : null}
                    </div>
                  </CardHeader>
                  <CardContent>
                    {list.length ? <AttemptList attempts={list} bodies={bodies} showUrl /> : <p className="text-sm text-muted-foreground">No attempt yet{delivery.status === "pending" ? ": queued" : ""}.</p>}
                  </CardContent>
                </Card>
              );
            })
          )}
          {attempts.nextCursor ? <p className="text-xs text-muted-foreground">Showing the latest {ATTEMPT_LIMIT} attempts; each endpoint&apos;s page has the full log.</p> : null}
        </div>

        <div className="min-w-0 space-y-6">
          <Card>
            <CardHeader>
              <CardTitle>Payload</CardTitle>
              <CardDescription>Endpoints receive it as <code className="text-xs">data</code>, beside <code className="text-xs">type</code> and <code className="text-xs">timestamp</code>.</CardDescription>
            </CardHeader>
            <CardContent>
              {message.payloadPurgedAt ? <Purged at={message.payloadPurgedAt} what="The payload" testId="message-payload-purged" /> : <JsonBlock value={message.payload} testId="message-payload" />}
            </CardContent>
          </Card>
          {canReplay && others.length > 0 ? (
            <Card>
              <CardHeader>
                <CardTitle>Send to another endpoint</CardTitle>
                <CardDescription>Delivers this message to an endpoint it did not go to.</CardDescription>
              </CardHeader>
              <CardContent>
                <ReplayToOther workspace={slug} messageId={message.id} endpoints={others.map((e) => ({ id: e.id, url: e.url }))} />
              </CardContent>
            </Card>
          ) : null}
        </div>
      </div>
    </div>
  );
}
