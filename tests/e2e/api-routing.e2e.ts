// The production server's routing around the API: paths the API does not have answer its JSON error shape (not
// the HTML 404 page), /api/inngest says it is not used outside Vercel, and a 401 carries its headers over the wire,
// each as the OpenAPI document describes where it is an operation.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApp } from "../helpers/app-server";
import { checkResponse } from "../helpers/contract";
import { startSmtpServer } from "../helpers/smtp";

let app: Awaited<ReturnType<typeof startApp>>;
let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
beforeAll(async () => {
  smtp = await startSmtpServer();
  app = await startApp({ EMAIL_SERVER: smtp.url });
});
afterAll(async () => {
  await app?.stop();
  await smtp?.close();
});

describe("API routing on the real server", () => {
  it.each([
    ["GET", "/api/v1/nothing-here"],
    ["GET", "/api/v1"],
    ["POST", "/api/v1/endpoints/ep_1/not/an/operation"],
    ["DELETE", "/api/v1/messages/msg_1/deliveries/x"],
  ])("%s %s answers a JSON 404", async (method, path) => {
    const response = await fetch(`${app.url}${path}`, { method });
    expect(response.status).toBe(404);
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    expect(await response.json()).toEqual({ error: { code: "not_found", message: expect.stringContaining(`${method} ${path}`) } });
  });

  it("still routes real operations: a 401 with its challenge and RateLimit headers, as documented", async () => {
    const response = await fetch(`${app.url}/api/v1/endpoints`);
    expect(response.status).toBe(401);
    expect(response.headers.get("www-authenticate")).toBe('Bearer realm="switchboard"');
    expect(response.headers.get("ratelimit-limit")).toMatch(/^\d+$/);
    await checkResponse("GET", "/api/v1/endpoints", response);
  });

  it("GET /api/inngest answers a JSON 404 naming the self-hosted mode", async () => {
    const response = await fetch(`${app.url}/api/inngest`);
    expect(response.status).toBe(404);
    const body = (await response.json()) as { error: { code: string; message: string } };
    expect(body.error).toMatchObject({ code: "not_found", message: expect.stringContaining("self-hosted mode") });
  });
});
