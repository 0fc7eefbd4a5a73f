// The templates API through its route handlers; every answer is checked against the OpenAPI document
// (tests/setup/contract.ts wraps the route modules).
import { describe, expect, it } from "vitest";
import * as templatesRoute from "@/app/api/v1/templates/route";
import * as templateRoute from "@/app/api/v1/templates/[id]/route";
import * as publishRoute from "@/app/api/v1/templates/[id]/publish/route";
import * as versionsRoute from "@/app/api/v1/templates/[id]/versions/route";
import * as rollbackRoute from "@/app/api/v1/templates/[id]/rollback/route";
import * as previewRoute from "@/app/api/v1/templates/[id]/preview/route";
import * as endpointsRoute from "@/app/api/v1/endpoints/route";
import { createApiKey } from "@/lib/keys/service";
import { apiRequest, noParams } from "../helpers/api";
import { createOwnerWithKey } from "../helpers/factories";

const params = (id: string) => ({ params: Promise.resolve({ id }) });
const send = (method: string, path: string, key: string, body?: unknown) => apiRequest(`/api/v1${path}`, { method, key, body });

describe("/api/v1/templates", () => {
  it("create, update the draft, preview, publish, list versions, roll back, pin an endpoint, delete", async () => {
    const { key } = await createOwnerWithKey();
    const created = await templatesRoute.POST(send("POST", "/templates", key, { name: "Ops", builtIn: "text-summary" }), noParams);
    expect(created.status).toBe(201);
    const template = await created.json();
    expect(template).toMatchObject({ id: expect.stringMatching(/^tpl_/), target: "text", latestVersion: 0 });
    const id = template.id as string;

    const patched = await templateRoute.PATCH(send("PATCH", `/templates/${id}`, key, { source: "{{ event.type }} v1" }), params(id));
    expect(await patched.json()).toMatchObject({ draftSource: "{{ event.type }} v1" });

    const preview = await previewRoute.POST(send("POST", `/templates/${id}/preview`, key, { eventType: "thing.done", payload: { a: 1 } }), params(id));
    expect(await preview.json()).toEqual({ ok: true, output: "thing.done v1", contentType: "text/plain; charset=utf-8", validation: { ok: true, issues: [] } });
    const broken = await previewRoute.POST(send("POST", `/templates/${id}/preview`, key, { source: "a\n{{ x | nope }}" }), params(id));
    expect(await broken.json()).toEqual({ ok: false, error: { message: "undefined filter: nope", line: 2, column: 1 } });

    const v1 = await publishRoute.POST(send("POST", `/templates/${id}/publish`, key, { changelog: "first" }), params(id));
    expect(v1.status).toBe(201);
    expect(await v1.json()).toMatchObject({ number: 1, changelog: "first", publishedBy: "all" });
    const again = await publishRoute.POST(send("POST", `/templates/${id}/publish`, key, {}), params(id));
    expect(again.status).toBe(409);
    await templateRoute.PATCH(send("PATCH", `/templates/${id}`, key, { source: "{{ event.type }} v2" }), params(id));
    await publishRoute.POST(send("POST", `/templates/${id}/publish`, key, { changelog: "second" }), params(id));

    const rolledBack = await rollbackRoute.POST(send("POST", `/templates/${id}/rollback`, key, { version: 1 }), params(id));
    expect(await rolledBack.json()).toMatchObject({ number: 3, source: "{{ event.type }} v1", changelog: "Rolled back to version 1" });
    const versions = await versionsRoute.GET(send("GET", `/templates/${id}/versions`, key), params(id));
    expect((await versions.json()).data.map((v: { number: number }) => v.number)).toEqual([3, 2, 1]);
    const badRollback = await rollbackRoute.POST(send("POST", `/templates/${id}/rollback`, key, { version: "one" }), params(id));
    expect(badRollback.status).toBe(422);

    const endpoint = await endpointsRoute.POST(send("POST", "/endpoints", key, { url: "https://example.com/hook", templateId: id, templateVersion: 2, templateVars: { team: "ops" } }), noParams);
    expect(endpoint.status).toBe(201);
    expect(await endpoint.json()).toMatchObject({ templateId: id, templateVersion: 2, templateVars: { team: "ops" } });
    const inUse = await templateRoute.DELETE(send("DELETE", `/templates/${id}`, key), params(id));
    expect(inUse.status).toBe(409);

    const list = await templatesRoute.GET(send("GET", "/templates?limit=1", key), noParams);
    expect(await list.json()).toMatchObject({ data: [expect.objectContaining({ id, latestVersion: 3 })], hasMore: false });
  });

  it("answers 404 for an unknown or wrong-prefix id, and 403 without the templates scope", async () => {
    const { key, ctx } = await createOwnerWithKey();
    for (const id of ["tpl_missing", "ep_123"]) {
      expect((await templateRoute.GET(send("GET", `/templates/${id}`, key), params(id))).status).toBe(404);
      expect((await publishRoute.POST(send("POST", `/templates/${id}/publish`, key, {}), params(id))).status).toBe(404);
    }
    const { key: narrow } = await createApiKey({ name: "endpoints only", scopes: ["endpoints:write"], ipAllowlist: "" }, ctx);
    const refused = await templatesRoute.GET(send("GET", "/templates", narrow), noParams);
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({ error: { code: "missing_scope" } });
    const invalid = await templatesRoute.POST(send("POST", "/templates", key, { name: "", target: "fax" }), noParams);
    expect(invalid.status).toBe(422);
  });
});
