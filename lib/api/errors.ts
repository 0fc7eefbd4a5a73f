import { z, ZodError } from "zod";
import { plainZodMessage } from "@/lib/api/validation-messages";
import { type Id, type IdPrefix, isId } from "@/lib/platform/id-types";

// Every zod issue without a message of its own gets a plain sentence instead of zod's wording. This module is on the
// path of every request that validates (routes and actions turn ZodErrors into responses here), so it is set once here.
z.config({ customError: plainZodMessage });

/** Every error code the product returns, with its HTTP status. The one map; routes never pick statuses themselves. */
export const ERROR_STATUS = {
  bad_request: 400,
  invalid_json: 400,
  unauthorized: 401,
  missing_api_key: 401,
  malformed_api_key: 401,
  unknown_api_key: 401,
  expired_api_key: 401,
  revoked_api_key: 401,
  forbidden: 403,
  missing_scope: 403,
  ip_not_allowed: 403,
  not_found: 404,
  method_not_allowed: 405,
  // The request named a host that is not the app's own (lib/auth/origin.ts).
  wrong_host: 421,
  conflict: 409,
  idempotency_conflict: 409,
  idempotency_in_progress: 409,
  duplicate_event: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  validation_failed: 422,
  rate_limited: 429,
  internal_error: 500,
  database_unavailable: 503,
  rate_limit_unavailable: 503,
} as const;

/** How long a client is told to wait (`Retry-After`, seconds) when the database is unavailable. */
export const DATABASE_RETRY_AFTER_SECONDS = 5;

export type ErrorCode = keyof typeof ERROR_STATUS;

export interface FieldIssue {
  path: string;
  message: string;
}

/** An error meant for the caller: its message is safe to show. Anything else is reported as a generic 500. */
export class AppError extends Error {
  constructor(
    public readonly code: ErrorCode,
    message: string,
    /** `headers` go on the error response (a 429's Retry-After); the rest describes the error. */
    public readonly details?: { issues?: FieldIssue[]; headers?: Record<string, string>; [key: string]: unknown },
  ) {
    super(message);
    this.name = "AppError";
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }
}

export const notFound = (what: string) => new AppError("not_found", `${what} was not found.`);

/**
 * `value` (a path segment or form field) as an id of this kind, or not_found for `what` as an unknown id answers: an
 * id with another prefix names no record of this kind, so a typed core function never sees it.
 */
export function idOrNotFound<P extends IdPrefix>(prefix: P, value: string, what: string): Id<P> {
  if (!isId(prefix, value)) throw notFound(what);
  return value;
}

/**
 * Whether the record a URL's path segment names exists: `lookup` gets the decoded id; false when it answers not_found
 * (or the segment is not valid percent-encoding), any other error thrown. Layouts use it to answer 404 for a detail
 * page before the page's loading skeleton starts the stream (after that the status is 200).
 */
export async function foundByPathId(segment: string, lookup: (id: string) => Promise<unknown>): Promise<boolean> {
  let id: string;
  try {
    id = decodeURIComponent(segment);
  } catch {
    return false;
  }
  try {
    await lookup(id);
    return true;
  } catch (error) {
    if (error instanceof AppError && error.code === "not_found") return false;
    throw error;
  }
}

export function zodIssues(error: ZodError): FieldIssue[] {
  return error.issues.map((issue) => ({ path: issue.path.join(".") || "(root)", message: issue.message }));
}

export function validationError(error: ZodError): AppError {
  const issues = zodIssues(error);
  const summary = issues.slice(0, 3).map((i) => `${i.path}: ${i.message}`).join("; ");
  return new AppError("validation_failed", `The request is invalid. ${summary}`, { issues });
}

/**
 * Postgres connection failures, and queries given up on while the database could not be reached
 * (lib/platform/db-availability.ts), mean the database is unavailable, not that the request was bad.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  // Drizzle wraps driver errors in its own, with the driver's error as the cause.
  const e = error as { code?: string; cause?: { code?: string } } | null;
  const code = e?.code ?? e?.cause?.code;
  return (
    code === "ECONNREFUSED" ||
    code === "ECONNRESET" ||
    code === "CONNECT_TIMEOUT" ||
    code === "CONNECTION_CLOSED" ||
    code === "CONNECTION_ENDED" ||
    code === "CONNECTION_DESTROYED" ||
    code === "DATABASE_UNAVAILABLE" ||
    code === "57P01" || // admin_shutdown
    code === "57P03" // cannot_connect_now
  );
}

/** Turns any thrown value into the public error shape. Internal text never reaches the client. */
export function toPublicError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  if (error instanceof ZodError) return validationError(error);
  if (isDatabaseUnavailable(error)) {
    return new AppError("database_unavailable", `The database is unavailable. Retry in ${DATABASE_RETRY_AFTER_SECONDS} seconds.`, {
      headers: { "retry-after": String(DATABASE_RETRY_AFTER_SECONDS) },
    });
  }
  return new AppError("internal_error", "An unexpected error occurred. Retry later; if it persists, contact support with the request id.");
}

export function errorBody(error: AppError, requestId?: string) {
  return {
    error: {
      code: error.code,
      message: error.message,
      ...(error.details?.issues ? { issues: error.details.issues } : {}),
      ...(requestId ? { requestId } : {}),
    },
  };
}
