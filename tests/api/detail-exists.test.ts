import { describe, expect, it } from "vitest";
import { detailExists } from "@/lib/api/detail-exists";
import { createEndpoint } from "@/lib/outbound/endpoints";
import { createOwner } from "@/tests/helpers/factories";

describe("detailExists", () => {
  it("finds this workspace's records, not unknown ids or another workspace's, and passes every other page", async () => {
    const { ctx } = await createOwner();
    const other = (await createOwner()).ctx;
    const { endpoint } = await createEndpoint({ url: "https://hooks.example.com/in" }, ctx);

    expect(await detailExists(`/acme/endpoints/${endpoint.id}`, "acme", ctx)).toBe(true);
    expect(await detailExists(`/acme/endpoints/${endpoint.id}`, "acme", other)).toBe(false);
    expect(await detailExists(`/acme/applications/${endpoint.applicationId}`, "acme", ctx)).toBe(true);
    expect(await detailExists(`/acme/applications/${endpoint.applicationId}`, "acme", other)).toBe(false);
    for (const section of ["applications", "endpoints", "messages", "sources", "testing", "event-types"]) {
      expect(await detailExists(`/acme/${section}/nope_123`, "acme", ctx), section).toBe(false);
    }
    expect(await detailExists("/acme/event-types/%E0%A4%A", "acme", ctx)).toBe(false);
    for (const path of ["/acme", "/acme/endpoints", "/acme/keys/reference", "/acme/settings", "/other/endpoints/nope"]) {
      expect(await detailExists(path, "acme", ctx), path).toBe(true);
    }
  });
});
