import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as endpointsRoute from "@/app/api/v1/endpoints/route";
import * as endpointRoute from "@/app/api/v1/endpoints/[id]/route";
import * as endpointAttempts from "@/app/api/v1/endpoints/[id]/attempts/route";
import * as eventTypesRoute from "@/app/api/v1/event-types/route";
import * as messagesRoute from "@/app/api/v1/messages/route";
import * as messageRoute from "@/app/api/v1/messages/[id]/route";
import * as messageAttempts from "@/app/api/v1/messages/[id]/attempts/route";
import { attemptDelivery } from "@/lib/outbound/attempt";
import { closeHttpClient } from "@/lib/net/http-client";
import { apiRequest, noParams } from "../helpers/api";
import { createOwnerWithKey } from "../helpers/factories";
import type { Id } from "@/lib/platform/id-types";

const received: { headers: IncomingHttpHeaders; body: string }[] = [];
const receiver = createServer((req, res) => {
  let body = "";
  req.on("data", (c) => (body += c));
  req.on("end", () => {
    received.push({ headers: req.headers, body });
    res.writeHead(200, { "content-type": "application/json" }).end('{"ok":true}');
  });
});
let receiverUrl: string;

beforeAll(async () => {
  await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", r));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`;
});
afterAll(async () => {
  await closeHttpClient();
  await new Promise((r) => receiver.close(r));
});

const params = <T>(value: T) => ({ params: Promise.resolve(value) });
const body = async (response: Response) => (await response.json()) as Record<string, unknown> & { error?: { code: string; issues?: { path: string }[] } };

describe("public API: event types, endpoints and messages", () => {
  it("sends a validated message to a signed loopback receiver and shows the attempt", async () => {
    const { key } = await createOwnerWithKey();
    const created = await eventTypesRoute.POST(
      apiRequest("/api/v1/event-types", { method: "POST", key, body: { name: "invoice.paid", schema: { type: "object", required: ["amount"], properties: { amount: { type: "integer", minimum: 0 } } } } }),
      noParams,
    );
    expect(created.status).toBe(201);

    const endpointResponse = await endpointsRoute.POST(apiRequest("/api/v1/endpoints", { method: "POST", key, body: { url: receiverUrl, eventTypes: ["invoice.paid"] } }), noParams);
    expect(endpointResponse.status).toBe(201);
    const endpoint = (await body(endpointResponse)) as { id: string; secret: string };
    expect(endpoint.secret).toMatch(/^whsec_/);

    const invalid = await messagesRoute.POST(apiRequest("/api/v1/messages", { method: "POST", key, body: { eventType: "invoice.paid", payload: { amount: -5 } } }), noParams);
    expect(invalid.status).toBe(422);
    expect((await body(invalid)).error!.issues!.map((i) => i.path)).toEqual(["payload.amount"]);

    const accepted = await messagesRoute.POST(apiRequest("/api/v1/messages", { method: "POST", key, body: { eventType: "invoice.paid", payload: { amount: 42 }, eventId: "inv_1" } }), noParams);
    expect(accepted.status).toBe(202);
    const message = (await body(accepted)) as { id: string; deliveryCount: number };
    expect(message.deliveryCount).toBe(1);

    const duplicate = await messagesRoute.POST(apiRequest("/api/v1/messages", { method: "POST", key, body: { eventType: "invoice.paid", payload: { amount: 42 }, eventId: "inv_1" } }), noParams);
    expect(duplicate.status).toBe(409);
    expect((await body(duplicate)).error!.code).toBe("duplicate_event");

    const detail = (await body(await messageRoute.GET(apiRequest(`/api/v1/messages/${message.id}`, { key }), params({ id: message.id })))) as { deliveries: { id: Id<"dlv"> }[] };
    expect(detail.deliveries).toHaveLength(1);
    await attemptDelivery(detail.deliveries[0].id);

    const delivered = received.at(-1)!;
    const verified = new Webhook(endpoint.secret).verify(delivered.body, delivered.headers as Record<string, string>) as { type: string; data: unknown };
    expect(verified).toMatchObject({ type: "invoice.paid", data: { amount: 42 } });
    expect(delivered.headers["webhook-id"]).toBe(message.id);

    const attempts = (await body(await messageAttempts.GET(apiRequest(`/api/v1/messages/${message.id}/attempts`, { key }), params({ id: message.id })))) as { data: { responseStatus: number; succeeded: boolean }[] };
    expect(attempts.data).toEqual([expect.objectContaining({ responseStatus: 200, succeeded: true })]);
  });

  it("paginates endpoints with a cursor", async () => {
    const { key } = await createOwnerWithKey();
    for (let i = 0; i < 3; i++) await endpointsRoute.POST(apiRequest("/api/v1/endpoints", { method: "POST", key, body: { url: `${receiverUrl}?n=${i}` } }), noParams);
    const first = (await body(await endpointsRoute.GET(apiRequest("/api/v1/endpoints?limit=2", { key }), noParams))) as { data: { id: string }[]; nextCursor: string; hasMore: boolean };
    expect(first.data).toHaveLength(2);
    expect(first.hasMore).toBe(true);
    const second = (await body(await endpointsRoute.GET(apiRequest(`/api/v1/endpoints?limit=2&cursor=${first.nextCursor}`, { key }), noParams))) as { data: { id: string }[]; hasMore: boolean };
    expect(second.data).toHaveLength(1);
    expect(second.hasMore).toBe(false);
    expect(new Set([...first.data, ...second.data].map((e) => e.id)).size).toBe(3);
  });

  it("paginates event types by name with a cursor", async () => {
    const { key } = await createOwnerWithKey();
    for (const name of ["c.three", "a.one", "b.two"]) await eventTypesRoute.POST(apiRequest("/api/v1/event-types", { method: "POST", key, body: { name } }), noParams);
    const first = (await body(await eventTypesRoute.GET(apiRequest("/api/v1/event-types?limit=2", { key }), noParams))) as { data: { name: string }[]; nextCursor: string; hasMore: boolean };
    expect(first.data.map((t) => t.name)).toEqual(["a.one", "b.two"]);
    expect(first.hasMore).toBe(true);
    const second = (await body(await eventTypesRoute.GET(apiRequest(`/api/v1/event-types?limit=2&cursor=${first.nextCursor}`, { key }), noParams))) as { data: { name: string }[]; hasMore: boolean };
    expect(second).toMatchObject({ data: [{ name: "c.three" }], hasMore: false });
  });

  it("refuses a private URL when private targets are not allowed", async () => {
    const { key } = await createOwnerWithKey();
    const before = process.env.ALLOW_PRIVATE_TARGETS;
    process.env.ALLOW_PRIVATE_TARGETS = "0";
    (await import("@/lib/platform/env")).resetEnvForTests();
    try {
      const response = await endpointsRoute.POST(apiRequest("/api/v1/endpoints", { method: "POST", key, body: { url: "https://127.1/hooks" } }), noParams);
      expect(response.status).toBe(422);
      expect((await body(response)).error!.issues!.map((i) => i.path)).toContain("url");
    } finally {
      process.env.ALLOW_PRIVATE_TARGETS = before;
      (await import("@/lib/platform/env")).resetEnvForTests();
    }
  });

  it("answers 404 for another workspace's endpoint and message", async () => {
    const a = await createOwnerWithKey();
    const b = await createOwnerWithKey();
    const endpoint = (await body(await endpointsRoute.POST(apiRequest("/api/v1/endpoints", { method: "POST", key: a.key, body: { url: receiverUrl } }), noParams))) as { id: string };
    await eventTypesRoute.POST(apiRequest("/api/v1/event-types", { method: "POST", key: a.key, body: { name: "user.created" } }), noParams);
    const message = (await body(await messagesRoute.POST(apiRequest("/api/v1/messages", { method: "POST", key: a.key, body: { eventType: "user.created", payload: {} } }), noParams))) as { id: string };

    expect((await endpointRoute.GET(apiRequest(`/api/v1/endpoints/${endpoint.id}`, { key: b.key }), params({ id: endpoint.id }))).status).toBe(404);
    expect((await endpointRoute.DELETE(apiRequest(`/api/v1/endpoints/${endpoint.id}`, { method: "DELETE", key: b.key }), params({ id: endpoint.id }))).status).toBe(404);
    expect((await endpointAttempts.GET(apiRequest(`/api/v1/endpoints/${endpoint.id}/attempts`, { key: b.key }), params({ id: endpoint.id }))).status).toBe(404);
    expect((await messageRoute.GET(apiRequest(`/api/v1/messages/${message.id}`, { key: b.key }), params({ id: message.id }))).status).toBe(404);
    const list = (await body(await messagesRoute.GET(apiRequest("/api/v1/messages", { key: b.key }), noParams))) as { data: unknown[] };
    expect(list.data).toEqual([]);
    // The owner still sees it.
    expect((await endpointRoute.GET(apiRequest(`/api/v1/endpoints/${endpoint.id}`, { key: a.key }), params({ id: endpoint.id }))).status).toBe(200);
    const deleted = await endpointRoute.DELETE(apiRequest(`/api/v1/endpoints/${endpoint.id}`, { method: "DELETE", key: a.key }), params({ id: endpoint.id }));
    expect(deleted.status).toBe(204);
    expect(await deleted.text()).toBe("");
    expect((await endpointRoute.GET(apiRequest(`/api/v1/endpoints/${endpoint.id}`, { key: a.key }), params({ id: endpoint.id }))).status).toBe(404);
  });
});
