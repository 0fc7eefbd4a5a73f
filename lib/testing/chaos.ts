import { z } from "zod";
import { AppError, ERROR_STATUS, type FieldIssue } from "@/lib/api";

/**
 * The chaos receiver (`/api/chaos`, any path below it, any method): a webhook receiver Switchboard serves itself that
 * answers as its query string asks, to rehearse retries, timeouts, Retry-After and alerts against a real HTTP answer.
 *
 *   status       the status to answer, 200-599 (default 200)
 *   latency      milliseconds to wait before answering, 0-30000 (default 0)
 *   retryAfter   a Retry-After header, in whole seconds, 0-86400
 *   bodySize     the response body's size in bytes, 0-1048576 (default: a short JSON description of the answer)
 *
 * It is built so that it cannot be turned against anyone: it makes no outbound request of any kind (nothing in the
 * query is a URL or a host), it reflects nothing from the request into the response (so it cannot serve a caller's
 * content from Switchboard's origin), and what one request can cost is capped (the latency, the body size, and the
 * number of requests held waiting at once). Anything else in the query is refused with a 400 naming it, so a typo
 * ("latncy") is not silently a 200.
 */

export const CHAOS_LIMITS = {
  minStatus: 200,
  maxStatus: 599,
  maxLatencyMs: 30_000,
  maxRetryAfterSeconds: 86_400,
  maxBodyBytes: 1024 * 1024,
  /** Requests waiting out their latency at once, per process; more are refused with 429 until some finish. */
  maxWaiting: 64,
} as const;

/** Statuses whose responses carry no body (RFC 9110), so a bodySize is refused with them. */
const BODYLESS = new Set([204, 205, 304]);

const integer = (name: string, min: number, max: number, unit = "") =>
  z
    .string()
    .regex(/^\d+$/, `${name} must be a whole number${unit ? ` of ${unit}` : ""}`)
    .transform(Number)
    .pipe(z.number().min(min, `${name} must be at least ${min}${unit ? ` ${unit}` : ""}`).max(max, `${name} must be at most ${max}${unit ? ` ${unit}` : ""}`));

export const chaosQuerySchema = z
  .strictObject({
    status: integer("status", CHAOS_LIMITS.minStatus, CHAOS_LIMITS.maxStatus).default(200),
    latency: integer("latency", 0, CHAOS_LIMITS.maxLatencyMs, "milliseconds").default(0),
    retryAfter: integer("retryAfter", 0, CHAOS_LIMITS.maxRetryAfterSeconds, "seconds").optional(),
    bodySize: integer("bodySize", 0, CHAOS_LIMITS.maxBodyBytes, "bytes").optional(),
  })
  .superRefine((plan, ctx) => {
    if (BODYLESS.has(plan.status) && plan.bodySize) {
      ctx.addIssue({ code: "custom", path: ["bodySize"], message: `a ${plan.status} response has no body; leave bodySize out` });
    }
  });

export type ChaosPlan = z.output<typeof chaosQuerySchema>;

/** The parameters in the order a URL builder writes them. */
export const CHAOS_PARAMETERS = ["status", "latency", "retryAfter", "bodySize"] as const;

/** Reads the plan from a query string; throws a 400 `bad_request` naming every wrong parameter. */
export function parseChaosQuery(search: URLSearchParams): ChaosPlan {
  const issues: FieldIssue[] = [];
  const values: Record<string, string> = {};
  for (const [name, value] of search) {
    if (name in values) issues.push({ path: name, message: `${name} is given more than once` });
    values[name] = value;
  }
  const parsed = chaosQuerySchema.safeParse(values);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      if (issue.code === "unrecognized_keys") {
        for (const key of issue.keys) issues.push({ path: key, message: `${key} is not a chaos parameter (use ${CHAOS_PARAMETERS.join(", ")})` });
      } else {
        issues.push({ path: issue.path.join("."), message: issue.message });
      }
    }
  }
  if (issues.length || !parsed.success) {
    throw new AppError("bad_request", `The chaos receiver cannot answer this: ${issues.map((i) => i.message).join("; ")}.`, { issues });
  }
  return parsed.data;
}

/** A body of exactly `size` bytes (ASCII, so bytes are characters). */
function filler(size: number): string {
  const unit = "chaos receiver filler. ";
  return unit.repeat(Math.ceil(size / unit.length)).slice(0, size);
}

function errorResponse(error: AppError): Response {
  const { issues, headers } = error.details ?? {};
  return Response.json(
    { error: { code: error.code, message: error.message, ...(issues ? { issues } : {}) } },
    { status: ERROR_STATUS[error.code], headers: { "cache-control": "no-store", ...headers } },
  );
}

/** Resolves after `ms`, or early when the caller gave up (its connection closed): nothing is held for nobody. */
function wait(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (ms === 0 || signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    }
    signal.addEventListener("abort", done);
  });
}

let waiting = 0;

/** The answer to one request to the chaos receiver. The request's body is never read. */
export async function chaosResponse(request: Request): Promise<Response> {
  let plan: ChaosPlan;
  try {
    plan = parseChaosQuery(new URL(request.url).searchParams);
  } catch (error) {
    if (error instanceof AppError) return errorResponse(error);
    throw error;
  }
  if (plan.latency > 0) {
    if (waiting >= CHAOS_LIMITS.maxWaiting) {
      return errorResponse(
        new AppError("rate_limited", `The chaos receiver is already holding ${CHAOS_LIMITS.maxWaiting} delayed requests; retry in a moment.`, { headers: { "retry-after": "1" } }),
      );
    }
    waiting++;
    try {
      await wait(plan.latency, request.signal);
    } finally {
      waiting--;
    }
  }
  const headers: Record<string, string> = { "cache-control": "no-store", "x-chaos-status": String(plan.status), "x-chaos-latency-ms": String(plan.latency) };
  if (plan.retryAfter !== undefined) headers["retry-after"] = String(plan.retryAfter);
  if (BODYLESS.has(plan.status)) return new Response(null, { status: plan.status, headers });
  if (plan.bodySize !== undefined) {
    return new Response(filler(plan.bodySize), { status: plan.status, headers: { ...headers, "content-type": "text/plain; charset=utf-8" } });
  }
  return Response.json({ chaos: plan }, { status: plan.status, headers });
}
