import { eq } from "drizzle-orm";
import { db, type Tx } from "@/db";
import { apiKeys, workspaces } from "@/db/schema";
import { AppError } from "@/lib/api";
import { hashApiKey, parseApiKey } from "@/lib/keys/format";
import { assertKeyLookupAllowed, countUnknownKey } from "@/lib/keys/unknown-keys";
import { type CidrRange, ipInCidrList, parseCidrList } from "@/lib/net";
import { notifiedCache } from "@/lib/platform";
import type { Id } from "@/lib/platform/id-types";

export interface VerifiedKey {
  id: string;
  workspaceId: string;
  /** The one application the key is limited to, or null for the whole workspace. */
  applicationId: Id<"app"> | null;
  name: string;
  environment: "live" | "test";
  scopes: string[];
  expiresAt: Date | null;
  revokedAt: Date | null;
  /** Null when the key has no allowlist; empty when its stored list no longer parses, which refuses every address. */
  ipRanges: CidrRange[] | null;
  /** The workspace, carried here so rate limiting and ping need no extra query. */
  workspace: { id: string; name: string; slug: string; rateLimitPerMinute: number };
}

// Short enough that a missed notification heals quickly; long enough that hot keys skip the database.
const cache = notifiedCache<VerifiedKey | null>({ channel: "api_key_changed", ttlMs: 5_000 });

/** Revocation and rolls call this inside their transaction: every instance forgets the key when it commits. */
export async function notifyKeyChanged(tx: Tx, hash: string) {
  await cache.invalidate(tx, hash);
}

/**
 * Deleting an application deletes the keys limited to it (the foreign key cascades); called in that transaction
 * before the delete, this makes every instance forget them when it commits, so none works a moment longer.
 * Returns their ids, for the audit row.
 */
export async function forgetApplicationKeys(tx: Tx, applicationId: Id<"app">): Promise<string[]> {
  const keys = await tx.select({ id: apiKeys.id, hash: apiKeys.hash }).from(apiKeys).where(eq(apiKeys.applicationId, applicationId));
  for (const key of keys) await cache.invalidate(tx, key.hash);
  return keys.map((k) => k.id);
}

function toVerified(row: typeof apiKeys.$inferSelect, workspace: VerifiedKey["workspace"]): VerifiedKey {
  const ranges = parseCidrList(row.ipAllowlist);
  // Entries are validated when saved, so a list that no longer parses can only mean tampering: refuse everyone, as sources do.
  const ipRanges = row.ipAllowlist.length === 0 ? null : ranges.ok ? ranges.ranges : [];
  return { id: row.id, workspaceId: row.workspaceId, applicationId: row.applicationId, name: row.name, environment: row.environment, scopes: row.scopes,
    expiresAt: row.expiresAt, revokedAt: row.revokedAt, ipRanges, workspace };
}

async function lookup(hash: string, clientIp: string | null): Promise<VerifiedKey | null> {
  const hit = cache.get(hash);
  if (hit !== undefined) return hit;
  assertKeyLookupAllowed(clientIp);
  const [found] = await db()
    .select({
      row: apiKeys,
      workspace: { id: workspaces.id, name: workspaces.name, slug: workspaces.slug, rateLimitPerMinute: workspaces.apiRateLimitPerMinute },
    })
    .from(apiKeys)
    .innerJoin(workspaces, eq(workspaces.id, apiKeys.workspaceId))
    .where(eq(apiKeys.hash, hash));
  const key: VerifiedKey | null = found ? toVerified(found.row, found.workspace) : null;
  cache.set(hash, key);
  if (!key) await countUnknownKey(clientIp);
  return key;
}

/**
 * Resolves an Authorization header to a key, or throws the precise reason. The checksum is checked first, so typos
 * and garbage never reach the database; lookups of keys that do not exist are limited per address.
 */
export async function verifyApiKey(authorization: string | null, clientIp: string | null): Promise<VerifiedKey> {
  if (!authorization) throw new AppError("missing_api_key", "Send your API key as 'Authorization: Bearer sb_live_…'.");
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
  if (!match) throw new AppError("malformed_api_key", "The Authorization header must be 'Bearer <key>'.");
  const parsed = parseApiKey(match[1]);
  if (!parsed.ok) {
    throw new AppError("malformed_api_key", parsed.reason === "bad_checksum" ? "The API key's checksum does not match: check it was copied whole." : "That is not a Switchboard API key.");
  }
  const key = await lookup(hashApiKey(match[1]), clientIp);
  if (!key) throw new AppError("unknown_api_key", "This API key does not exist.");
  if (key.revokedAt) throw new AppError("revoked_api_key", "This API key was revoked.");
  if (key.expiresAt && key.expiresAt <= new Date()) throw new AppError("expired_api_key", `This API key expired at ${key.expiresAt.toISOString()}.`);
  if (key.ipRanges && !(clientIp && ipInCidrList(clientIp, key.ipRanges))) {
    throw new AppError("ip_not_allowed", `Requests from ${clientIp ?? "an unknown address"} are not allowed for this key.`);
  }
  return key;
}

/** For tests and benchmarks that need a cold cache. */
export function clearKeyCache() {
  cache.clear();
}
