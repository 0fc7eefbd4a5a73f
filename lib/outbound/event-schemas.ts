import Ajv, { type AnySchemaObject, type ErrorObject, type ValidateFunction } from "ajv";
import Ajv2020 from "ajv/dist/2020";
import addFormats from "ajv-formats";
import { AppError, type FieldIssue, plainAjvMessage } from "@/lib/api";
import { compileSafeRegex } from "@/lib/platform";

/**
 * The JSON Schema engine behind event types: compiling a version's schema (draft 2020-12 or draft-07), a cache of
 * compiled validators by version id, and payload validation reporting dotted paths.
 */

// `pattern` keywords run user regexes on every send, so they go through the linear-time engine too.
const safeRegExp = Object.assign((pattern: string) => compileSafeRegex(pattern), { code: "compileSafeRegex" });

// addUsedSchema: false keeps a user's `$id` out of the shared instance, where it would clash with another
// workspace's schema of the same `$id`. strict: false accepts annotation keywords such as OpenAPI's `example`.
const ajvOptions = { allErrors: true, strict: false, addUsedSchema: false, code: { regExp: safeRegExp } } as const;

const ajv2020 = addFormats(new Ajv2020(ajvOptions));

const ajv07 = addFormats(new Ajv(ajvOptions));

function ajvFor(schema: AnySchemaObject) {
  return typeof schema.$schema === "string" && schema.$schema.includes("draft-07") ? ajv07 : ajv2020;
}

/** Compiled validators by version id. Versions never change, so an entry is never stale; the cap bounds memory. */
const validators = new Map<string, { validate: ValidateFunction; schema: AnySchemaObject }>();

const VALIDATOR_CACHE_LIMIT = 500;

function compile(schema: AnySchemaObject): ValidateFunction {
  const ajv = ajvFor(schema);
  // Checked against its meta-schema first, so each problem is reported at its own path within the schema.
  if (!ajv.validateSchema(schema)) {
    const issues = firstPerPath((ajv.errors ?? []).map(issueOf)).map((i) => ({ path: i.path === "(root)" ? "schema" : `schema.${i.path}`, message: i.message }));
    throw new AppError("validation_failed", `The JSON Schema is invalid. ${issues.slice(0, 3).map((i) => `${i.path}: ${i.message}`).join("; ")}`, { issues });
  }
  try {
    return ajv.compile(schema);
  } catch (error) {
    throw new AppError("validation_failed", `The JSON Schema is invalid: ${(error as Error).message}`, {
      issues: [{ path: "schema", message: (error as Error).message }],
    });
  }
}

function validatorFor(version: { id: string; schema: unknown }): ValidateFunction {
  const cached = validators.get(version.id);
  if (cached) {
    // Refresh its place so the least recently used validator is the one evicted.
    validators.delete(version.id);
    validators.set(version.id, cached);
    return cached.validate;
  }
  const schema = version.schema as AnySchemaObject;
  const validate = compile(schema);
  if (validators.size >= VALIDATOR_CACHE_LIMIT) {
    const [oldestId, oldest] = validators.entries().next().value!;
    validators.delete(oldestId);
    ajvFor(oldest.schema).removeSchema(oldest.schema);
  }
  validators.set(version.id, { validate, schema });
  return validate;
}

/** "/customer/0/id" → "customer.0.id", matching the dotted paths of content filters and zod issues. */
function pointerToPath(pointer: string, extra?: string): string {
  const parts = pointer
    .split("/")
    .slice(1)
    .map((p) => p.replace(/~1/g, "/").replace(/~0/g, "~"));
  if (extra !== undefined) parts.push(extra);
  return parts.length ? parts.join(".") : "(root)";
}

function issueOf(error: ErrorObject): FieldIssue {
  const params = error.params as Record<string, unknown>;
  const child =
    error.keyword === "required"
      ? String(params.missingProperty)
      : error.keyword === "additionalProperties"
        ? String(params.additionalProperty)
        : undefined;
  return { path: pointerToPath(error.instancePath, child), message: plainAjvMessage(error) };
}

/**
 * One issue per path. A failed anyOf reports each branch's failure and then its own; the first, such as the enum of
 * type names under `type`, says the most.
 */
function firstPerPath(issues: FieldIssue[]): FieldIssue[] {
  const seen = new Set<string>();
  return issues.filter((issue) => !seen.has(issue.path) && seen.add(issue.path));
}

/** Validates a payload against a version's schema; returns the failing JSON paths, empty when valid. */
export function validatePayload(version: { id: string; schema: unknown }, payload: unknown): FieldIssue[] {
  if (version.schema == null) return [];
  const validate = validatorFor(version);
  if (validate(payload)) return [];
  return (validate.errors ?? []).map(issueOf);
}

/**
 * Checks a new version's schema is usable (valid against its meta-schema, refs resolvable, patterns safe) and that the
 * sample payload matches it, so the catalog never shows a sample its own schema refuses. Throws a 422.
 */
export function checkSchemaAndSample(schema: Record<string, unknown> | null | undefined, sample: unknown) {
  if (!schema) return;
  const validate = compile(schema);
  try {
    if (sample !== undefined && !validate(sample)) {
      throw new AppError("validation_failed", "The sample payload does not match the schema.", {
        issues: (validate.errors ?? []).map(issueOf).map((i) => ({ path: `samplePayload.${i.path}`, message: i.message })),
      });
    }
  } finally {
    // Only versions that exist are cached; this probe's compiled form is dropped.
    ajvFor(schema).removeSchema(schema);
  }
}
