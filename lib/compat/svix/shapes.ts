import type { ApplicationView } from "@/lib/applications";
import type { AttemptView, DeliveryView, EndpointView, EventTypeWithVersions, EventTypeView, MessageView } from "@/lib/outbound";

/**
 * Our resources in Svix's shapes (the field names its SDK reads, svix@2.5.0's models), and the other way round for
 * what it sends. Fields Svix has and we do not (channels, tags, an endpoint's uid and metadata) answer null or empty.
 */

/** What a Svix route answers: its status and body (apiRoute's result). */
export interface SvixResult {
  status: number;
  body: unknown;
}

export const svixApplication = (app: ApplicationView) => ({
  id: app.id,
  uid: app.uid,
  name: app.name,
  throttleRate: app.rateLimitPerSecond,
  metadata: app.metadata,
  createdAt: app.createdAt,
  updatedAt: app.updatedAt,
});

export const svixEndpoint = (endpoint: EndpointView) => ({
  id: endpoint.id,
  uid: null,
  url: endpoint.url,
  description: endpoint.description,
  throttleRate: endpoint.rateLimitPerSecond,
  disabled: endpoint.status === "disabled",
  eventTypes: endpoint.eventTypes,
  channels: null,
  metadata: {},
  // Ours, beside Svix's fields: whether deliveries also carry svix-* headers.
  migratedFromSvix: endpoint.migratedFromSvix,
  createdAt: endpoint.createdAt,
  updatedAt: endpoint.updatedAt,
});

/** Svix's JSON Schemas of an event type: one per version, keyed by its number. */
export const svixSchemas = (type: EventTypeWithVersions) => Object.fromEntries(type.versions.filter((v) => v.schema !== null).map((v) => [String(v.version), v.schema]));

export const svixEventType = (type: EventTypeView | EventTypeWithVersions, withContent = true) => ({
  name: type.name,
  description: type.description,
  archived: type.archived,
  deprecated: type.deprecated,
  schemas: withContent && "versions" in type ? svixSchemas(type) : null,
  groupName: type.featureGroup,
  featureFlags: null,
  createdAt: type.createdAt,
  updatedAt: type.updatedAt,
});

/** A message; its payload only `with_content` (the SDK asks for none by default, as Svix answers `{}` then). */
export const svixMessage = (message: MessageView, withContent: boolean) => ({
  id: message.id,
  eventId: message.eventId,
  eventType: message.eventType,
  payload: withContent ? message.payload : {},
  channels: null,
  tags: null,
  timestamp: message.createdAt,
});

// Svix's MessageStatus: 0 success, 1 pending, 2 fail, 3 sending, 4 canceled.
const STATUS = { success: 0, pending: 1, fail: 2, sending: 3, canceled: 4 } as const;
type SvixStatus = keyof typeof STATUS;

/** A delivery's status in Svix's words: a failure with a retry still scheduled is pending, as in Svix. */
function deliveryStatus(delivery: DeliveryView): SvixStatus {
  switch (delivery.status) {
    case "succeeded":
      return "success";
    case "sending":
      return "sending";
    case "cancelled":
      return "canceled";
    case "exhausted":
      return "fail";
    case "failed":
      return delivery.nextAttemptAt ? "pending" : "fail";
    default:
      return "pending";
  }
}

export const svixDeliveryStatus = (delivery: DeliveryView) => {
  const status = deliveryStatus(delivery);
  return { status: STATUS[status], statusText: status, nextAttempt: delivery.nextAttemptAt };
};

export const svixAttempt = (attempt: AttemptView, message?: MessageView) => ({
  id: attempt.id,
  msgId: attempt.messageId,
  endpointId: attempt.endpointId,
  url: attempt.url,
  response: attempt.responseBody ?? "",
  responseStatusCode: attempt.responseStatus ?? 0,
  responseDurationMs: attempt.durationMs,
  status: attempt.succeeded ? STATUS.success : STATUS.fail,
  statusText: attempt.succeeded ? "success" : "fail",
  triggerType: attempt.trigger === "manual" ? 1 : 0,
  timestamp: attempt.createdAt,
  ...(message ? { msg: svixMessage(message, true) } : {}),
});

/** Svix's MessageStatus number in a query (`status=0`) as our attempt outcome; only success and fail exist for attempts. */
export function attemptOutcome(status: string | null): "succeeded" | "failed" | undefined | null {
  if (status === null) return undefined;
  if (status === "0") return "succeeded";
  if (status === "2") return "failed";
  return null;
}

/** The same for a delivery status filter (listAttemptedMessages). */
export function deliveryStatusFilter(status: string | null): DeliveryView["status"] | undefined | null {
  if (status === null) return undefined;
  return ({ "0": "succeeded", "2": "exhausted", "3": "sending", "4": "cancelled" } as const)[status] ?? null;
}
