/**
 * The API's request plumbing shared by every domain: errors, request metadata, keyset pagination, body limits,
 * idempotency and the v1 output schemas. This index is the domain's public face: other lib/ domains import only from
 * here. Modules that import fewer other domains come first, so a domain that imports this index back (a cycle) finds
 * them initialised.
 */

// Not here: actions.ts (the server-action wrapper) needs Next's request runtime (next/headers, the session). Request-bound
// code imports it as "@/lib/api/actions", so the worker, the scripts and the tests that use this index never load Next.

export { AppError, DATABASE_RETRY_AFTER_SECONDS, ERROR_STATUS, type ErrorCode, type FieldIssue, foundByPathId, idOrNotFound, isDatabaseUnavailable, notFound, toPublicError } from "./errors";
export { newestFirst, olderThan } from "./keyset";
export { decodeCursor, pageQuerySchema, toPage } from "./pagination";
export { errorResponse, listResponse, nullableTimestamp, timestamp } from "./v1-schemas";
export { plainAjvMessage } from "./validation-messages";
export { MAX_JSON_DEPTH, valueNestsDeeperThan } from "./body";
export { checkbox, duration, durationList, jsonText, localDateTime, optionalInt, stringList } from "./form-fields";
export { purgeExpiredIdempotencyRecords } from "./idempotency";
export { assertWholeWorkspace, authorize, contextFromApiKey, contextFromPortalSession, memberContextForSlug, portalPermissions, type RequestContext, type RequestMeta, requestMetaFromHeaders, systemContext, systemRequestMeta } from "./request-context";
