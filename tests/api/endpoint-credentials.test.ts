import { eq } from "drizzle-orm";
import { z } from "zod";
import { describe, expect, it } from "vitest";
import * as endpointsRoute from "@/app/api/v1/endpoints/route";
import * as endpointRoute from "@/app/api/v1/endpoints/[id]/route";
import { errorsUnder } from "@/components/outbound/field-errors";
import { db } from "@/db";
import { endpoints } from "@/db/schema";
import { zodIssues } from "@/lib/api/errors";
import { jsonText } from "@/lib/api/form-fields";
import { customHeadersSchema } from "@/lib/outbound/endpoints";
import { createApiKey } from "@/lib/keys/service";
import { apiRequest, noParams } from "../helpers/api";
import { createOwner } from "../helpers/factories";
import type { Id } from "@/lib/platform/id-types";

async function keyFor() {
  const owner = await createOwner();
  const { key } = await createApiKey({ name: "k", scopes: ["endpoints:write"], ipAllowlist: "" }, owner.ctx);
  return key;
}

const create = (key: string, headers: Record<string, string>) =>
  endpointsRoute.POST(apiRequest("/api/v1/endpoints", { method: "POST", key, body: { url: "http://127.0.0.1:9/hooks", headers } }), noParams);

describe("credentials in custom outbound headers", () => {
  it("are refused with a 422 on the header, pointing at outbound auth", async () => {
    const key = await keyFor();
    for (const name of ["Authorization", "cookie", "X-Api-Key"]) {
      const response = await create(key, { "X-Tenant": "acme", [name]: "Bearer secret_value_123" });
      expect(response.status, name).toBe(422);
      const body = (await response.json()) as { error: { code: string; issues: { path: string; message: string }[] } };
      expect(body.error.code).toBe("validation_failed");
      expect(body.error.issues).toEqual([{ path: `headers.${name}`, message: expect.stringContaining("outbound auth") }]);
    }
    expect((await create(key, { "Proxy-Authorization": "Basic abc" })).status).toBe(422);
    expect((await create(key, { "X-Tenant": "acme" })).status).toBe(201);
  });

  it("one stored before they were refused is never shown by GET /endpoints/:id", async () => {
    const key = await keyFor();
    const created = (await (await create(key, { "X-Tenant": "acme" })).json()) as { id: string };
    await db().update(endpoints).set({ headers: { "X-Tenant": "acme", Authorization: "Bearer legacy_secret_token" } }).where(eq(endpoints.id, created.id as Id<"ep">));
    const response = await endpointRoute.GET(apiRequest(`/api/v1/endpoints/${created.id}`, { key }), { params: Promise.resolve({ id: created.id }) });
    expect(response.status).toBe(200);
    const view = (await response.json()) as { headers: Record<string, string> };
    expect(view.headers).toEqual({ "X-Tenant": "acme", Authorization: "Bearer lega...[redacted]" });
  });

  it("the dashboard form shows the refusal on the custom headers field", () => {
    const form = z.object({ headers: jsonText(customHeadersSchema, {}) });
    const parsed = form.safeParse({ headers: '{"Authorization": "Bearer abc"}' });
    expect(parsed.success).toBe(false);
    const fieldErrors: Record<string, string[]> = {};
    for (const issue of zodIssues(parsed.error!)) (fieldErrors[issue.path] ??= []).push(issue.message);
    expect(errorsUnder({ ok: false, fieldErrors }, "headers")).toEqual([expect.stringMatching(/^Authorization: .*outbound auth/)]);
  });
});
