import { z } from "zod";
import { idSchema } from "@/lib/platform/id-types";
import { anyJson as json, listResponse, nullableTimestamp, timestamp } from "@/lib/api/v1-schemas";

/**
 * The outbound resources as the API and the dashboard see them: the one source of their shapes. Each type is inferred
 * from its schema, rows are shaped through them, and the OpenAPI document registers them. Client-safe (zod only), so
 * a client component may import a type from here.
 */

export const eventTypeVersion = z
  .object({
    id: z.string(),
    version: z.number().int(),
    schema: z.record(z.string(), z.unknown()).nullable(),
    samplePayload: json,
    converter: z.string().nullable().describe("A transformation turning this version's payload into the previous version's, for endpoints pinned to an older version."),
    createdAt: timestamp,
  })
  .openapi("EventTypeVersion");

export const eventType = z
  .object({
    id: z.string(),
    name: z.string(),
    description: z.string(),
    featureGroup: z.string().nullable(),
    deprecated: z.boolean(),
    archived: z.boolean(),
    latestVersion: z.number().int(),
    createdAt: timestamp,
    updatedAt: timestamp,
  })
  .openapi("EventType");

export const eventTypeWithVersions = eventType.extend({ versions: z.array(eventTypeVersion) }).openapi("EventTypeWithVersions");
export const eventTypeList = listResponse(eventType, "EventTypeList");

export const endpoint = z
  .object({
    id: idSchema("ep"),
    applicationId: idSchema("app"),
    url: z.string(),
    description: z.string(),
    kind: z.enum(["webhook", "slack", "zapier", "ifttt"]).describe("webhook: a signed HTTP request to url; otherwise delivered through that integration (its url names the connection)."),
    status: z.enum(["enabled", "disabled", "paused"]),
    disabledReason: z.string().nullable(),
    disabledAt: nullableTimestamp,
    eventTypes: z.array(z.string()).nullable(),
    contentFilter: json,
    headers: z.record(z.string(), z.string()),
    auth: z.object({ type: z.enum(["none", "basic", "bearer", "header"]), username: z.string().optional(), name: z.string().optional() }),
    rateLimitPerSecond: z.number().int().nullable(),
    timeoutMs: z.number().int(),
    versionPin: z.number().int().nullable(),
    retrySchedule: z.array(z.number().int()).nullable(),
    autoDisableAfterSeconds: z.number().int(),
    templateId: z.string().nullable().describe("The payload template (tpl_…) a template-format body is rendered with."),
    templateVersion: z.number().int().nullable().describe("The pinned version of the template; null follows the latest."),
    templateVars: z.record(z.string(), z.string()).describe("The template's vars."),
    payloadFormat: z.enum(["envelope", "raw", "form", "xml", "template"]).describe("The body's shape: the JSON envelope {type, timestamp, data}, data alone, form-encoded, XML, or the endpoint's template."),
    transformation: z.string().nullable().describe("JavaScript, function handler(webhook) { ...; return webhook }, run in a sandbox on every delivery while transformationEnabled."),
    transformationEnabled: z.boolean(),
    compression: z.enum(["none", "gzip"]).describe("gzip bodies of at least compressionThresholdBytes (Content-Encoding: gzip). The signature covers the uncompressed body."),
    compressionThresholdBytes: z.number().int(),
    migratedFromSvix: z
      .boolean()
      .describe("Migrated from Svix: deliveries also carry svix-id, svix-timestamp and svix-signature with the same values as the webhook-* headers, so a receiver verifying with Svix's libraries works unchanged."),
    firstFailureAt: nullableTimestamp,
    createdAt: timestamp,
    updatedAt: timestamp,
  })
  .openapi("Endpoint");
export const endpointList = listResponse(endpoint, "EndpointList");
export const endpointCreated = endpoint.extend({ secret: z.string().describe("The signing secret, shown here once.") }).openapi("EndpointCreated");

export const endpointSecrets = z
  .object({
    secret: z.string().describe("The newest secret: configure this one."),
    previous: z.array(z.object({ secret: z.string(), expiresAt: nullableTimestamp })).describe("Older secrets still signing during a rotation overlap."),
  })
  .openapi("EndpointSecrets");
export const secretRotated = z.object({ secret: z.string(), previousExpiresAt: timestamp }).openapi("SecretRotated");

export const endpointHealth = z
  .object({
    attempts: z.number().int(),
    succeeded: z.number().int(),
    successRate: z.number().nullable(),
    lastAttemptAt: nullableTimestamp,
    firstFailureAt: nullableTimestamp,
    status: z.enum(["enabled", "disabled", "paused"]),
  })
  .openapi("EndpointHealth");

export const delivery = z
  .object({
    id: idSchema("dlv"),
    messageId: idSchema("msg"),
    endpointId: idSchema("ep"),
    status: z.enum(["pending", "sending", "succeeded", "failed", "exhausted", "cancelled"]),
    attemptCount: z.number().int(),
    nextAttemptAt: nullableTimestamp,
    lastAttemptAt: nullableTimestamp,
    lastResponseStatus: z.number().int().nullable(),
    lastError: z.string().nullable(),
    createdAt: timestamp,
  })
  .openapi("Delivery");

export const message = z
  .object({ id: idSchema("msg"), applicationId: idSchema("app").nullable().describe("The application it was sent to; null for a workspace-wide send."), eventType: z.string(), version: z.number().int(), eventId: z.string().nullable(), payload: json.describe("The event's data; null once purged (payloadPurgedAt)."), payloadPurgedAt: nullableTimestamp.describe("When the workspace's retention purge cleared the payload (and so every attempt's request body, which is rebuilt from it); null while it is kept."), createdAt: timestamp })
  .openapi("Message");
export const messageWithDeliveries = message.extend({ deliveries: z.array(delivery) }).openapi("MessageWithDeliveries");
export const messageList = listResponse(message, "MessageList");
export const messageAccepted = message.extend({ deliveryCount: z.number().int().describe("How many endpoints will receive it.") }).openapi("MessageAccepted");

export const broadcast = z
  .object({
    id: z.string(),
    eventType: z.string(),
    version: z.number().int(),
    eventId: z.string().nullable(),
    payload: json,
    status: z.enum(["pending", "running", "completed", "failed"]).describe("pending until a runner takes it; running while its messages are written in batches."),
    progress: z.object({
      applicationsTotal: z.number().int().describe("Applications in the workspace when the broadcast was accepted."),
      applicationsDone: z.number().int(),
      messagesCreated: z.number().int().describe("One per application done."),
      deliveriesCreated: z.number().int().describe("One per matching endpoint of the applications done."),
    }),
    lastError: z.string().nullable().describe("Why the last batch failed, until one succeeds."),
    createdAt: timestamp,
    finishedAt: nullableTimestamp,
  })
  .openapi("Broadcast");

export const attempt = z
  .object({
    id: idSchema("att"),
    deliveryId: idSchema("dlv"),
    messageId: idSchema("msg"),
    endpointId: idSchema("ep"),
    number: z.number().int(),
    trigger: z.enum(["scheduled", "manual"]),
    url: z.string(),
    requestHeaders: z.record(z.string(), z.string()),
    requestBodySha256: z.string(),
    succeeded: z.boolean(),
    responseStatus: z.number().int().nullable(),
    responseHeaders: z.record(z.string(), z.string()).nullable(),
    responseBody: z.string().nullable(),
    responseBodyTruncated: z.boolean(),
    durationMs: z.number().int(),
    errorClass: z.string().nullable(),
    errorMessage: z.string().nullable(),
    bodiesPurgedAt: nullableTimestamp.describe("When the workspace's retention purge cleared the response body; null while it is kept. The request body goes with the message's payload (its payloadPurgedAt)."),
    createdAt: timestamp,
  })
  .openapi("Attempt");
export const attemptList = listResponse(attempt, "AttemptList");
export const importResult = z
  .object({ created: z.array(z.string()), versioned: z.array(z.string()), unchanged: z.array(z.string()) })
  .openapi("EventTypeImport");

export type EventTypeVersionView = z.infer<typeof eventTypeVersion>;
export type EventTypeView = z.infer<typeof eventType>;
export type EventTypeWithVersions = z.infer<typeof eventTypeWithVersions>;
export type EndpointView = z.infer<typeof endpoint>;
export type OutboundAuthView = EndpointView["auth"];
export type EndpointHealth = z.infer<typeof endpointHealth>;
export type DeliveryView = z.infer<typeof delivery>;
export type MessageView = z.infer<typeof message>;
export type BroadcastView = z.infer<typeof broadcast>;
export type AttemptView = z.infer<typeof attempt>;
