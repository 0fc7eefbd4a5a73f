// What answers where the API has nothing: the /api/v1 catch-all, and /api/inngest outside the Vercel mode.
import { NextRequest } from "next/server";
import { afterEach, describe, expect, it } from "vitest";
import * as catchAll from "@/app/api/v1/[[...path]]/route";
import * as inngestRoute from "@/app/api/inngest/route";
import { resetEnvForTests } from "@/lib/platform/env";

const request = (path: string, method = "GET") => new NextRequest(`http://127.0.0.1:3000${path}`, { method });

const saved = { ...process.env };
afterEach(() => {
  for (const name of ["SWITCHBOARD_EMBEDDED", "APP_URL", "EMAIL_SERVER"]) {
    if (saved[name] === undefined) delete process.env[name];
    else process.env[name] = saved[name];
  }
  resetEnvForTests();
});

describe("paths the API does not have", () => {
  it("answer 404 in the API's error shape, for every method", async () => {
    for (const method of ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const) {
      const response = await catchAll[method](request("/api/v1/endpoints/ep_1/nothing/here", method));
      expect(response.status, method).toBe(404);
      expect(response.headers.get("content-type")).toMatch(/^application\/json/);
      if (method === "HEAD") continue;
      expect(await response.json()).toEqual({ error: { code: "not_found", message: expect.stringContaining(`${method} /api/v1/endpoints/ep_1/nothing/here`) } });
    }
  });
});

describe("/api/inngest outside Vercel", () => {
  it.each([
    ["self-hosted", { SWITCHBOARD_EMBEDDED: undefined, APP_URL: "http://127.0.0.1:3000", EMAIL_SERVER: "smtp://127.0.0.1:2525" }],
    ["embedded", { SWITCHBOARD_EMBEDDED: "1" }],
  ])("answers a JSON 404 naming the %s mode", async (mode, variables: Record<string, string | undefined>) => {
    for (const [name, value] of Object.entries(variables)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    resetEnvForTests();
    for (const method of ["GET", "POST", "PUT"] as const) {
      const response = await inngestRoute[method](request("/api/inngest", method), undefined);
      expect(response.status, method).toBe(404);
      const body = (await response.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe("not_found");
      expect(body.error.message).toContain(`${mode} mode`);
    }
  });
});
