import { notFound } from "next/navigation";
import { isId } from "@/lib/platform/id-types";
import { AttemptList, Purged } from "@/components/outbound/attempt-list";
import { AutoRefresh } from "@/components/outbound/auto-refresh";
import { JsonBlock } from "@/components/outbound/json-block";
import { DeliveryStatusBadge } from "@/components/outbound/status-badges";
import { EmptyState } from "@/components/empty-state";
import { PageHeader } from "@/components/page-header";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { Time } from "@/components/ui/time";
import { AppError } from "@/lib/api/errors";
import { hasDeliveriesDueSoon } from "@/lib/outbound/summaries";
import { portalMessage, requirePortal } from "@/lib/portal";
import { ResendButton } from "../../_components/resend-button";

export const metadata = { title: "Message" };

export default async function PortalMessagePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  if (!isId("msg", id)) notFound();
  const { session, ctx } = await requirePortal();
  let detail;
  try {
    detail = await portalMessage(ctx, id);
  } catch (error) {
    if (error instanceof AppError && error.code === "not_found") notFound();
    throw error;
  }
  const { message, attempts, bodies } = detail;
  const dueSoon = await hasDeliveriesDueSoon({ messageId: id }, ctx);
  return (
    <>
      <AutoRefresh active={dueSoon} />
      <PageHeader title={message.eventType} description={<span className="font-mono text-xs">{message.id}</span>} actions={session.readOnly ? null : <ResendButton messageId={id} />} />
      <Card>
        <CardHeader><CardTitle>Payload</CardTitle></CardHeader>
        <CardContent className="space-y-2">
          <p className="text-sm text-muted-foreground">Sent <Time value={message.createdAt} />{message.eventId ? <> · event id <code>{message.eventId}</code></> : null}</p>
          {message.payloadPurgedAt ? <Purged at={message.payloadPurgedAt} what="The payload" /> : <JsonBlock value={message.payload} className="max-h-80" />}
        </CardContent>
      </Card>
      <section className="space-y-2">
        <h2 className="text-lg font-semibold">Deliveries</h2>
        {message.deliveries.length ? (
          <ul className="divide-y rounded-lg border bg-card text-sm">
            {message.deliveries.map((d) => (
              <li key={d.id} className="flex flex-wrap items-center gap-3 px-4 py-2">
                <DeliveryStatusBadge status={d.status} />
                <a className="font-mono text-xs underline" href={`/portal/endpoints/${d.endpointId}`}>{d.endpointId}</a>
                <span className="text-muted-foreground">{d.attemptCount} {d.attemptCount === 1 ? "attempt" : "attempts"}</span>
                {d.nextAttemptAt ? <span className="text-muted-foreground">next <Time value={d.nextAttemptAt} /></span> : null}
              </li>
            ))}
          </ul>
        ) : (
          <EmptyState title="No deliveries" description="None of your endpoints subscribed to this event when it was sent." />
        )}
      </section>
      <section className="space-y-2">
        <h2 className="text-lg font-semibold">Attempts</h2>
        {attempts.length ? <AttemptList attempts={attempts} bodies={bodies} showUrl /> : <EmptyState title="No attempts yet" description="The first attempt is on its way." />}
      </section>
    </>
  );
}
