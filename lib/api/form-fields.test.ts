import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { AppError } from "@/lib/api/errors";
import { customHeadersSchema } from "@/lib/outbound";
import { formatDuration, parseDuration } from "@/lib/ui";
import { checkbox, durationList, jsonText, localDateTime, optionalInt, stringList, withFieldIssues } from "./form-fields";

const issuesOf = (result: { success: boolean; error?: z.ZodError }) => result.error?.issues.map((i) => ({ path: i.path.join("."), message: i.message })) ?? [];

describe("jsonText", () => {
  const form = z.object({ headers: jsonText(customHeadersSchema, {}) });

  it("reports text that is not JSON on the field itself", () => {
    const issues = issuesOf(form.safeParse({ headers: '{"X-Team": ' }));
    expect(issues).toHaveLength(1);
    expect(issues[0].path).toBe("headers");
    expect(issues[0].message).toMatch(/^Not valid JSON/);
  });

  it("uses the blank value for empty text and parses the rest through the inner schema", () => {
    expect(form.parse({ headers: "  " })).toEqual({ headers: {} });
    expect(form.parse({ headers: '{"X-Team":"core"}' })).toEqual({ headers: { "X-Team": "core" } });
    // Nested errors keep the field name as their prefix, so the form can show them under that field.
    expect(issuesOf(form.safeParse({ headers: '{"Host":"evil"}' }))[0].path).toBe("headers.Host");
  });
});

describe("small field parsers", () => {
  it("reads optional numbers, checkboxes and lists the way forms send them", () => {
    const n = optionalInt("Rate", 1, 10);
    expect(n.parse("")).toBeNull();
    expect(n.parse("7")).toBe(7);
    expect(n.safeParse("11").success).toBe(false);
    expect(n.safeParse("2.5").success).toBe(false);
    expect(n.safeParse("abc").success).toBe(false);
    expect(checkbox.parse("on")).toBe(true);
    expect(checkbox.parse(undefined)).toBe(false);
    expect(stringList.parse(undefined)).toEqual([]);
    expect(stringList.parse("a")).toEqual(["a"]);
    expect(stringList.parse(["a", "b"])).toEqual(["a", "b"]);
  });

  it("parses duration lists and names the parts it cannot read", () => {
    expect(durationList.parse("0, 5s, 5m, 30m, 2h, 1d")).toEqual([0, 5, 300, 1800, 7200, 86_400]);
    expect(durationList.parse("")).toBeNull();
    const issues = issuesOf(durationList.safeParse("5m, soon, 3w"));
    expect(issues[0].message).toContain("soon, 3w");
  });

  it("formats any number of seconds back into a duration that parses to the same number", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 30 * 86_400 }), (seconds) => {
        expect(parseDuration(formatDuration(seconds))).toBe(seconds);
      }),
    );
    expect(formatDuration(432_000)).toBe("5d");
    expect(formatDuration(90)).toBe("90s");
  });
});

describe("localDateTime", () => {
  it("reads a datetime-local value in the browser's zone, given its offset", () => {
    // getTimezoneOffset is minutes behind UTC: Berlin in winter is -60, New York +300.
    expect(localDateTime("2026-01-15T10:30", -60)?.toISOString()).toBe("2026-01-15T09:30:00.000Z");
    expect(localDateTime("2026-01-15T10:30", 300)?.toISOString()).toBe("2026-01-15T15:30:00.000Z");
    expect(localDateTime("2026-01-15T10:30:45", 0)?.toISOString()).toBe("2026-01-15T10:30:45.000Z");
    expect(localDateTime("yesterday", 0)).toBeNull();
  });
});

describe("withFieldIssues", () => {
  it("turns a core 422 with JSON paths into field errors", async () => {
    const failing = withFieldIssues(async () => {
      throw new AppError("validation_failed", "The payload does not match.", { issues: [{ path: "payload.total", message: "must be >= 0" }] });
    });
    const error = await failing.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(z.ZodError);
    expect((error as z.ZodError).issues).toMatchObject([{ path: ["payload", "total"], message: "must be >= 0" }]);
  });

  it("leaves other errors, and issues about the whole input, as they were", async () => {
    const conflict = new AppError("conflict", "Already exists.");
    await expect(withFieldIssues(async () => Promise.reject(conflict))).rejects.toBe(conflict);
    const root = new AppError("validation_failed", "The payload must be an object.", { issues: [{ path: "(root)", message: "must be object" }] });
    await expect(withFieldIssues(async () => Promise.reject(root))).rejects.toBe(root);
    await expect(withFieldIssues(async () => 42)).resolves.toBe(42);
  });
});
