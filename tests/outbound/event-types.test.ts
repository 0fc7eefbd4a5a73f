import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/db";
import { auditLog } from "@/db/schema";
import { AppError } from "@/lib/api/errors";
import { addEventTypeVersion, createEventType, deleteEventType, getEventType, listEventTypes, resolveEventTypeVersion, updateEventType } from "@/lib/outbound/event-types";
import { importOpenApi } from "@/lib/outbound/openapi-import";
import { validatePayload } from "@/lib/outbound/event-schemas";
import type { RequestContext } from "@/lib/api/request-context";
import { createOwner } from "@/tests/helpers/factories";

const invoiceSchema = {
  type: "object",
  required: ["id", "amount", "customer"],
  properties: {
    id: { type: "string", pattern: "^inv_[0-9]+$" },
    amount: { type: "integer", minimum: 0 },
    customer: {
      type: "object",
      required: ["email"],
      properties: { email: { type: "string", format: "email" } },
      additionalProperties: false,
    },
    lines: { type: "array", items: { type: "object", required: ["sku"] } },
  },
};

let ctx: RequestContext;
let other: RequestContext;

beforeAll(async () => {
  ctx = (await createOwner()).ctx;
  other = (await createOwner()).ctx;
});

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

describe("event type catalog", () => {
  it("creates a type with version 1, audits it, and refuses a duplicate name", async () => {
    const created = await createEventType(
      { name: "invoice.paid", description: "An invoice was paid", featureGroup: "Billing", schema: invoiceSchema, samplePayload: { id: "inv_1", amount: 5, customer: { email: "a@b.co" } } },
      ctx,
    );
    expect(created).toMatchObject({ name: "invoice.paid", featureGroup: "Billing", latestVersion: 1, deprecated: false, archived: false });
    expect(created.versions).toHaveLength(1);
    const audit = await db().select().from(auditLog).where(and(eq(auditLog.workspaceId, ctx.workspaceId), eq(auditLog.action, "event_type.create")));
    expect(audit).toHaveLength(1);

    const dup = await rejection(createEventType({ name: "invoice.paid" }, ctx));
    expect(dup.code).toBe("conflict");
    // The same name in another workspace is fine.
    await expect(createEventType({ name: "invoice.paid" }, other)).resolves.toMatchObject({ name: "invoice.paid" });
  });

  it("refuses bad names, invalid schemas, unsafe patterns and samples that fail their schema", async () => {
    await expect(createEventType({ name: "invoice paid" }, ctx)).rejects.toThrow();
    const badSchema = await rejection(createEventType({ name: "bad.schema", schema: { type: "object", properties: { amount: { type: "nonsense" } } } }, ctx));
    expect(badSchema.code).toBe("validation_failed");
    // Reported at the offending keyword's path in plain words, not as Ajv's "data/type must be equal to one of the allowed values".
    expect(badSchema.details?.issues).toEqual([
      { path: "schema.properties.amount.type", message: 'Must be one of: "array", "boolean", "integer", "null", "number", "object", "string"' },
    ]);
    expect((await rejection(createEventType({ name: "bad.ref", schema: { $ref: "#/$defs/missing" } }, ctx))).code).toBe("validation_failed");
    const unsafe = await rejection(createEventType({ name: "bad.pattern", schema: { type: "string", pattern: "(?<=a)b" } }, ctx));
    expect(unsafe.message).toMatch(/backtracking/);
    const sample = await rejection(createEventType({ name: "bad.sample", schema: invoiceSchema, samplePayload: { id: "x" } }, ctx));
    expect(sample.details?.issues?.map((i) => i.path)).toEqual(expect.arrayContaining(["samplePayload.id", "samplePayload.amount"]));
  });

  it("adds immutable versions, lists, updates flags, deletes, and hides other workspaces' types", async () => {
    const type = await createEventType({ name: "user.created" }, ctx);
    const v2 = await addEventTypeVersion({ eventTypeId: type.id, schema: { type: "object", required: ["userId"] } }, ctx);
    expect(v2.version).toBe(2);
    const full = await getEventType({ idOrName: "user.created" }, ctx);
    expect(full.versions.map((v) => v.version)).toEqual([1, 2]);
    expect(full.latestVersion).toBe(2);

    const resolved = await resolveEventTypeVersion("user.created", undefined, ctx);
    expect(resolved.version.version).toBe(2);
    expect((await resolveEventTypeVersion("user.created", 1, ctx)).version.schema).toBeNull();

    const archived = await updateEventType({ id: type.id, archived: true, deprecated: true }, ctx);
    expect(archived).toMatchObject({ archived: true, deprecated: true, latestVersion: 2 });
    expect((await listEventTypes({}, ctx)).map((t) => t.name)).not.toContain("user.created");
    expect((await listEventTypes({ includeArchived: true }, ctx)).map((t) => t.name)).toContain("user.created");
    expect((await rejection(resolveEventTypeVersion("user.created", undefined, ctx))).message).toMatch(/archived/);

    expect((await rejection(getEventType({ idOrName: type.id }, other))).code).toBe("not_found");
    expect((await rejection(updateEventType({ id: type.id, deprecated: false }, other))).code).toBe("not_found");
    await deleteEventType({ id: type.id }, ctx);
    expect((await rejection(getEventType({ idOrName: type.id }, ctx))).code).toBe("not_found");
  });
});

describe("validatePayload", () => {
  const version = { id: "evtv_test_invoice", schema: invoiceSchema };

  it("accepts a valid payload", () => {
    expect(validatePayload(version, { id: "inv_42", amount: 10, customer: { email: "x@example.com" } })).toEqual([]);
  });

  it("reports every failing JSON path", () => {
    const issues = validatePayload(version, { id: "nope", amount: -1, customer: { extra: true }, lines: [{ sku: "a" }, {}] });
    expect(issues.map((i) => i.path).sort()).toEqual(["amount", "customer.email", "customer.extra", "id", "lines.1.sku"].sort());
  });

  it("reports a root type mismatch as (root)", () => {
    expect(validatePayload(version, [1, 2])).toEqual([{ path: "(root)", message: "Must be an object" }]);
  });

  it("accepts anything when the version has no schema", () => {
    expect(validatePayload({ id: "evtv_none", schema: null }, "whatever")).toEqual([]);
  });

  it("supports draft-07 schemas too", () => {
    const draft7 = { id: "evtv_d7", schema: { $schema: "http://json-schema.org/draft-07/schema#", type: "object", required: ["a"] } };
    expect(validatePayload(draft7, {}).map((i) => i.path)).toEqual(["a"]);
  });
});

describe("OpenAPI import", () => {
  const document = {
    openapi: "3.1.0",
    info: { title: "Acme", version: "1" },
    webhooks: {
      "order.created": {
        post: {
          summary: "An order was created",
          tags: ["Orders"],
          requestBody: {
            content: {
              "application/json": {
                schema: { $ref: "#/components/schemas/Order" },
                example: { id: "o_1", items: [{ sku: "A", children: [] }] },
              },
            },
          },
        },
      },
      "order.cancelled": {
        post: { description: "Cancelled", requestBody: { content: { "application/json": { schema: { type: "object", required: ["id"] } } } } },
      },
    },
    components: {
      schemas: {
        Order: { type: "object", required: ["id", "items"], properties: { id: { type: "string" }, items: { type: "array", items: { $ref: "#/components/schemas/Item" } } } },
        // Recursive: an item has child items.
        Item: { type: "object", required: ["sku"], properties: { sku: { type: "string" }, children: { type: "array", items: { $ref: "#/components/schemas/Item" } } } },
      },
    },
  };

  it("creates one type per webhook with self-contained schemas, then versions only what changed", async () => {
    const first = await importOpenApi({ document }, ctx);
    expect(first).toEqual({ created: ["order.created", "order.cancelled"], versioned: [], unchanged: [] });
    const created = await getEventType({ idOrName: "order.created" }, ctx);
    expect(created).toMatchObject({ description: "An order was created", featureGroup: "Orders" });
    const v1 = created.versions[0];
    expect(v1.samplePayload).toEqual({ id: "o_1", items: [{ sku: "A", children: [] }] });
    expect(validatePayload(v1, { id: "o", items: [{ sku: "A", children: [{}] }] }).map((i) => i.path)).toEqual(["items.0.children.0.sku"]);

    const changed = structuredClone(document);
    changed.webhooks["order.cancelled"].post.requestBody.content["application/json"].schema.required = ["id", "reason"];
    const second = await importOpenApi({ document: changed }, ctx);
    expect(second).toEqual({ created: [], versioned: ["order.cancelled"], unchanged: ["order.created"] });
    expect((await getEventType({ idOrName: "order.cancelled" }, ctx)).latestVersion).toBe(2);
  });

  it("refuses documents that are not 3.1, have no webhooks, or dangle a ref", async () => {
    expect((await rejection(importOpenApi({ document: { openapi: "3.0.3", paths: {} } }, ctx))).code).toBe("validation_failed");
    expect((await rejection(importOpenApi({ document: { openapi: "3.1.0" } }, ctx))).message).toMatch(/no webhooks/);
    const dangling = { openapi: "3.1.0", webhooks: { "a.b": { post: { requestBody: { content: { "application/json": { schema: { $ref: "#/components/schemas/Nope" } } } } } } } };
    expect((await rejection(importOpenApi({ document: dangling }, ctx))).message).toMatch(/Nope/);
  });
});
