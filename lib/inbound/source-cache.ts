import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { db } from "@/db";
import { connections, endpoints, sources } from "@/db/schema";
import { decryptSecret, type RateLimitRule, RULES } from "@/lib/platform";
import type { ContentFilter } from "@/lib/outbound";
import { type CidrRange, parseCidrList } from "@/lib/net";
import type { InboundVerification } from "@/lib/signing";
import type { Transform } from "@/lib/inbound/transform";
import type { Id } from "@/lib/platform/id-types";

/**
 * The receiver's view of a source, cached in process for a short time so that an accepted request costs one INSERT
 * rather than a lookup and an INSERT. Changes made through this process forget the entry at once; other instances see
 * them within CACHE_TTL_MS, which bounds how long a regenerated token's old URL can still be answered elsewhere.
 */

export const CACHE_TTL_MS = 2_000;
const MAX_ENTRIES = 10_000;

export interface RoutingConnection {
  /** The connection, or "replay" for a request replayed to an endpoint by hand. */
  id: Id<"con"> | "replay";
  endpointId: Id<"ep">;
  filter: ContentFilter | null;
  transform: Transform | null;
  /** The connection's transformation (lib/payloads/sandbox.ts) while enabled, else null. */
  transformation: string | null;
  /** The endpoint's URL, as the transformation's `webhook.url`. */
  endpointUrl: string;
  /** The endpoint's retry schedule, which also says when the first attempt is due. */
  retrySchedule: number[] | null;
}

export interface ReceivingSource {
  id: Id<"src">;
  workspaceId: string;
  name: string;
  provider: string;
  verification: InboundVerification;
  /** Null when any address may post. */
  ipAllowlist: CidrRange[] | null;
  rateLimit: RateLimitRule;
  maxBodyBytes: number;
  jsonSchema: Record<string, unknown> | null;
  /** Identifies this version of the schema for the compiled-validator cache. */
  schemaVersion: string;
  deduplicate: boolean;
  dedupHeader: string | null;
  expiresAt: Date | null;
  liveUntil: Date | null;
  /** Enabled connections whose endpoint is enabled or paused (a disabled endpoint gets no deliveries). */
  connections: RoutingConnection[];
}

type Entry = { loadedAt: number; value: Promise<ReceivingSource | null> };
const cache = new Map<string, Entry>();

async function load(token: string): Promise<ReceivingSource | null> {
  const [row] = await db().select().from(sources).where(eq(sources.token, token));
  if (!row) return null;
  const routes = await db()
    .select({
      id: connections.id,
      endpointId: connections.endpointId,
      filter: connections.filter,
      transform: connections.transform,
      transformation: sql<string | null>`case when ${connections.transformationEnabled} then ${connections.transformation} end`,
      endpointUrl: endpoints.url,
      retrySchedule: endpoints.retrySchedule,
    })
    .from(connections)
    .innerJoin(endpoints, eq(endpoints.id, connections.endpointId))
    .where(and(eq(connections.sourceId, row.id), eq(connections.enabled, true), inArray(endpoints.status, ["enabled", "paused"])))
    .orderBy(asc(connections.createdAt), asc(connections.id));
  const allowlist = parseCidrList(row.ipAllowlist);
  return {
    id: row.id,
    workspaceId: row.workspaceId,
    name: row.name,
    provider: row.provider,
    verification: JSON.parse(decryptSecret(row.verificationEncrypted)) as InboundVerification,
    // Entries are validated when saved, so a list that no longer parses can only mean tampering: refuse everyone.
    ipAllowlist: row.ipAllowlist.length === 0 ? null : allowlist.ok ? allowlist.ranges : [],
    rateLimit: row.rateLimitPerMinute ? { limit: row.rateLimitPerMinute, windowSeconds: 60 } : RULES.inboundPerSource,
    maxBodyBytes: row.maxBodyBytes,
    jsonSchema: (row.jsonSchema as Record<string, unknown> | null) ?? null,
    schemaVersion: `source:${row.id}:${row.updatedAt.getTime()}`,
    deduplicate: row.deduplicate,
    dedupHeader: row.dedupHeader,
    expiresAt: row.expiresAt,
    liveUntil: row.liveUntil,
    connections: routes.map((r) => ({
      id: r.id,
      endpointId: r.endpointId,
      filter: (r.filter as ContentFilter | null) ?? null,
      transform: (r.transform as Transform | null) ?? null,
      transformation: r.transformation,
      endpointUrl: r.endpointUrl,
      retrySchedule: r.retrySchedule,
    })),
  };
}

/** Tokens are base62 (lib/platform/ids newToken); anything else cannot be one and costs no query. */
const TOKEN = /^[0-9A-Za-z]{16,64}$/;

/**
 * The source behind a URL token, or null. Concurrent misses for one token share a single load. Unknown tokens are not
 * remembered, so a flood of made-up ones cannot push real sources out of the cache.
 */
export function receivingSource(token: string, now = Date.now()): Promise<ReceivingSource | null> {
  if (!TOKEN.test(token)) return Promise.resolve(null);
  const entry = cache.get(token);
  if (entry && now - entry.loadedAt < CACHE_TTL_MS) return entry.value;
  if (cache.size >= MAX_ENTRIES) cache.delete(cache.keys().next().value!);
  const value = load(token);
  cache.set(token, { loadedAt: now, value });
  // A failed load (the database is down) must not be served from the cache, nor an unknown token kept.
  const drop = () => cache.get(token)?.value === value && cache.delete(token);
  value.then((source) => source ?? drop(), drop);
  return value;
}

/** Call after a change to a source or its connections commits. */
export function forgetSource(token: string) {
  cache.delete(token);
}

/** Connections change without the token at hand; forgetting everything is cheap and rare. */
export function forgetAllSources() {
  cache.clear();
}
