import { AppError, type ErrorCode } from "@/lib/api";

/**
 * Errors in Svix's shape, so the `svix` SDK raises its own ApiException with the status and body it expects:
 * `{code, detail}` for every 4xx and 5xx, and for a 422 `{detail: [{loc, msg, type}]}` (its HTTPValidationError), the
 * `loc` of a body field being `["body", ...path]`.
 */

// Svix's codes where ours differ in name; the rest keep ours (their meaning is in docs/svix-migration.md).
const SVIX_CODES: Partial<Record<ErrorCode, string>> = {
  duplicate_event: "conflict",
  idempotency_conflict: "conflict",
  idempotency_in_progress: "conflict",
  missing_api_key: "authentication_failed",
  malformed_api_key: "authentication_failed",
  unknown_api_key: "authentication_failed",
  expired_api_key: "authentication_failed",
  revoked_api_key: "authentication_failed",
  unauthorized: "authentication_failed",
  missing_scope: "insufficient_access",
  forbidden: "insufficient_access",
};

/** Where a field issue of ours points, as Svix's `loc`; a path of the query string is marked so (`query.limit`). */
function loc(path: string): string[] {
  if (path === "(root)" || path === "") return ["body"];
  const [first, ...rest] = path.split(".");
  return first === "query" ? ["query", ...rest] : ["body", first, ...rest];
}

/** The status and body Svix would answer this error with (apiRoute's errorShape for the Svix routes). */
export function svixErrorShape(error: AppError): { status: number; body: unknown } {
  if (error.status === 422) {
    const issues = error.details?.issues?.length ? error.details.issues : [{ path: "(root)", message: error.message }];
    return { status: 422, body: { detail: issues.map((issue) => ({ loc: loc(issue.path), msg: issue.message, type: "value_error" })) } };
  }
  return { status: error.status, body: { code: SVIX_CODES[error.code] ?? error.code, detail: error.message } };
}

/** A 422 for one field, in the shape svixErrorShape turns into Svix's `detail` list. */
export const invalidField = (path: string, message: string) => new AppError("validation_failed", `${path}: ${message}`, { issues: [{ path, message }] });

/** A field or query parameter of Svix's that Switchboard does not implement: refused, never silently ignored. */
export const unsupportedField = (path: string, what: string) => invalidField(path, `${what} is not supported by Switchboard's Svix-compatible API (docs/svix-migration.md).`);

/** Refuses the listed query parameters when present. */
export function refuseQuery(query: URLSearchParams, names: readonly string[]) {
  for (const name of names) if (query.has(name)) throw unsupportedField(`query.${name}`, `The ${name} filter`);
}
