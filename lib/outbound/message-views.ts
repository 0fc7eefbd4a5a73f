import type { attempts, deliveries, DELIVERY_STATUSES, messages } from "@/db/schema";

/**
 * What a message, a delivery and an attempt look like to the API and the dashboard: the stored rows minus their
 * internals (leases, triggers).
 */

export interface MessageView {
  id: string;
  /** The application it was addressed to; null for a workspace-wide send. */
  applicationId: string | null;
  eventType: string;
  version: number;
  eventId: string | null;
  payload: unknown;
  createdAt: Date;
}

export interface DeliveryView {
  id: string;
  messageId: string;
  endpointId: string;
  status: (typeof DELIVERY_STATUSES)[number];
  attemptCount: number;
  nextAttemptAt: Date | null;
  lastAttemptAt: Date | null;
  lastResponseStatus: number | null;
  lastError: string | null;
  createdAt: Date;
}

export interface AttemptView {
  id: string;
  deliveryId: string;
  messageId: string;
  endpointId: string;
  number: number;
  trigger: "scheduled" | "manual";
  url: string;
  requestHeaders: Record<string, string>;
  requestBodySha256: string;
  succeeded: boolean;
  responseStatus: number | null;
  responseHeaders: Record<string, string> | null;
  responseBody: string | null;
  responseBodyTruncated: boolean;
  durationMs: number;
  errorClass: string | null;
  errorMessage: string | null;
  createdAt: Date;
}

export type MessageRow = typeof messages.$inferSelect;

type DeliveryRow = typeof deliveries.$inferSelect;

export const messageView = (m: MessageRow): MessageView => ({
  id: m.id,
  applicationId: m.applicationId,
  eventType: m.eventType,
  version: m.version,
  eventId: m.eventId,
  payload: m.payload,
  createdAt: m.createdAt,
});

export const deliveryView = (d: DeliveryRow): DeliveryView => ({
  id: d.id,
  messageId: d.messageId,
  endpointId: d.endpointId,
  status: d.status,
  attemptCount: d.attemptCount,
  nextAttemptAt: d.nextAttemptAt,
  lastAttemptAt: d.lastAttemptAt,
  lastResponseStatus: d.lastResponseStatus,
  lastError: d.lastError,
  createdAt: d.createdAt,
});

export const attemptView = (a: typeof attempts.$inferSelect): AttemptView => ({
  id: a.id,
  deliveryId: a.deliveryId,
  messageId: a.messageId,
  endpointId: a.endpointId,
  number: a.number,
  trigger: a.trigger,
  url: a.url,
  requestHeaders: a.requestHeaders,
  requestBodySha256: a.requestBodySha256,
  succeeded: a.succeeded,
  responseStatus: a.responseStatus,
  responseHeaders: a.responseHeaders,
  responseBody: a.responseBody,
  responseBodyTruncated: a.responseBodyTruncated,
  durationMs: a.durationMs,
  errorClass: a.errorClass,
  errorMessage: a.errorMessage,
  createdAt: a.createdAt,
});
