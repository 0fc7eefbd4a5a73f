import Ajv2020, { type ValidateFunction } from "ajv/dist/2020";
import addFormats from "ajv-formats";
import { GET as openApiDocument } from "@/app/api/v1/openapi.json/route";

/**
 * The API contract check: every response an /api/v1 route handler gives a test is held against the OpenAPI document
 * the API publishes (GET /api/v1/openapi.json). Its status must be documented for that operation, its content type
 * too, its required headers present and its JSON body valid against the documented schema; otherwise the handler
 * call throws and the test fails. tests/setup/contract.ts wraps every route module with it, so the document cannot
 * drift from what the code answers.
 */

const HTTP_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const;
const PREFIX = "/api/v1";

interface MediaType {
  schema?: object;
}
interface ResponseObject {
  description: string;
  headers?: Record<string, { required?: boolean }>;
  content?: Record<string, MediaType>;
}
interface OpenApiDocument {
  paths: Record<string, Record<string, { responses: Record<string, ResponseObject> }>>;
}

interface Operation {
  method: string;
  template: string;
  pattern: RegExp;
  literals: number;
  responses: Record<string, ResponseObject>;
}

interface Contract {
  operations: Operation[];
  validator(operation: Operation, status: string, mediaType: string): ValidateFunction;
}

export class ContractViolation extends Error {
  name = "ContractViolation";
}

let contract: Promise<Contract> | undefined;

async function loadContract(): Promise<Contract> {
  const document = (await openApiDocument().json()) as OpenApiDocument;
  const ajv = addFormats(new Ajv2020({ allErrors: true, strict: false }));
  // The whole document is one schema resource, so the responses' "#/components/schemas/..." references resolve in it.
  ajv.addSchema({ ...document, $id: "openapi.json" });
  const operations: Operation[] = [];
  for (const [template, methods] of Object.entries(document.paths)) {
    const segments = template.split("/").filter(Boolean);
    const pattern = new RegExp(`^${segments.map((s) => (s.startsWith("{") ? "/[^/]+" : `/${s.replace(/[.*+?^$()[\]\\|]/g, "\\$&")}`)).join("")}$`);
    for (const [method, operation] of Object.entries(methods)) {
      if (!HTTP_METHODS.includes(method.toUpperCase() as never)) continue;
      operations.push({ method: method.toUpperCase(), template, pattern, literals: segments.filter((s) => !s.startsWith("{")).length, responses: operation.responses });
    }
  }
  const compiled = new Map<string, ValidateFunction>();
  const pointer = (...parts: string[]) => parts.map((p) => p.replaceAll("~", "~0").replaceAll("/", "~1")).join("/");
  return {
    operations,
    validator(operation, status, mediaType) {
      const ref = `openapi.json#/${pointer("paths", operation.template, operation.method.toLowerCase(), "responses", status, "content", mediaType, "schema")}`;
      let validate = compiled.get(ref);
      if (!validate) compiled.set(ref, (validate = ajv.compile({ $ref: ref })));
      return validate;
    },
  };
}

function findOperation(operations: Operation[], method: string, path: string): Operation | undefined {
  return operations
    .filter((operation) => operation.method === method && operation.pattern.test(path))
    .sort((a, b) => b.literals - a.literals)[0];
}

/**
 * Throws a ContractViolation when the response is not one the document describes for `method` on `pathname` (an
 * /api/v1 path with its parameters filled in).
 */
export async function checkResponse(method: string, pathname: string, response: Response): Promise<void> {
  const { operations, validator } = await (contract ??= loadContract());
  const path = pathname.startsWith(PREFIX) ? pathname.slice(PREFIX.length) : pathname;
  const request = `${method} ${pathname}`;
  const operation = findOperation(operations, method, path);
  if (!operation) throw new ContractViolation(`${request}: no operation in the OpenAPI document matches this request.`);

  const status = String(response.status);
  const name = `${method} ${operation.template}`;
  const documented = operation.responses[status] ?? operation.responses.default;
  if (!documented) {
    const body = await response.clone().text();
    throw new ContractViolation(`${request} answered ${status}, which ${name} does not document (it documents ${Object.keys(operation.responses).join(", ")}). Body: ${body.slice(0, 500)}`);
  }

  for (const [header, spec] of Object.entries(documented.headers ?? {})) {
    if (spec.required && !response.headers.has(header)) throw new ContractViolation(`${request} answered ${status} without its documented ${header} header.`);
  }

  const mediaTypes = Object.keys(documented.content ?? {});
  const contentType = (response.headers.get("content-type") ?? "").split(";")[0].trim();
  if (mediaTypes.length === 0) {
    const body = await response.clone().text();
    if (body !== "") throw new ContractViolation(`${request} answered ${status} with a body, where ${name} documents none: ${body.slice(0, 500)}`);
    return;
  }
  if (!mediaTypes.includes(contentType)) {
    throw new ContractViolation(`${request} answered ${status} as "${contentType}", where ${name} documents ${mediaTypes.join(", ")}.`);
  }
  // An event stream stays open; its type is all that can be checked without consuming it.
  if (contentType !== "application/json") return;
  const body: unknown = await response.clone().json();
  const validate = validator(operation, documented === operation.responses.default ? "default" : status, contentType);
  if (!validate(body)) {
    const problems = (validate.errors ?? []).map((e) => `${e.instancePath || "(root)"} ${e.message}${e.params && "additionalProperty" in e.params ? ` (${String(e.params.additionalProperty)})` : ""}`);
    throw new ContractViolation(`${request} answered ${status} with a body that does not match ${name}'s schema: ${problems.join("; ")}. Body: ${JSON.stringify(body).slice(0, 500)}`);
  }
}

type Handler = (request: Request, context?: { params?: Promise<Record<string, string>> }) => Promise<Response>;

/**
 * A route module whose HTTP handlers check each response they give against the document before returning it.
 * `route` is the module's path under app/ ("/api/v1/endpoints/[id]/[action]"): which handler answered decides the
 * operation, whatever URL the test's request carries; the route's parameters fill in its dynamic segments.
 */
export function checkedRouteModule<M extends Record<string, unknown>>(module: M, route: string): M {
  const checked: Record<string, unknown> = { ...module };
  for (const method of HTTP_METHODS) {
    const handler = module[method] as Handler | undefined;
    if (typeof handler !== "function") continue;
    checked[method] = async (request: Request, context?: { params?: Promise<Record<string, string>> }) => {
      const response = await handler(request, context);
      const params = (await context?.params) ?? {};
      const pathname = route.replace(/\[([^\]]+)\]/g, (_, name: string) => encodeURIComponent(params[name] || `{${name}}`));
      await checkResponse(method, pathname, response);
      return response;
    };
  }
  return checked as M;
}
