import { AppError } from "@/lib/api";
import { rateLimit, rateLimitHeaders, type RateLimitResult, RULES } from "@/lib/platform";

/**
 * A key that passes its checksum but does not exist costs a database query (lib/keys/verify.ts), so such lookups
 * are limited per client address. The limiter counts them; an address it has refused is remembered here until the
 * window ends, so its next lookups are refused before the query, not after. Known keys are never counted.
 */
const refusedUntil = new Map<string, number>();
/** A flood of distinct addresses cannot grow this without bound; the oldest refusal is forgotten first. */
const MAX_REFUSED = 10_000;

function refusal(result: RateLimitResult): AppError {
  return new AppError("rate_limited", "Too many requests with API keys that do not exist from this address. Retry after the time in Retry-After.", {
    headers: rateLimitHeaders(result),
  });
}

/** Throws 429 when the address is refused; call before looking a key up in the database. */
export function assertKeyLookupAllowed(clientIp: string | null) {
  const address = clientIp ?? "unknown";
  const until = refusedUntil.get(address);
  if (until === undefined) return;
  if (until > Date.now()) throw refusal({ success: false, limit: RULES.unknownKeysPerIp.limit, remaining: 0, reset: until });
  refusedUntil.delete(address);
}

/** Counts one lookup that found no key; throws 429 once the address is over its limit. */
export async function countUnknownKey(clientIp: string | null) {
  const address = clientIp ?? "unknown";
  const result = await rateLimit("api:unknown-key", address, RULES.unknownKeysPerIp);
  if (result.success) return;
  if (refusedUntil.size >= MAX_REFUSED) refusedUntil.delete(refusedUntil.keys().next().value!);
  refusedUntil.set(address, result.reset);
  throw refusal(result);
}
