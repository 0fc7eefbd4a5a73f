// In Vercel mode sendMessage hands each new delivery to Inngest after the commit. Inngest itself is never contacted
// here: the client's send is replaced by a spy. The driver is registered as instrumentation.ts does on Vercel.
import { afterAll, beforeAll, expect, it, vi } from "vitest";
import { DELIVERY_DUE_EVENT, inngest } from "@/inngest/client";
import { inngestDriver } from "@/inngest/driver";
import { registerDeliveryDriver } from "@/lib/outbound/driver";
import { createEndpoint } from "@/lib/outbound/endpoints";
import { resetEnvForTests } from "@/lib/platform/env";
import { createEventType } from "@/lib/outbound/event-types";
import { getMessage } from "@/lib/outbound/message-lists";
import { sendMessage } from "@/lib/outbound/send";
import { createOwner } from "@/tests/helpers/factories";

const vercelEnv = {
  VERCEL: "1",
  INNGEST_EVENT_KEY: "test-event-key",
  INNGEST_SIGNING_KEY: "signkey-test-0000",
  UPSTASH_REDIS_REST_URL: "http://127.0.0.1:1",
  UPSTASH_REDIS_REST_TOKEN: "unused",
  // Vercel always sets it; the deployment's links default to it.
  VERCEL_URL: "switchboard-test.vercel.app",
};

beforeAll(() => {
  Object.assign(process.env, vercelEnv);
  resetEnvForTests();
  registerDeliveryDriver(inngestDriver);
});

afterAll(() => {
  for (const key of Object.keys(vercelEnv)) delete process.env[key];
  resetEnvForTests();
  vi.restoreAllMocks();
});

it("sends one Inngest event per delivery after the commit, and a failed send loses nothing", async () => {
  const { ctx } = await createOwner();
  await createEventType({ name: "vercel.event" }, ctx);
  const a = (await createEndpoint({ url: "https://a.example.com" }, ctx)).endpoint;
  const b = (await createEndpoint({ url: "https://b.example.com" }, ctx)).endpoint;

  const send = vi.spyOn(inngest, "send").mockResolvedValue({ ids: [] } as never);
  const sent = await sendMessage({ eventType: "vercel.event", payload: {} }, ctx);
  expect(send).toHaveBeenCalledTimes(1);
  const events = send.mock.calls[0][0] as { name: string; data: { deliveryId: string; endpointId: string } }[];
  const detail = await getMessage({ id: sent.message.id }, ctx);
  expect(events.map((e) => e.name)).toEqual([DELIVERY_DUE_EVENT, DELIVERY_DUE_EVENT]);
  expect(events.map((e) => e.data).sort((x, y) => x.endpointId.localeCompare(y.endpointId))).toEqual(
    detail.deliveries.map((d) => ({ deliveryId: d.id, endpointId: d.endpointId })).sort((x, y) => x.endpointId.localeCompare(y.endpointId)),
  );
  expect(new Set(events.map((e) => e.data.endpointId))).toEqual(new Set([a.id, b.id]));

  // Inngest is unreachable: the message is still accepted and stored; the sweeper will dispatch it.
  send.mockRejectedValueOnce(new Error("network down"));
  const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
  const second = await sendMessage({ eventType: "vercel.event", payload: {} }, ctx);
  expect(second.deliveryCount).toBe(2);
  expect((await getMessage({ id: second.message.id }, ctx)).deliveries).toHaveLength(2);
  expect(warn).toHaveBeenCalled();
});
