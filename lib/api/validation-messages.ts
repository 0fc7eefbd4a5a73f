import type { ErrorObject } from "ajv";
import type { z } from "zod";

/**
 * Plain sentences for validation failures, in place of the libraries' own wording ("Too big: expected string to have
 * <=128 characters", "must be equal to one of the allowed values"). The path is not part of the sentence: issues
 * carry it beside the message, and forms show the message beside the field. Messages a schema spells out itself
 * ("Give the key a name") are kept: zod consults this map only for issues without one.
 */

const TYPE_NAMES: Record<string, string> = {
  string: "text",
  number: "a number",
  integer: "a whole number",
  int: "a whole number",
  bigint: "a whole number",
  boolean: "true or false",
  object: "an object",
  array: "a list",
  null: "null",
  date: "a date",
  undefined: "absent",
};

const FORMAT_NAMES: Record<string, string> = {
  email: "an email address",
  url: "a URL",
  uri: "a URL",
  "uri-reference": "a URL or a relative reference",
  uuid: "a UUID",
  datetime: "a date and time (ISO 8601, such as 2026-01-31T12:00:00Z)",
  "date-time": "a date and time (ISO 8601, such as 2026-01-31T12:00:00Z)",
  date: "a date (YYYY-MM-DD)",
  time: "a time (HH:MM:SS)",
  ipv4: "an IPv4 address",
  ipv6: "an IPv6 address",
  hostname: "a host name",
  regex: "in the expected format",
};

const typeName = (type: string) => TYPE_NAMES[type] ?? type;
const list = (values: readonly unknown[]) => values.map((v) => (typeof v === "string" ? `"${v}"` : String(v))).join(", ");
const plural = (n: number | bigint, one: string, many: string) => `${n} ${Number(n) === 1 ? one : many}`;

function sizeLimit(direction: "most" | "least", origin: string, limit: number | bigint, inclusive: boolean): string | undefined {
  switch (origin) {
    case "string":
      return `Use at ${direction} ${plural(limit, "character", "characters")}`;
    case "array":
    case "set":
      return `Use at ${direction} ${plural(limit, "item", "items")}`;
    case "number":
    case "int":
    case "bigint":
    case "date":
      if (inclusive) return `Must be at ${direction} ${limit}`;
      return `Must be ${direction === "most" ? "less" : "greater"} than ${limit}`;
    default:
      return undefined;
  }
}

/** The plain sentence for a zod issue that has no message of its own; undefined keeps zod's. */
export function plainZodMessage(issue: z.core.$ZodRawIssue): string | undefined {
  switch (issue.code) {
    case "invalid_type":
      if (issue.input === undefined) return "Required";
      return `Must be ${typeName(issue.expected)}`;
    case "too_big":
      return sizeLimit("most", issue.origin, issue.maximum, issue.inclusive ?? true);
    case "too_small":
      if (issue.origin === "string" && Number(issue.minimum) === 1) return "Must not be empty";
      if (issue.origin === "array" && Number(issue.minimum) === 1) return "Add at least one item";
      return sizeLimit("least", issue.origin, issue.minimum, issue.inclusive ?? true);
    case "invalid_format":
      if (issue.format === "starts_with") return `Must start with "${(issue as { prefix?: string }).prefix}"`;
      if (issue.format === "ends_with") return `Must end with "${(issue as { suffix?: string }).suffix}"`;
      if (issue.format === "includes") return `Must include "${(issue as { includes?: string }).includes}"`;
      return `Must be ${FORMAT_NAMES[issue.format] ?? `a valid ${issue.format}`}`;
    case "invalid_value":
      return issue.values.length === 1 ? `Must be ${list(issue.values)}` : `Must be one of: ${list(issue.values)}`;
    case "not_multiple_of":
      return `Must be a multiple of ${issue.divisor}`;
    case "unrecognized_keys":
      return `Not an accepted field: ${issue.keys.join(", ")}`;
    case "invalid_union":
      return "Does not match any of the accepted forms";
    case "invalid_key":
      return "Has a key that is not accepted";
    case "invalid_element":
      return "Has an entry that is not accepted";
    default:
      return undefined;
  }
}

/** The plain sentence for an Ajv (JSON Schema) error. */
export function plainAjvMessage(error: ErrorObject): string {
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case "required":
      return "Required";
    case "type": {
      const types = String(params.type).split(",");
      return `Must be ${types.map(typeName).join(" or ")}`;
    }
    case "enum": {
      const allowed = (params.allowedValues as unknown[]) ?? [];
      return allowed.length === 1 ? `Must be ${JSON.stringify(allowed[0])}` : `Must be one of: ${allowed.map((v) => JSON.stringify(v)).join(", ")}`;
    }
    case "const":
      return `Must be ${JSON.stringify(params.allowedValue)}`;
    case "minimum":
      return `Must be at least ${params.limit}`;
    case "maximum":
      return `Must be at most ${params.limit}`;
    case "exclusiveMinimum":
      return `Must be greater than ${params.limit}`;
    case "exclusiveMaximum":
      return `Must be less than ${params.limit}`;
    case "multipleOf":
      return `Must be a multiple of ${params.multipleOf}`;
    case "minLength":
      return Number(params.limit) === 1 ? "Must not be empty" : `Use at least ${plural(Number(params.limit), "character", "characters")}`;
    case "maxLength":
      return `Use at most ${plural(Number(params.limit), "character", "characters")}`;
    case "minItems":
      return `Use at least ${plural(Number(params.limit), "item", "items")}`;
    case "maxItems":
      return `Use at most ${plural(Number(params.limit), "item", "items")}`;
    case "uniqueItems":
      return `Must not repeat items (items ${params.j} and ${params.i} are the same)`;
    case "minProperties":
      return `Use at least ${plural(Number(params.limit), "field", "fields")}`;
    case "maxProperties":
      return `Use at most ${plural(Number(params.limit), "field", "fields")}`;
    case "pattern":
      return `Must match the pattern ${params.pattern}`;
    case "format":
      return `Must be ${FORMAT_NAMES[String(params.format)] ?? `a valid ${params.format}`}`;
    case "additionalProperties":
    case "unevaluatedProperties":
      return "Not an accepted field";
    case "anyOf":
    case "oneOf":
      return "Does not match any of the accepted forms";
    case "not":
      return "Matches a form that is not accepted";
    case "dependentRequired":
    case "dependencies":
      return `Required when ${params.property} is present`;
    default:
      // Keywords not listed here keep Ajv's text, made into a sentence.
      return error.message ? error.message.charAt(0).toUpperCase() + error.message.slice(1) : "Not accepted";
  }
}
