import { extendZodWithOpenApi } from "@asteasolutions/zod-to-openapi";
import { z } from "zod";
import { ERROR_STATUS } from "@/lib/api/errors";

extendZodWithOpenApi(z);

/** Response shapes of the public API. Every response passes through one of these, so nothing leaks by accident. */

export const errorResponse = z
  .object({
    error: z.object({
      code: z.enum(Object.keys(ERROR_STATUS) as [keyof typeof ERROR_STATUS]),
      message: z.string(),
      issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
      requestId: z.string().optional(),
    }),
  })
  .openapi("Error");

export const listResponse = <T extends z.ZodType>(item: T, name: string) =>
  z
    .object({
      data: z.array(item),
      nextCursor: z.string().nullable().describe("Pass as `cursor` to get the next page; null on the last page."),
      hasMore: z.boolean(),
    })
    .openapi(name);

export const pingResponse = z
  .object({
    workspace: z.object({ id: z.string(), name: z.string(), slug: z.string() }),
    key: z.object({ id: z.string(), name: z.string(), environment: z.enum(["live", "test"]), scopes: z.array(z.string()) }),
  })
  .openapi("Ping");

export const auditEntry = z
  .object({
    id: z.string(),
    createdAt: z.string().datetime(),
    actor: z.object({ type: z.enum(["user", "api_key", "system"]), id: z.string().nullable(), label: z.string() }),
    action: z.string(),
    target: z.object({ type: z.string(), id: z.string().nullable() }),
    before: z.unknown(),
    after: z.unknown(),
    ip: z.string().nullable(),
    userAgent: z.string().nullable(),
    requestId: z.string().nullable(),
  })
  .openapi("AuditEntry");

export const auditList = listResponse(auditEntry, "AuditEntryList");

/** Builds a list response from a page of rows and the cursor of the next page. */
export const listBody = <T>(data: T[], nextCursor: string | null) => ({ data, nextCursor, hasMore: nextCursor !== null });

// Dates leave as ISO strings (JSON.stringify does that); the document says so. A nullable one needs its own override,
// since an override replaces the whole generated schema (null included).
export const timestamp = z.date().openapi({ type: "string", format: "date-time" });
export const nullableTimestamp = z.date().nullable().openapi({ type: ["string", "null"], format: "date-time" });
const json = z.unknown().openapi({ description: "Any JSON value" });

export const eventTypeVersion = z
  .object({ id: z.string(), version: z.number().int(), schema: z.record(z.string(), z.unknown()).nullable(), samplePayload: json, createdAt: timestamp })
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

export const application = z
  .object({
    id: z.string(),
    name: z.string(),
    uid: z.string().nullable().describe("The customer's id in your own system; usable wherever an application id is."),
    metadata: z.record(z.string(), z.string()),
    rateLimitPerSecond: z.number().int().nullable(),
    createdAt: timestamp,
    updatedAt: timestamp,
  })
  .openapi("Application");
export const applicationList = listResponse(application, "ApplicationList");

export const endpoint = z
  .object({
    id: z.string(),
    applicationId: z.string(),
    url: z.string(),
    description: z.string(),
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
    id: z.string(),
    messageId: z.string(),
    endpointId: z.string(),
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
  .object({ id: z.string(), applicationId: z.string().nullable().describe("The application it was sent to; null for a workspace-wide send."), eventType: z.string(), version: z.number().int(), eventId: z.string().nullable(), payload: json, createdAt: timestamp })
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
    id: z.string(),
    deliveryId: z.string(),
    messageId: z.string(),
    endpointId: z.string(),
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
    createdAt: timestamp,
  })
  .openapi("Attempt");
export const attemptList = listResponse(attempt, "AttemptList");
export const count = z.object({ count: z.number().int() }).openapi("Count");
export const importResult = z
  .object({ created: z.array(z.string()), versioned: z.array(z.string()), unchanged: z.array(z.string()) })
  .openapi("EventTypeImport");
