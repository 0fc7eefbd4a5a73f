import type { Tx } from "@/db";
import { deliveries, messages } from "@/db/schema";
import { matchesContentFilter, nextAttemptDelay, notifyWorkers } from "@/lib/outbound";
import { newId } from "@/lib/platform";
import type { RoutingConnection } from "@/lib/inbound/source-cache";
import { runTransformation } from "@/lib/payloads";
import { applyTransform, normaliseEventType, type RequestContext } from "@/lib/inbound/transform";
import type { Id } from "@/lib/platform/id-types";

/**
 * Routing an accepted inbound request by its source's connections (DESIGN §2, inbound step 7): each connection whose
 * filter matches makes one outbound message for its endpoint, stored in the same outbox as messages sent through the
 * API, so the dispatcher signs it with the endpoint's own secret and retries it like any other.
 */

export interface PlannedMessage {
  messageId: Id<"msg">;
  connectionId: string;
  endpointId: Id<"ep">;
  eventType: string;
  payload: unknown;
  retrySchedule: number[] | null;
}

export interface RoutingPlan {
  messages: PlannedMessage[];
  /** Connections that matched but could not produce a message, with the reason; shown on the request. */
  problems: string[];
}

/**
 * Decides what each connection makes of a request: its filter, its JSON template (transform.ts), then its
 * transformation (lib/payloads/sandbox.ts), which sees the template's eventType and payload, the endpoint's URL and
 * the request's method and headers, and may change the first two or cancel. Writes nothing, so the plan is known
 * before the request row is written.
 */
export async function planRouting(provider: string, connections: readonly RoutingConnection[], context: RequestContext): Promise<RoutingPlan> {
  const plan: RoutingPlan = { messages: [], problems: [] };
  for (const connection of connections) {
    if (!matchesContentFilter(connection.filter, context)) continue;
    const result = applyTransform(connection.transform, provider, context);
    if (!result.ok) {
      plan.problems.push(`connection ${connection.id}: ${result.error}`);
      continue;
    }
    let { eventType, payload } = result;
    if (connection.transformation) {
      const ran = await runTransformation(connection.transformation, { eventType, payload, url: connection.endpointUrl, method: context.method, headers: context.headers });
      if (!ran.ok) {
        plan.problems.push(`connection ${connection.id}: transformation_error: ${ran.message}${ran.line ? ` (line ${ran.line})` : ""}`);
        continue;
      }
      if (ran.webhook.cancel) {
        plan.problems.push(`connection ${connection.id}: cancelled by its transformation (webhook.cancel = true)`);
        continue;
      }
      eventType = normaliseEventType(ran.webhook.eventType);
      payload = ran.webhook.payload;
    }
    plan.messages.push({ messageId: newId("msg"), connectionId: connection.id, endpointId: connection.endpointId, eventType, payload, retrySchedule: connection.retrySchedule });
  }
  return plan;
}

/**
 * Writes the planned messages and their deliveries inside the caller's transaction (the one that stores the request),
 * so an accepted request and its routing commit together. Returns the deliveries to hand to dispatchCommitted.
 */
export async function writeRouting(tx: Tx, source: { workspaceId: string; id: Id<"src"> }, requestId: string, plan: readonly PlannedMessage[]) {
  const { workspaceId } = source;
  if (plan.length === 0) return [];
  const now = new Date();
  await tx.insert(messages).values(
    plan.map((m) => ({
      id: m.messageId,
      workspaceId,
      eventType: m.eventType,
      version: 1,
      payload: m.payload,
      // The inbound request it came from, shown in the messages log, and its source (the log's filter, the rollups).
      eventId: requestId,
      sourceId: source.id,
      createdAt: now,
    })),
  );
  const due = plan.map((m) => {
    const delay = nextAttemptDelay({ attemptNumber: 0, schedule: m.retrySchedule ?? undefined }) ?? 0;
    return { id: newId("dlv"), workspaceId, messageId: m.messageId, endpointId: m.endpointId, nextAttemptAt: new Date(now.getTime() + delay * 1000), createdAt: now, updatedAt: now };
  });
  await tx.insert(deliveries).values(due);
  await notifyWorkers(tx);
  return due.map((d) => ({ deliveryId: d.id, endpointId: d.endpointId }));
}
