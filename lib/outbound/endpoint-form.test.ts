import { describe, expect, it } from "vitest";
import { z } from "zod";
import { contentFilterText } from "./endpoint-form";

const issuesOf = (result: { success: boolean; error?: z.ZodError }) => result.error?.issues.map((i) => ({ path: i.path.join("."), message: i.message })) ?? [];

describe("contentFilterText", () => {
  const form = z.object({ contentFilter: contentFilterText });

  it("parses a filter, and blank as no filter", () => {
    const filter = { and: [{ path: "data.amount", op: "gte", value: 1000 }, { path: "data.currency", op: "in", value: ["eur"] }] };
    expect(form.parse({ contentFilter: JSON.stringify(filter) })).toEqual({ contentFilter: filter });
    expect(form.parse({ contentFilter: "" })).toEqual({ contentFilter: null });
  });

  it("explains the expected shape instead of a bare 'Invalid input', and keeps specific messages", () => {
    const unknownOp = issuesOf(form.safeParse({ contentFilter: '{"path": "a", "op": "bogus", "value": 1}' }));
    expect(unknownOp[0].path).toBe("contentFilter");
    expect(unknownOp[0].message).toMatch(/^Not a valid filter\. .*op one of eq, neq/);
    // A backreference cannot run in linear time; the filter grammar's own message says so.
    const unsafe = issuesOf(form.safeParse({ contentFilter: String.raw`{"path": "a", "op": "regex", "value": "(a)\\1"}` }));
    expect(unsafe).toHaveLength(1);
    expect(unsafe[0].path).toBe("contentFilter.value");
    expect(unsafe[0].message).not.toMatch(/^Not a valid filter/);
    expect(issuesOf(form.safeParse({ contentFilter: "{nope" }))[0].message).toMatch(/^Not valid JSON/);
  });
});
