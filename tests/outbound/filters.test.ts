import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  contentFilterSchema,
  eventTypeFilterEntrySchema,
  matchesContentFilter,
  matchesEventType,
  type ContentFilter,
} from "@/lib/outbound/filters";
import { _internals, compileSafeRegex, MAX_SUBJECT_LENGTH, safeTest, UnsafeRegexError } from "@/lib/platform/safe-regex";

const payload = {
  type: "invoice.paid",
  amount: 1500,
  currency: "EUR",
  paidAt: "2024-05-01T10:00:00Z",
  customer: { id: "cus_1", email: "ann@example.com", tags: ["vip", "eu"], address: null },
  items: [{ sku: "A-1", qty: 2 }, { sku: "B-2", qty: 1 }],
  flags: { test: false },
};

describe("content filter evaluation", () => {
  const cases: [string, ContentFilter, boolean][] = [
    ["eq number", { path: "amount", op: "eq", value: 1500 }, true],
    ["eq string mismatch", { path: "currency", op: "eq", value: "USD" }, false],
    ["eq nested object", { path: "items.0", op: "eq", value: { sku: "A-1", qty: 2 } }, true],
    ["eq array", { path: "customer.tags", op: "eq", value: ["vip", "eu"] }, true],
    ["eq null", { path: "customer.address", op: "eq", value: null }, true],
    ["eq missing is false", { path: "customer.phone", op: "eq", value: null }, false],
    ["eq does not coerce", { path: "amount", op: "eq", value: "1500" }, false],
    ["neq different", { path: "currency", op: "neq", value: "USD" }, true],
    ["neq same", { path: "currency", op: "neq", value: "EUR" }, false],
    ["neq missing is true", { path: "nope", op: "neq", value: 1 }, true],
    ["gt true", { path: "amount", op: "gt", value: 1000 }, true],
    ["gt equal is false", { path: "amount", op: "gt", value: 1500 }, false],
    ["gte equal", { path: "amount", op: "gte", value: 1500 }, true],
    ["lt", { path: "amount", op: "lt", value: 1501 }, true],
    ["lte below", { path: "amount", op: "lte", value: 1499 }, false],
    ["gt across types is false", { path: "currency", op: "gt", value: 1 }, false],
    ["gt on missing is false", { path: "missing", op: "gt", value: 0 }, false],
    ["string order for ISO dates", { path: "paidAt", op: "gte", value: "2024-01-01" }, true],
    ["string order below", { path: "paidAt", op: "lt", value: "2024-01-01" }, false],
    ["in", { path: "currency", op: "in", value: ["USD", "EUR"] }, true],
    ["in misses", { path: "currency", op: "in", value: ["USD"] }, false],
    ["in on missing is false", { path: "nope", op: "in", value: [null] }, false],
    ["nin", { path: "currency", op: "nin", value: ["USD"] }, true],
    ["nin hit", { path: "currency", op: "nin", value: ["EUR"] }, false],
    ["nin on missing is true", { path: "nope", op: "nin", value: ["x"] }, true],
    ["exists true", { path: "customer.email", op: "exists", value: true }, true],
    ["exists counts null", { path: "customer.address", op: "exists", value: true }, true],
    ["exists false on missing", { path: "customer.phone", op: "exists", value: false }, true],
    ["exists false on present", { path: "flags.test", op: "exists", value: false }, false],
    ["array index", { path: "items.1.sku", op: "eq", value: "B-2" }, true],
    ["array index out of range", { path: "items.5.sku", op: "exists", value: true }, false],
    ["non-numeric segment on array", { path: "items.sku", op: "exists", value: true }, false],
    ["path through a scalar", { path: "amount.value", op: "exists", value: true }, false],
    ["prototype is not a path", { path: "customer.constructor", op: "exists", value: true }, false],
    ["__proto__ is not a path", { path: "__proto__", op: "exists", value: true }, false],
    ["regex match", { path: "customer.email", op: "regex", value: "@example\\.com$" }, true],
    ["regex no match", { path: "customer.email", op: "regex", value: "^bob@" }, false],
    ["regex on a number is false", { path: "amount", op: "regex", value: "1500" }, false],
    ["and all true", { and: [{ path: "amount", op: "gt", value: 100 }, { path: "currency", op: "eq", value: "EUR" }] }, true],
    ["and one false", { and: [{ path: "amount", op: "gt", value: 100 }, { path: "currency", op: "eq", value: "USD" }] }, false],
    ["or one true", { or: [{ path: "amount", op: "gt", value: 1e6 }, { path: "currency", op: "eq", value: "EUR" }] }, true],
    ["or none true", { or: [{ path: "amount", op: "gt", value: 1e6 }, { path: "currency", op: "eq", value: "USD" }] }, false],
    [
      "nested and/or",
      {
        and: [
          { or: [{ path: "customer.tags.0", op: "eq", value: "vip" }, { path: "amount", op: "gt", value: 1e6 }] },
          { path: "flags.test", op: "eq", value: false },
        ],
      },
      true,
    ],
  ];

  it.each(cases)("%s", (_name, filter, expected) => {
    expect(contentFilterSchema.parse(filter)).toEqual(filter);
    expect(matchesContentFilter(filter, payload)).toBe(expected);
  });

  it("matches everything without a filter", () => {
    expect(matchesContentFilter(null, payload)).toBe(true);
    expect(matchesContentFilter(undefined, 42)).toBe(true);
  });

  it("neq is the negation of eq, and nin of in, for any value", () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.jsonValue(), (actual, expected) => {
        const doc = { v: actual };
        const eq = matchesContentFilter({ path: "v", op: "eq", value: expected as never }, doc);
        const neq = matchesContentFilter({ path: "v", op: "neq", value: expected as never }, doc);
        const inList = matchesContentFilter({ path: "v", op: "in", value: [expected as never] }, doc);
        const nin = matchesContentFilter({ path: "v", op: "nin", value: [expected as never] }, doc);
        return eq !== neq && inList !== nin && eq === inList;
      }),
    );
  });
});

describe("content filter schema", () => {
  const invalid: [string, unknown][] = [
    ["unknown operator", { path: "a", op: "like", value: "x" }],
    ["empty path segment", { path: "a..b", op: "eq", value: 1 }],
    ["gt with an object", { path: "a", op: "gt", value: { x: 1 } }],
    ["in without a list", { path: "a", op: "in", value: "x" }],
    ["exists with a string", { path: "a", op: "exists", value: "yes" }],
    ["empty and", { and: [] }],
    ["and mixed with a condition", { and: [{ path: "a", op: "eq", value: 1 }], path: "b", op: "eq", value: 1 }],
    ["backreference", { path: "a", op: "regex", value: "(a)\\1" }],
    ["invalid regex", { path: "a", op: "regex", value: "(" }],
    ["regex too long", { path: "a", op: "regex", value: "a".repeat(300) }],
  ];
  it.each(invalid)("refuses %s", (_name, filter) => {
    expect(contentFilterSchema.safeParse(filter).success).toBe(false);
  });

  it("refuses filters nested too deep or with too many conditions", () => {
    let deep: ContentFilter = { path: "a", op: "eq", value: 1 };
    for (let i = 0; i < 6; i++) deep = { and: [deep] };
    expect(contentFilterSchema.safeParse(deep).success).toBe(false);
    const wide = { or: Array.from({ length: 51 }, (_, i) => ({ path: "a", op: "eq", value: i })) };
    expect(contentFilterSchema.safeParse(wide).success).toBe(false);
  });
});

describe("event-type filter", () => {
  const cases: [string, string[] | null, string, boolean][] = [
    ["null subscribes to all", null, "invoice.paid", true],
    ["empty list subscribes to none", [], "invoice.paid", false],
    ["exact name", ["invoice.paid"], "invoice.paid", true],
    ["other name", ["invoice.paid"], "invoice.created", false],
    ["wildcard group", ["invoice.*"], "invoice.paid", true],
    ["wildcard deep", ["invoice.*"], "invoice.item.added", true],
    ["wildcard is not a prefix of other words", ["invoice.*"], "invoices.paid", false],
    ["wildcard does not match the bare group", ["invoice.*"], "invoice", false],
    ["one of several", ["user.created", "invoice.paid"], "invoice.paid", true],
    ["no substring match", ["paid"], "invoice.paid", false],
  ];
  it.each(cases)("%s", (_name, filter, type, expected) => {
    expect(matchesEventType(filter, type)).toBe(expected);
  });

  it("accepts names and group wildcards only", () => {
    for (const ok of ["invoice.paid", "invoice.*", "user_profile.updated-v2", "ping"]) {
      expect(eventTypeFilterEntrySchema.safeParse(ok).success).toBe(true);
    }
    for (const bad of ["*", "invoice.", ".paid", "invoice.*.paid", "invoice paid", ""]) {
      expect(eventTypeFilterEntrySchema.safeParse(bad).success).toBe(false);
    }
  });
});

describe("safe regular expressions", () => {
  it("runs with the linear-time engine on this Node", () => {
    expect(_internals.linear).toBe(true);
  });

  it("evaluates a pathological input quickly because the engine cannot backtrack", () => {
    // Under a backtracking engine "^(a|aa)*$" on a long run of a's followed by "!" takes exponential time; the
    // linear engine answers at once. The assertion is the answer; a hang would time the test out.
    const regex = compileSafeRegex("^(a|aa)*$");
    expect(safeTest(regex, "a".repeat(5000) + "!")).toBe(false);
    expect(safeTest(regex, "aaaa")).toBe(true);
    const filter = contentFilterSchema.parse({ path: "s", op: "regex", value: "(a+)+$" });
    expect(matchesContentFilter(filter, { s: "a".repeat(50_000) + "!" })).toBe(false);
  });

  it("refuses over-long subjects", () => {
    expect(safeTest(compileSafeRegex("a"), "a".repeat(MAX_SUBJECT_LENGTH + 1))).toBe(false);
  });

  it("refuses patterns that need backtracking", () => {
    expect(() => compileSafeRegex("(?<=x)y")).toThrow(UnsafeRegexError);
    expect(() => compileSafeRegex("(x)\\1")).toThrow(UnsafeRegexError);
  });

  it("the fallback check flags nested quantifiers but not simple patterns", () => {
    const { hasNestedQuantifier } = _internals;
    for (const bad of ["(a+)+", "(a*)*", "(a|b)*", "((ab)+c)+", "(\\w+\\s?)*$", "(a|aa){2,}"]) {
      expect(hasNestedQuantifier(bad)).toBe(true);
    }
    for (const ok of ["^[a-z]+@x\\.com$", "(ab)+", "\\(a+\\)+", "[(+*)]+", "^\\d{3}-\\d{4}$", "(a|b)c"]) {
      expect(hasNestedQuantifier(ok)).toBe(false);
    }
  });
});
