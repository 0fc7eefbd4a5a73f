import { relations, sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  check,
  customType,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from "drizzle-orm/pg-core";
import { type Id, newId } from "@/lib/platform/ids";
import { endpoints } from "./outbound";
import { workspaces } from "./workspaces";

// The inbound domain's tables (lib/inbound): sources, their requests, tunnel responses and connections.

// Millisecond precision, so that timestamps read into a JS Date round-trip exactly for keyset cursors.
const ms = { withTimezone: true, precision: 3 } as const;

/** Raw bytes: postgres.js reads and writes bytea as a Buffer. */
const bytea = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => "bytea" });

/** One MiB: the default cap on an inbound body, compressed or inflated. */
export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

/**
 * Where providers post: `/in/<token>`. The verification preset (lib/signing/providers.ts) is sealed whole with
 * lib/platform/crypto because it carries the secret; `verification_summary` holds the same preset with its secrets removed,
 * for display. A temporary source is a request bin from the testing page and stops answering at `expires_at`.
 */
export const sources = pgTable(
  "sources",
  {
    id: text("id").$type<Id<"src">>().primaryKey().$defaultFn(() => newId("src")),
    workspaceId: text("workspace_id").notNull().references(() => workspaces.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    description: text("description").notNull().default(""),
    token: text("token").notNull(),
    provider: text("provider").notNull(),
    verificationEncrypted: text("verification_encrypted").notNull(),
    verificationSummary: jsonb("verification_summary").$type<Record<string, unknown>>().notNull(),
    ipAllowlist: text("ip_allowlist").array().notNull().default([]),
    // Requests per minute; null uses RULES.inboundPerSource.
    rateLimitPerMinute: integer("rate_limit_per_minute"),
    maxBodyBytes: integer("max_body_bytes").notNull().default(DEFAULT_MAX_BODY_BYTES),
    // A JSON Schema every accepted body must match; null checks nothing.
    jsonSchema: jsonb("json_schema"),
    // Drop repeats of a provider's delivery id (webhook-id, X-GitHub-Delivery, ...), or of `dedup_header` when set.
    deduplicate: boolean("deduplicate").notNull().default(false),
    dedupHeader: text("dedup_header"),
    temporary: boolean("temporary").notNull().default(false),
    expiresAt: timestamp("expires_at", ms),
    // Rejections beyond the storage limit are counted here instead of stored one by one (see lib/inbound/ingest.ts).
    rejectionsNotStored: integer("rejections_not_stored").notNull().default(0),
    // While a live stream (inspector or listen tunnel) watches this source, each accepted request is announced with
    // NOTIFY. Announcing only then keeps NOTIFY's commit-time lock off the ingest path of unwatched sources.
    liveUntil: timestamp("live_until", ms),
    createdAt: timestamp("created_at", ms).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", ms).notNull().defaultNow(),
  },
  (t) => [
    // Serves the receiver's lookup of a source by the token in its URL.
    uniqueIndex("sources_token").on(t.token),
    // Serves the sources list (newest first, keyset on created_at, id) and the CLI's lookup by name.
    uniqueIndex("sources_workspace_name").on(t.workspaceId, t.name),
    index("sources_workspace_created").on(t.workspaceId, t.createdAt.desc(), t.id.desc()),
    // Serves the purge of expired request bins.
    index("sources_expires").on(t.expiresAt).where(sql`${t.expiresAt} is not null`),
    check("sources_max_body_range", sql`${t.maxBodyBytes} between 1024 and 10485760`),
    check("sources_rate_limit_positive", sql`${t.rateLimitPerMinute} is null or ${t.rateLimitPerMinute} > 0`),
  ],
);

export const INBOUND_VERDICTS = ["accepted", "rejected"] as const;
export const inboundVerdictEnum = pgEnum("inbound_verdict", INBOUND_VERDICTS);

/**
 * Every request a source received, accepted or rejected, stored before anything parses it: the body as the bytes that
 * were verified (after Content-Encoding was decoded) and the headers as [name, value] pairs in arrival order.
 * `seq` orders a source's requests for the live stream and its Last-Event-ID.
 */
export const inboundRequests = pgTable(
  "inbound_requests",
  {
    id: text("id").$type<Id<"req">>().primaryKey().$defaultFn(() => newId("req")),
    // No foreign key here: the source's (which cascades from the workspace) already ties the row to its workspace,
    // and every foreign key costs the receiver's INSERT a lookup and a lock on the referenced row.
    workspaceId: text("workspace_id").notNull(),
    sourceId: text("source_id").$type<Id<"src">>().notNull().references(() => sources.id, { onDelete: "cascade" }),
    seq: bigint("seq", { mode: "number" }).notNull().generatedAlwaysAsIdentity(),
    method: text("method").notNull(),
    // The part of the URL path after /in/<token>, "" for none.
    path: text("path").notNull().default(""),
    // The query string without its "?", "" for none.
    query: text("query").notNull().default(""),
    headers: jsonb("headers").$type<[string, string][]>().notNull(),
    // Null when the body was refused before it was read whole (too large, undecodable), or purged (body_purged_at).
    body: bytea("body"),
    // Set when the retention purge (lib/retention) cleared the body.
    bodyPurgedAt: timestamp("body_purged_at", ms),
    bodySize: integer("body_size").notNull(),
    ip: text("ip"),
    verdict: inboundVerdictEnum("verdict").notNull(),
    // The HTTP status the sender was answered with.
    status: integer("status").notNull(),
    // A short machine reason for a rejection (e.g. "timestamp_too_old") and the explanation shown to users.
    reason: text("reason"),
    detail: text("detail"),
    // The provider's delivery id, when its preset carries one.
    deliveryId: text("delivery_id"),
    // Set on accepted requests of deduplicating sources; a repeat only increments duplicate_count.
    dedupKey: text("dedup_key"),
    duplicateCount: integer("duplicate_count").notNull().default(0),
    lastDuplicateAt: timestamp("last_duplicate_at", ms),
    // The outbound messages its connections made of it.
    messageIds: text("message_ids").array().$type<Id<"msg">[]>().notNull().default([]),
    createdAt: timestamp("created_at", ms).notNull().defaultNow(),
  },
  (t) => [
    // Serves a source's request log (newest first, keyset on seq) and the live stream's catch-up after a sequence
    // number. One index for both keeps the receiver's INSERT cheap.
    uniqueIndex("inbound_requests_source_seq").on(t.sourceId, t.seq),
    // Serves de-duplication: one accepted request per delivery id and source.
    uniqueIndex("inbound_requests_dedup").on(t.sourceId, t.dedupKey).where(sql`${t.dedupKey} is not null`),
    // Serves the alert rule on verification failures (lib/alerts/evaluate.ts): a source's rejected requests in a
    // time window. Partial, so the accepted requests that are the receiver's hot path never write to it.
    index("inbound_requests_source_rejected_created").on(t.sourceId, t.createdAt).where(sql`${t.verdict} = 'rejected'`),
  ],
);

/**
 * What a `switchboard listen` tunnel's local target answered for a request, one row per listener. The stream resumes
 * a listener from these rows, so a restarted CLI neither misses nor repeats a request.
 */
export const tunnelResponses = pgTable(
  "tunnel_responses",
  {
    requestId: text("request_id").$type<Id<"req">>().notNull().references(() => inboundRequests.id, { onDelete: "cascade" }),
    listener: text("listener").notNull(),
    workspaceId: text("workspace_id").notNull().references(() => workspaces.id, { onDelete: "cascade" }),
    sourceId: text("source_id").$type<Id<"src">>().notNull().references(() => sources.id, { onDelete: "cascade" }),
    requestSeq: bigint("request_seq", { mode: "number" }).notNull(),
    targetUrl: text("target_url").notNull(),
    // Null when the target could not be reached; `error` then says why.
    status: integer("status"),
    headers: jsonb("headers").$type<Record<string, string>>().notNull().default({}),
    // At most 20 KB of the target's answer.
    body: text("body").notNull().default(""),
    bodyTruncated: boolean("body_truncated").notNull().default(false),
    durationMs: integer("duration_ms").notNull(),
    error: text("error"),
    createdAt: timestamp("created_at", ms).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.requestId, t.listener] }),
    // Serves a listener's resume point: the highest sequence number it answered.
    index("tunnel_responses_listener_seq").on(t.sourceId, t.listener, t.requestSeq.desc()),
  ],
);

/**
 * Routes a source's accepted requests to an outbound endpoint: a content filter over the request (the endpoint
 * filter's operators, lib/outbound/filters.ts) and an optional transformation (lib/inbound/transform.ts).
 */
export const connections = pgTable(
  "connections",
  {
    id: text("id").$type<Id<"con">>().primaryKey().$defaultFn(() => newId("con")),
    workspaceId: text("workspace_id").notNull().references(() => workspaces.id, { onDelete: "cascade" }),
    sourceId: text("source_id").$type<Id<"src">>().notNull().references(() => sources.id, { onDelete: "cascade" }),
    endpointId: text("endpoint_id").$type<Id<"ep">>().notNull().references(() => endpoints.id, { onDelete: "cascade" }),
    name: text("name").notNull().default(""),
    enabled: boolean("enabled").notNull().default(true),
    filter: jsonb("filter"),
    transform: jsonb("transform"),
    // A transformation (lib/payloads/sandbox.ts) run after `transform` while enabled: it may change the message's
    // eventType and payload, or cancel it.
    transformation: text("transformation"),
    transformationEnabled: boolean("transformation_enabled").notNull().default(false),
    createdAt: timestamp("created_at", ms).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", ms).notNull().defaultNow(),
  },
  (t) => [
    // Serves loading a source's connections when it is looked up for a request.
    index("connections_source").on(t.sourceId, t.createdAt),
    // Serves deleting an endpoint's connections with it.
    index("connections_endpoint").on(t.endpointId),
  ],
);

export const sourcesRelations = relations(sources, ({ one, many }) => ({
  workspace: one(workspaces, { fields: [sources.workspaceId], references: [workspaces.id] }),
  requests: many(inboundRequests),
  connections: many(connections),
}));

export const inboundRequestsRelations = relations(inboundRequests, ({ one, many }) => ({
  source: one(sources, { fields: [inboundRequests.sourceId], references: [sources.id] }),
  tunnelResponses: many(tunnelResponses),
}));

export const tunnelResponsesRelations = relations(tunnelResponses, ({ one }) => ({
  request: one(inboundRequests, { fields: [tunnelResponses.requestId], references: [inboundRequests.id] }),
}));

export const connectionsRelations = relations(connections, ({ one }) => ({
  source: one(sources, { fields: [connections.sourceId], references: [sources.id] }),
  endpoint: one(endpoints, { fields: [connections.endpointId], references: [endpoints.id] }),
}));
