// Svix's query parameters are parsed under `query`, so a refusal's `loc` points at the query string as Svix's does.
import { describe, expect, it } from "vitest";
import { ZodError } from "zod";
import { svixPage, svixTimeRange } from "@/lib/compat/svix/pagination";

const issuePaths = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    if (error instanceof ZodError) return error.issues.map((issue) => issue.path.join("."));
    throw error;
  }
  return [];
};

describe("Svix query parameters", () => {
  it("take ISO times for after and before, and point a bad one at the query", () => {
    expect(svixTimeRange(new URLSearchParams("after=2026-12-01T10:00:00Z&before=2026-12-02T10:00:00.000%2B01:00"))).toEqual({ since: "2026-12-01T10:00:00Z", until: "2026-12-02T10:00:00.000+01:00" });
    expect(svixTimeRange(new URLSearchParams())).toEqual({ since: undefined, until: undefined });
    expect(issuePaths(() => svixTimeRange(new URLSearchParams("after=yesterday&before=2026-13-01")))).toEqual(["query.after", "query.before"]);
  });

  it("point a bad limit at the query too", () => {
    expect(svixPage(new URLSearchParams("limit=20&iterator=abc"))).toEqual({ limit: 20, cursor: "abc" });
    expect(issuePaths(() => svixPage(new URLSearchParams("limit=abc")))).toEqual(["query.limit"]);
  });
});
