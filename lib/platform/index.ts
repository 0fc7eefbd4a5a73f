/**
 * The runtime underneath every domain: env, ids, crypto, redis, rate limits, email, scheduled jobs. This index is the
 * domain's public face: other lib/ domains import only from here. Modules that import fewer other domains come first,
 * so a domain that imports this index back (a cycle) finds them initialised.
 */

// jobs.ts is left out on purpose: the scheduled-job list reaches into every domain, so only the runtimes that start
// it (instrumentation.ts, scripts/worker.ts, inngest/) import it, and no lib/ import cycle runs through it.

export { decryptSecret, encryptSecret, safeEqual } from "./crypto";
export { withDatabaseDeadline } from "./db-availability";
export { escapeHtml, linkEmail, sendEmail } from "./email";
export { env } from "./env";
export { type Id, ID_PREFIXES, type IdPrefix, idSchema, isId, newId, newToken, optionalIdSchema, toBase62 } from "./ids";
export { notifiedCache } from "./notified-cache";
export { compileSafeRegex, safeTest, UnsafeRegexError } from "./safe-regex";
export { rateLimit, rateLimitHeaders, type RateLimitResult, type RateLimitRule, RULES } from "./ratelimit";
