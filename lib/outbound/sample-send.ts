import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { db } from "@/db";
import { deliveries, endpoints } from "@/db/schema";
import { notFound, type RequestContext } from "@/lib/api";
import { throughActorEndpoint } from "@/lib/applications";
import { attemptDelivery } from "@/lib/outbound/attempt";
import { listAttempts, type SentBody, sentBodies } from "@/lib/outbound/message-lists";
import { sendTestMessage, sendTestMessageSchema } from "@/lib/outbound/send";
import type { AttemptView } from "@/lib/outbound/schemas";
import { type Id, idSchema } from "@/lib/platform/id-types";

/**
 * The testing page's "send a sample to an endpoint and see what happened": the endpoint page's test send (a message
 * for this endpoint only, audited), then its first attempt made at once through the delivery path every attempt takes
 * (attemptDelivery: claim, sign, send through the SSRF-safe client, record), and the stored attempt read back. Two
 * steps, because the attempt must see the committed delivery and must not hold the caller's transaction open while
 * the receiver takes its time.
 */

export const sendSampleSchema = sendTestMessageSchema;

/** Stores the test message and its one delivery (committed on return); the worker is woken as for any send. */
export async function sendSample(input: z.input<typeof sendSampleSchema>, ctx: RequestContext): Promise<{ messageId: Id<"msg">; deliveryId: Id<"dlv"> }> {
  const { message } = await sendTestMessage(input, ctx, db());
  const [delivery] = await db().select({ id: deliveries.id }).from(deliveries).where(and(eq(deliveries.messageId, message.id), eq(deliveries.workspaceId, ctx.workspaceId)));
  return { messageId: message.id, deliveryId: delivery.id };
}

export interface SampleAttemptResult {
  messageId: Id<"msg">;
  deliveryId: Id<"dlv">;
  /** The stored attempt, as the attempts log shows it; null when nothing was sent (see `note`). */
  attempt: AttemptView | null;
  /** The request body as sent (rebuilt and checked against the stored hash), as the attempts log shows it. */
  requestBody: SentBody;
  /** Why there is no attempt: the endpoint is paused, or its rate limit put the delivery back in the queue. */
  note: string | null;
}

export const attemptSampleSchema = z.object({ messageId: idSchema("msg"), deliveryId: idSchema("dlv") });

const POLL_MS = 200;
/** Past the longest request (15 s), so an attempt a worker took first is still waited for. */
const WAIT_FOR_WORKER_MS = 20_000;

async function firstAttempt(deliveryId: Id<"dlv">, ctx: RequestContext): Promise<AttemptView | null> {
  const { data } = await listAttempts({ deliveryId, limit: 1 }, ctx);
  return data[0] ?? null;
}

/**
 * Makes the delivery's attempt now and returns it. If a worker claimed the delivery first (it was woken by the send),
 * that worker's attempt is waited for instead: the positive signal is its attempt row. Run outside a request's
 * database deadline (the action runs it in the background scope): the receiver may take up to the endpoint's timeout.
 */
export async function attemptSample(input: z.input<typeof attemptSampleSchema>, ctx: RequestContext): Promise<SampleAttemptResult> {
  const { messageId, deliveryId } = attemptSampleSchema.parse(input);
  const [owned] = await db()
    .select({ id: deliveries.id, endpointStatus: endpoints.status })
    .from(deliveries)
    .innerJoin(endpoints, eq(endpoints.id, deliveries.endpointId))
    .where(and(eq(deliveries.id, deliveryId), eq(deliveries.workspaceId, ctx.workspaceId), eq(deliveries.messageId, messageId), throughActorEndpoint(ctx, deliveries.endpointId)));
  if (!owned) throw notFound("The delivery");
  const result = { messageId, deliveryId, requestBody: null, note: null };

  const outcome = await attemptDelivery(deliveryId, { trigger: "manual" });
  if (outcome.status === "deferred") {
    return { ...result, attempt: null, note: `The endpoint's rate limit has no send slot free; the delivery goes out at ${outcome.nextAttemptAt?.toISOString()}.` };
  }
  if (outcome.status === "skipped" && outcome.reason === "endpoint_not_enabled") {
    return { ...result, attempt: null, note: "The endpoint is paused: the delivery waits until it is resumed." };
  }
  let attempt = await firstAttempt(deliveryId, ctx);
  for (const deadline = Date.now() + WAIT_FOR_WORKER_MS; !attempt && Date.now() < deadline; ) {
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    attempt = await firstAttempt(deliveryId, ctx);
  }
  if (!attempt) return { ...result, attempt: null, note: "The attempt has not been recorded yet; it will appear in the endpoint's attempts log." };
  return { ...result, attempt, requestBody: (await sentBodies([attempt], ctx)).get(attempt.id) ?? null };
}
