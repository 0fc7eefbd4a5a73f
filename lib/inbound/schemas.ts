import { z } from "zod";
import { anyJson as json, listResponse, nullableTimestamp, timestamp } from "@/lib/api/v1-schemas";
import { PROVIDERS } from "@/lib/inbound/presets";
import { idSchema } from "@/lib/platform/id-types";

/**
 * The inbound resources as the API and the dashboard see them: the one source of their shapes. Every response passes
 * through one of these, so nothing outside them (a sealed preset, a token-bearing field) can leak by accident; each
 * type is inferred from its schema, and the OpenAPI document registers them. Client-safe (zod only), so a client
 * component may import a type from here.
 */

export const sourceOut = z
  .object({
    id: idSchema("src"),
    name: z.string(),
    description: z.string(),
    url: z.string().describe("Where the provider posts. Keep it private: anyone with it can post (verification decides what is accepted)."),
    provider: z.enum(PROVIDERS),
    verification: z.record(z.string(), z.unknown()).describe("The verification preset without its secrets; `withheld` names the fields left out."),
    ipAllowlist: z.array(z.string()),
    rateLimitPerMinute: z.number().int().nullable(),
    maxBodyBytes: z.number().int(),
    jsonSchema: z.record(z.string(), z.unknown()).nullable(),
    deduplicate: z.boolean(),
    dedupHeader: z.string().nullable(),
    temporary: z.boolean(),
    expiresAt: nullableTimestamp,
    rejectionsNotStored: z.number().int().describe("Rejections beyond the storage limit, counted instead of stored."),
    createdAt: timestamp,
    updatedAt: timestamp,
  })
  .openapi("Source");
export const sourceList = listResponse(sourceOut, "SourceList");

export const sourceSecretOut = z
  .object({
    provider: z.enum(PROVIDERS),
    secrets: z.object({ secret: z.string().optional(), password: z.string().optional(), value: z.string().optional() }),
  })
  .openapi("SourceSecret");

export const tunnelResponseOut = z
  .object({
    requestId: idSchema("req"),
    listener: z.string(),
    targetUrl: z.string(),
    status: z.number().int().nullable(),
    headers: z.record(z.string(), z.string()),
    body: z.string(),
    bodyTruncated: z.boolean(),
    durationMs: z.number().int(),
    error: z.string().nullable(),
    createdAt: timestamp,
  })
  .openapi("TunnelResponse");

export const inboundRequestOut = z
  .object({
    id: idSchema("req"),
    sourceId: idSchema("src"),
    seq: z.number().int(),
    method: z.string(),
    path: z.string().describe("The URL path after /in/<token>."),
    query: z.string(),
    headers: z.array(z.tuple([z.string(), z.string()])).describe("As received, in order."),
    body: z.string().nullable().describe("The body as base64 (after Content-Encoding was undone); null when refused before it was read, or purged (bodyPurged)."),
    bodyPurged: z.boolean().describe("The workspace's retention purge cleared the body (its metadata is kept)."),
    bodySize: z.number().int(),
    ip: z.string().nullable(),
    verdict: z.enum(["accepted", "rejected"]),
    status: z.number().int().describe("What the sender was answered."),
    reason: z.string().nullable().describe("Why it was rejected, e.g. `timestamp_too_old`."),
    detail: z.string().nullable().describe("The explanation shown in the dashboard."),
    deliveryId: z.string().nullable(),
    duplicateCount: z.number().int(),
    lastDuplicateAt: nullableTimestamp,
    messageIds: z.array(z.string()).describe("Outbound messages its connections made of it."),
    createdAt: timestamp,
  })
  .openapi("InboundRequest");
export const inboundRequestList = listResponse(inboundRequestOut, "InboundRequestList");
export const inboundRequestDetail = inboundRequestOut.extend({ tunnelResponses: z.array(tunnelResponseOut) }).openapi("InboundRequestDetail");

export const connectionOut = z
  .object({
    id: idSchema("con"),
    sourceId: idSchema("src"),
    endpointId: idSchema("ep"),
    name: z.string(),
    enabled: z.boolean(),
    filter: json,
    transform: json,
    transformation: z.string().nullable().describe("JavaScript, function handler(webhook) { ...; return webhook }, run after transform while transformationEnabled: it may change webhook.eventType and webhook.payload, or set webhook.cancel."),
    transformationEnabled: z.boolean(),
    createdAt: timestamp,
    updatedAt: timestamp,
  })
  .openapi("Connection");
export const connectionList = z.object({ data: z.array(connectionOut) }).openapi("ConnectionList");

export const replayOut = z
  .discriminatedUnion("kind", [
    z.object({ kind: z.literal("endpoint"), messageId: idSchema("msg"), endpointId: idSchema("ep") }),
    z.object({
      kind: z.literal("url"),
      url: z.string(),
      ok: z.boolean(),
      status: z.number().int().nullable(),
      headers: z.record(z.string(), z.string()),
      body: z.string(),
      durationMs: z.number().int(),
      error: z.string().nullable(),
    }),
  ])
  .openapi("ReplayResult");

export const deletedOut = z.object({ id: z.string(), deleted: z.literal(true) }).openapi("Deleted");

export type SourceView = z.infer<typeof sourceOut>;
export type TunnelResponseView = z.infer<typeof tunnelResponseOut>;
export type InboundRequestView = z.infer<typeof inboundRequestOut>;
export type ConnectionView = z.infer<typeof connectionOut>;
