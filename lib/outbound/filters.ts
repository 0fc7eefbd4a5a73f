import { isDeepStrictEqual } from "node:util";
import { z } from "zod";
import { compileSafeRegex, safeTest, UnsafeRegexError } from "@/lib/platform";

/**
 * Which messages an endpoint receives: an event-type filter (names, or `prefix.*`) and a content filter over the
 * payload.
 *
 * A content filter is a tree of conditions:
 *   { "path": "data.amount", "op": "gte", "value": 1000 }
 *   { "and": [ ...filters ] }   { "or": [ ...filters ] }
 * Paths are dotted; a numeric segment indexes an array ("items.0.sku"). Operators:
 *   eq, neq          deep JSON equality; neq is true when the path is missing
 *   gt, gte, lt, lte both sides numbers, or both strings (compared by code unit, so ISO dates order correctly);
 *                    any other pairing is false
 *   in, nin          membership in a list by deep equality; nin is true when the path is missing
 *   exists           value true: the path is present (null counts); false: it is absent
 *   regex            the value is a string matching the pattern (no flags; see lib/platform/safe-regex.ts)
 */

export const MAX_FILTER_DEPTH = 6;
export const MAX_FILTER_CONDITIONS = 50;

const pathSchema = z
  .string()
  .min(1)
  .max(256)
  .regex(/^[^.]+(\.[^.]+)*$/, "Use a dotted path such as data.customer.id");

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
const jsonValue: z.ZodType<Json> = z.lazy(() =>
  z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(jsonValue), z.record(z.string(), jsonValue)]),
);

const conditionSchema = z.discriminatedUnion("op", [
  z.strictObject({ path: pathSchema, op: z.enum(["eq", "neq"]), value: jsonValue }),
  z.strictObject({ path: pathSchema, op: z.enum(["gt", "gte", "lt", "lte"]), value: z.union([z.number(), z.string()]) }),
  z.strictObject({ path: pathSchema, op: z.enum(["in", "nin"]), value: z.array(jsonValue).max(100) }),
  z.strictObject({ path: pathSchema, op: z.literal("exists"), value: z.boolean() }),
  z.strictObject({
    path: pathSchema,
    op: z.literal("regex"),
    value: z.string().superRefine((pattern, ctx) => {
      try {
        compileSafeRegex(pattern);
      } catch (error) {
        if (!(error instanceof UnsafeRegexError)) throw error;
        ctx.addIssue({ code: "custom", message: error.message });
      }
    }),
  }),
]);

export type FilterCondition = z.infer<typeof conditionSchema>;
export type ContentFilter = FilterCondition | { and: ContentFilter[] } | { or: ContentFilter[] };

const filterNode: z.ZodType<ContentFilter> = z.lazy(() =>
  z.union([
    z.strictObject({ and: z.array(filterNode).min(1) }),
    z.strictObject({ or: z.array(filterNode).min(1) }),
    conditionSchema,
  ]),
);

function measure(filter: ContentFilter, depth = 1): { depth: number; conditions: number } {
  if ("and" in filter || "or" in filter) {
    const children = "and" in filter ? filter.and : filter.or;
    return children.reduce(
      (acc, child) => {
        const m = measure(child, depth + 1);
        return { depth: Math.max(acc.depth, m.depth), conditions: acc.conditions + m.conditions };
      },
      { depth, conditions: 0 },
    );
  }
  return { depth, conditions: 1 };
}

/** The content filter as stored on an endpoint, bounded so that evaluating it stays cheap during fan-out. */
export const contentFilterSchema = filterNode.superRefine((filter, ctx) => {
  const { depth, conditions } = measure(filter);
  if (depth > MAX_FILTER_DEPTH) ctx.addIssue({ code: "custom", message: `Nest filters at most ${MAX_FILTER_DEPTH} levels deep.` });
  if (conditions > MAX_FILTER_CONDITIONS) {
    ctx.addIssue({ code: "custom", message: `Use at most ${MAX_FILTER_CONDITIONS} conditions in one filter.` });
  }
});

const MISSING = Symbol("missing");

/** The value at a dotted path, or MISSING. Only own properties count, so "__proto__" or "constructor" find nothing. */
function valueAtPath(payload: unknown, path: string): unknown {
  let current: unknown = payload;
  for (const segment of path.split(".")) {
    if (Array.isArray(current)) {
      if (!/^\d+$/.test(segment)) return MISSING;
      const index = Number(segment);
      if (index >= current.length) return MISSING;
      current = current[index];
    } else if (current !== null && typeof current === "object") {
      if (!Object.prototype.hasOwnProperty.call(current, segment)) return MISSING;
      current = (current as Record<string, unknown>)[segment];
    } else {
      return MISSING;
    }
  }
  return current;
}

function compare(actual: unknown, expected: number | string): number | null {
  if (typeof actual === "number" && typeof expected === "number") return actual - expected;
  if (typeof actual === "string" && typeof expected === "string") return actual < expected ? -1 : actual > expected ? 1 : 0;
  return null;
}

// Patterns are compiled once per distinct string; filters repeat across messages, so this saves a compile per match.
const regexCache = new Map<string, RegExp>();
const REGEX_CACHE_LIMIT = 1_000;

function cachedRegex(pattern: string): RegExp {
  let regex = regexCache.get(pattern);
  if (!regex) {
    regex = compileSafeRegex(pattern);
    if (regexCache.size >= REGEX_CACHE_LIMIT) regexCache.delete(regexCache.keys().next().value!);
    regexCache.set(pattern, regex);
  }
  return regex;
}

function evaluateCondition(condition: FilterCondition, payload: unknown): boolean {
  const actual = valueAtPath(payload, condition.path);
  const present = actual !== MISSING;
  switch (condition.op) {
    case "eq":
      return present && isDeepStrictEqual(actual, condition.value);
    case "neq":
      return !present || !isDeepStrictEqual(actual, condition.value);
    case "gt":
    case "gte":
    case "lt":
    case "lte": {
      if (!present) return false;
      const order = compare(actual, condition.value);
      if (order === null || Number.isNaN(order)) return false;
      if (condition.op === "gt") return order > 0;
      if (condition.op === "gte") return order >= 0;
      if (condition.op === "lt") return order < 0;
      return order <= 0;
    }
    case "in":
      return present && condition.value.some((v) => isDeepStrictEqual(actual, v));
    case "nin":
      return !present || !condition.value.some((v) => isDeepStrictEqual(actual, v));
    case "exists":
      return present === condition.value;
    case "regex":
      return typeof actual === "string" && safeTest(cachedRegex(condition.value), actual);
  }
}

/** True when the payload satisfies the filter; a null filter matches everything. */
export function matchesContentFilter(filter: ContentFilter | null | undefined, payload: unknown): boolean {
  if (!filter) return true;
  if ("and" in filter) return filter.and.every((child) => matchesContentFilter(child, payload));
  if ("or" in filter) return filter.or.some((child) => matchesContentFilter(child, payload));
  return evaluateCondition(filter, payload);
}

/** An entry of an endpoint's event-type filter: an exact name, or `prefix.*` for every type under the prefix. */
export const eventTypeFilterEntrySchema = z
  .string()
  .max(128)
  .regex(/^[a-zA-Z0-9_-]+(\.[a-zA-Z0-9_-]+)*(\.\*)?$/, "Use an event type name such as invoice.paid, or invoice.* for a group");

/** True when the endpoint subscribes to this type; null subscribes to every type. */
export function matchesEventType(filter: readonly string[] | null | undefined, eventType: string): boolean {
  if (filter == null) return true;
  return filter.some((entry) => (entry.endsWith(".*") ? eventType.startsWith(entry.slice(0, -1)) : entry === eventType));
}
