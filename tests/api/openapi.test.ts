import SwaggerParser from "@apidevtools/swagger-parser";
import { describe, expect, it } from "vitest";
import { GET } from "@/app/api/v1/openapi.json/route";

describe("OpenAPI document", () => {
  it("is a valid OpenAPI 3.1 document describing the API", async () => {
    const response = GET();
    const document = await response.json();
    expect(document.openapi).toBe("3.1.0");
    await expect(SwaggerParser.validate(structuredClone(document))).resolves.toBeTruthy();
    expect(Object.keys(document.paths)).toEqual(expect.arrayContaining(["/ping", "/audit-log"]));
    expect(document.paths["/ping"].get.responses).toHaveProperty("401");
    expect(document.components.securitySchemes.apiKey).toMatchObject({ type: "http", scheme: "bearer" });
  });
});
