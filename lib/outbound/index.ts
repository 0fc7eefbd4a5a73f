/**
 * Outbound webhooks: event types, endpoints, messages and their delivery. This index is the domain's public face:
 * other lib/ domains import only from here. Modules that import fewer other domains come first, so a domain that
 * imports this index back (a cycle) finds them initialised.
 */

// The resources' output schemas (zod only, so first) and the types inferred from them.
export * as outboundSchemas from "./schemas";
export type { AttemptView, BroadcastView, DeliveryView, EndpointHealth, EndpointView, EventTypeVersionView, EventTypeView, EventTypeWithVersions, MessageView, OutboundAuthView } from "./schemas";
export { nextAttemptDelay } from "./retry-schedule";
export { signingSecretStates } from "./summaries";
export { dispatchCommitted, notifyWorkers } from "./driver";
export { purgeExpiredEventIds } from "./event-ids";
export { invalidateRouting } from "./fan-out";
export { type ContentFilter, contentFilterSchema, matchesContentFilter } from "./filters";
export { validatePayload } from "./event-schemas";
export { addEventTypeVersionSchema, createEventTypeSchema, getEventType, listEventTypes, updateEventTypeSchema } from "./event-types";
export { getAttempt, getMessage, getMessagesByIds, listAttempts, listAttemptsSchema, listDeliveries, listMessages, listMessagesSchema, type SentBody, sentBodies } from "./message-lists";
export { cancelRetriesSchema, deliveryStatusCounts, recoverFailedDeliveries, recoverSchema, replayMessage, replayMessageSchema, replayMissingMessages } from "./replay";
export { sendBroadcastSchema, sendMessage, sendMessageSchema, sendTestMessage } from "./send";
export { createEndpoint, createEndpointSchema, createIntegrationEndpoint, customHeadersSchema, deleteEndpoint, disableEndpoint, enableEndpoint, getEndpoint, getEndpointHealth, listEndpoints, listEndpointsSchema, type IntegrationEndpointInput, revealEndpointSecret, rotateEndpointSecret, rotateSecretSchema, updateEndpoint, updateEndpointSchema } from "./endpoints";
export { addEventTypeVersion, createEventType, deleteEventType, updateEventType } from "./event-types";
export { importOpenApi } from "./openapi-import";
