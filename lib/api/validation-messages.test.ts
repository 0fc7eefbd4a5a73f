import Ajv2020 from "ajv/dist/2020";
import addFormats from "ajv-formats";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { validationError } from "@/lib/api/errors";
import { plainAjvMessage } from "@/lib/api/validation-messages";

/** The issues a schema reports for an input, as the API returns them. */
function issues(schema: z.ZodType, input: unknown) {
  const result = schema.safeParse(input);
  if (result.success) throw new Error("expected a validation failure");
  return validationError(result.error).details!.issues;
}

describe("zod issues in plain sentences", () => {
  it("say what is wrong, at the same JSON path", () => {
    const schema = z.object({
      name: z.string().max(128),
      description: z.string().min(1),
      amount: z.number().int().min(0),
      ratio: z.number().lt(1),
      tags: z.array(z.string()).max(2),
      kind: z.enum(["stripe", "github"]),
      contact: z.object({ email: z.email(), site: z.url() }),
      mode: z.literal("live"),
    });
    const found = issues(schema, {
      name: "x".repeat(129),
      description: "",
      amount: 1.5,
      ratio: 1,
      tags: ["a", "b", "c"],
      kind: "slack",
      contact: { email: "nope", site: "not a url" },
      mode: "test",
    });
    expect(found).toEqual([
      { path: "name", message: "Use at most 128 characters" },
      { path: "description", message: "Must not be empty" },
      { path: "amount", message: "Must be a whole number" },
      { path: "ratio", message: "Must be less than 1" },
      { path: "tags", message: "Use at most 2 items" },
      { path: "kind", message: 'Must be one of: "stripe", "github"' },
      { path: "contact.email", message: "Must be an email address" },
      { path: "contact.site", message: "Must be a URL" },
      { path: "mode", message: 'Must be "live"' },
    ]);
  });

  it("name a missing field as required and a wrong type by what it should be", () => {
    expect(issues(z.object({ url: z.string(), count: z.number(), flags: z.array(z.boolean()) }), { count: "3", flags: [true, "no"] })).toEqual([
      { path: "url", message: "Required" },
      { path: "count", message: "Must be a number" },
      { path: "flags.1", message: "Must be true or false" },
    ]);
    expect(issues(z.strictObject({ a: z.string() }), { a: "x", extra: 1 })).toEqual([{ path: "(root)", message: "Not an accepted field: extra" }]);
  });

  it("keep a message a schema spells out itself", () => {
    expect(issues(z.object({ name: z.string().min(1, "Give the key a name") }), { name: "" })).toEqual([{ path: "name", message: "Give the key a name" }]);
  });

  it("reach the API's summary sentence too", () => {
    const result = z.object({ name: z.string().max(3) }).safeParse({ name: "abcd" });
    expect(validationError(result.error!).message).toBe("The request is invalid. name: Use at most 3 characters");
  });
});

describe("Ajv errors in plain sentences", () => {
  const ajv = addFormats(new Ajv2020({ allErrors: true, strict: false }));

  function messages(schema: object, data: unknown) {
    const validate = ajv.compile(schema);
    expect(validate(data)).toBe(false);
    return validate.errors!.map((e) => [e.instancePath, plainAjvMessage(e)]);
  }

  it("cover the common keywords", () => {
    const schema = {
      type: "object",
      required: ["id"],
      additionalProperties: false,
      properties: {
        id: { type: "string" },
        amount: { type: "integer", minimum: 0 },
        currency: { enum: ["eur", "usd"] },
        email: { type: "string", format: "email" },
        code: { type: "string", pattern: "^[A-Z]{3}$", maxLength: 3 },
        items: { type: "array", minItems: 1, uniqueItems: true },
        note: { type: ["string", "null"] },
      },
    };
    expect(messages(schema, { amount: -1, currency: "gbp", email: "x", code: "abcd", items: [], note: 3, other: true })).toEqual([
      ["", "Required"],
      ["", "Not an accepted field"],
      ["/amount", "Must be at least 0"],
      ["/currency", 'Must be one of: "eur", "usd"'],
      ["/email", "Must be an email address"],
      ["/code", "Use at most 3 characters"],
      ["/code", "Must match the pattern ^[A-Z]{3}$"],
      ["/items", "Use at least 1 item"],
      ["/note", "Must be text or null"],
    ]);
  });

  it("explain a meta-schema failure such as an unknown type name", () => {
    ajv.validateSchema({ type: "strin" });
    expect(plainAjvMessage(ajv.errors![0])).toBe('Must be one of: "array", "boolean", "integer", "null", "number", "object", "string"');
  });
});
