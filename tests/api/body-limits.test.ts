import { NextRequest } from "next/server";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import * as endpointsRoute from "@/app/api/v1/endpoints/route";
import * as messagesRoute from "@/app/api/v1/messages/route";
import { jsonTextNestsDeeperThan, valueNestsDeeperThan } from "@/lib/api/body";
import { resetEnvForTests } from "@/lib/platform/env";
import { createEventType } from "@/lib/outbound/event-types";
import { createApiKey } from "@/lib/keys/service";
import { sendMessage } from "@/lib/outbound/send";
import type { RequestContext } from "@/lib/api/request-context";
import { apiRequest, noParams } from "../helpers/api";
import { createOwner } from "../helpers/factories";

let key: string;
let ctx: RequestContext;
beforeAll(async () => {
  ({ ctx } = await createOwner());
  ({ key } = await createApiKey({ name: "k", scopes: ["messages:write", "endpoints:write"], ipAllowlist: "" }, ctx));
  await createEventType({ name: "order.paid" }, ctx);
});
afterEach(() => {
  delete process.env.API_MAX_MESSAGE_BYTES;
  resetEnvForTests();
});

const MiB = 1024 * 1024;

/** A body that never ends on its own, counting what the server pulled from it. */
function endlessBody(chunkBytes = 64 * 1024) {
  let pulled = 0;
  const chunk = new TextEncoder().encode(`{"eventType":"order.paid","payload":"${"x".repeat(chunkBytes)}`);
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      pulled += chunk.byteLength;
      controller.enqueue(chunk);
    },
  });
  return { stream, pulled: () => pulled };
}

function streamedPost(path: string, body: ReadableStream<Uint8Array>, headers: Record<string, string> = {}) {
  // A streamed body needs duplex "half", which Next's RequestInit type does not list.
  const init = { method: "POST", headers: { authorization: `Bearer ${key}`, "content-type": "application/json", "x-forwarded-for": "127.0.0.1", ...headers }, body, duplex: "half" };
  return new NextRequest(`http://127.0.0.1:3000${path}`, init as ConstructorParameters<typeof NextRequest>[1]);
}

async function errorOf(response: Response) {
  return { status: response.status, code: ((await response.json()) as { error: { code: string } }).error.code };
}

describe("the API's body limit", () => {
  it("stops reading a message body past 1 MiB and answers 413, having pulled little more than the limit", async () => {
    const body = endlessBody();
    const response = await messagesRoute.POST(streamedPost("/api/v1/messages", body.stream), noParams);
    expect(await errorOf(response)).toEqual({ status: 413, code: "payload_too_large" });
    expect(body.pulled()).toBeGreaterThan(MiB);
    expect(body.pulled()).toBeLessThan(MiB + 256 * 1024);
  });

  it("refuses a declared Content-Length over the limit before reading anything", async () => {
    const body = endlessBody();
    const response = await messagesRoute.POST(streamedPost("/api/v1/messages", body.stream, { "content-length": String(2 * MiB) }), noParams);
    expect(await errorOf(response)).toEqual({ status: 413, code: "payload_too_large" });
    expect(body.pulled()).toBeLessThan(MiB);
  });

  it("takes a message body just under 1 MiB", async () => {
    const payload = { blob: "y".repeat(MiB - 1024) };
    const response = await messagesRoute.POST(apiRequest("/api/v1/messages", { method: "POST", key, body: { eventType: "order.paid", payload } }), noParams);
    expect(response.status).toBe(202);
  });

  it("caps other routes at 256 KiB", async () => {
    const body = { url: "http://127.0.0.1:9/hooks", description: "d".repeat(300 * 1024) };
    const response = await endpointsRoute.POST(apiRequest("/api/v1/endpoints", { method: "POST", key, body }), noParams);
    expect(await errorOf(response)).toEqual({ status: 413, code: "payload_too_large" });
  });

  it("the message limit comes from API_MAX_MESSAGE_BYTES, and the payload schema holds the same cap", async () => {
    process.env.API_MAX_MESSAGE_BYTES = "4096";
    resetEnvForTests();
    const payload = { blob: "z".repeat(5000) };
    const response = await messagesRoute.POST(apiRequest("/api/v1/messages", { method: "POST", key, body: { eventType: "order.paid", payload } }), noParams);
    expect(await errorOf(response)).toEqual({ status: 413, code: "payload_too_large" });
    // The dashboard reaches sendMessage without the API's body limit: the schema refuses the same payload.
    await expect(sendMessage({ eventType: "order.paid", payload }, ctx)).rejects.toMatchObject({ issues: [expect.objectContaining({ path: ["payload"] })] });
  });
});

describe("JSON nesting", () => {
  const nested = (depth: number) => `${"[".repeat(depth)}${"]".repeat(depth)}`;

  it("a payload nested 100,000 deep answers 422 validation_failed, not 500", async () => {
    const raw = `{"eventType":"order.paid","payload":${nested(100_000)}}`;
    const response = await messagesRoute.POST(apiRequest("/api/v1/messages", { method: "POST", key, body: raw }), noParams);
    expect(await errorOf(response)).toEqual({ status: 422, code: "validation_failed" });
  });

  it("64 levels are fine, 65 are not; brackets inside strings do not count", async () => {
    const send = (payloadText: string) =>
      messagesRoute.POST(apiRequest("/api/v1/messages", { method: "POST", key, body: `{"eventType":"order.paid","payload":${payloadText}}` }), noParams);
    expect((await send(`{"a":${nested(62)}}`)).status).toBe(202); // the body object, the payload object and 62 arrays
    expect((await errorOf(await send(`{"a":${nested(63)}}`))).status).toBe(422);
    expect((await send(JSON.stringify({ text: `${"[".repeat(500)} \\" ${"{".repeat(500)}` }))).status).toBe(202);
  });

  it("the scanners agree on depth for text and values, and never recurse", () => {
    expect(jsonTextNestsDeeperThan(nested(64), 64)).toBe(false);
    expect(jsonTextNestsDeeperThan(nested(65), 64)).toBe(true);
    expect(jsonTextNestsDeeperThan('["\\"[[["]', 1)).toBe(false);
    const deep = JSON.parse(nested(200_000)) as unknown;
    expect(valueNestsDeeperThan(deep, 64)).toBe(true);
    expect(valueNestsDeeperThan(JSON.parse(nested(64)), 64)).toBe(false);
  });
});
