// Connection transformations and the request context they read: templates, event types, body parsing.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { applyTransform, defaultEventType, lookup, normaliseEventType, parseBody, requestContext, transformSchema } from "@/lib/inbound/transform";

const context = (body: unknown, headers: Record<string, string> = {}) =>
  requestContext({ method: "POST", path: "/x", query: "a=1&b=two", headers: Object.entries(headers), body: Buffer.from(typeof body === "string" ? body : JSON.stringify(body)) });

describe("templates", () => {
  it("takes whole values as they are and interpolates inside strings", () => {
    const ctx = context({ repo: { name: "api", stars: 5 }, tags: ["a", "b"], empty: null }, { "x-github-event": "push" });
    const result = applyTransform(
      { eventType: "github.{{headers.x-github-event}}", payload: { name: "{{body.repo.name}}", stars: "{{ body.repo.stars }}", tags: "{{body.tags}}", first: "{{body.tags.0}}", text: "{{body.repo.name}} has {{body.repo.stars}} stars", missing: "{{body.nope}}", nothing: "[{{body.empty}}]", method: "{{method}}", q: "{{query.b}}", list: ["{{body.repo}}"] } },
      "generic_hmac",
      ctx,
    );
    expect(result).toEqual({
      ok: true,
      eventType: "github.push",
      payload: { name: "api", stars: 5, tags: ["a", "b"], first: "a", text: "api has 5 stars", missing: null, nothing: "[]", method: "POST", q: "two", list: [{ name: "api", stars: 5 }] },
    });
  });

  it("property: a whole reference returns exactly the value at the path", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const result = applyTransform({ payload: { v: "{{body.value}}" } }, "none", context({ value }));
        // JSON round-trips -0 to 0, as the body did.
        expect(result.ok && (result.payload as { v: unknown }).v).toEqual(JSON.parse(JSON.stringify({ value })).value ?? null);
      }),
    );
  });

  it("cannot reach prototypes or anything outside the request", () => {
    const ctx = context({ a: 1 });
    for (const path of ["body.__proto__", "body.constructor", "body.a.constructor", "headers.__proto__.polluted", "toString"]) expect(lookup(ctx, path)).toBeUndefined();
    expect(transformSchema.safeParse({ payload: "{{process.env}}" }).success).toBe(false);
    expect(transformSchema.safeParse({ payload: Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, "{{body}}"])) }).success).toBe(false);
  });

  it("refuses output beyond the size cap instead of building it", () => {
    const big = "x".repeat(200_000);
    const result = applyTransform({ payload: Array.from({ length: 30 }, () => "{{body}}") }, "none", context(big));
    expect(result).toMatchObject({ ok: false });
  });

  it("sends the body as it is without a payload template", () => {
    expect(applyTransform(null, "none", context({ type: "invoice.paid", id: 1 }))).toEqual({ ok: true, eventType: "invoice.paid", payload: { type: "invoice.paid", id: 1 } });
  });
});

describe("event types", () => {
  it("reads each provider's event from where it puts it", () => {
    expect(defaultEventType("github", context({}, { "x-github-event": "pull_request" }))).toBe("github.pull_request");
    expect(defaultEventType("shopify", context({}, { "x-shopify-topic": "orders/create" }))).toBe("shopify.orders.create");
    expect(defaultEventType("stripe", context({ type: "charge.succeeded" }))).toBe("charge.succeeded");
    expect(defaultEventType("slack", context({ type: "event_callback", event: { type: "app_mention" } }))).toBe("slack.app_mention");
    expect(defaultEventType("twilio", context("Body=hi"))).toBe("twilio.webhook");
    expect(defaultEventType("none", context("not json"))).toBe("inbound.request");
  });

  it("property: normalised names are dotted words of at most 128 characters", () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        const name = normaliseEventType(text);
        expect(name).toMatch(/^[A-Za-z0-9_-][A-Za-z0-9_.-]{0,127}$/);
        expect(name).not.toMatch(/\.\.|\.$/);
      }),
    );
  });
});

describe("parseBody", () => {
  it("parses JSON, form fields and text by content type", () => {
    expect(parseBody(Buffer.from('{"a":1}'), "application/json; charset=utf-8")).toEqual({ a: 1 });
    expect(parseBody(Buffer.from("a=1&b=x+y"), "application/x-www-form-urlencoded")).toEqual({ a: "1", b: "x y" });
    expect(parseBody(Buffer.from("[1,2]"), undefined)).toEqual([1, 2]);
    expect(parseBody(Buffer.from("{not json"), "application/json")).toBe("{not json");
    expect(parseBody(Buffer.from("hello"), "text/plain")).toBe("hello");
  });
});
