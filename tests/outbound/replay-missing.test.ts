// Replaying an endpoint's missing messages (Svix's replay-missing): the application's messages it never got are sent
// to it, except those whose payload the retention purge cleared, which have nothing left to send and are counted.
import { and, eq, inArray } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/db";
import { auditLog, deliveries, messages } from "@/db/schema";
import { createEndpoint } from "@/lib/outbound/endpoints";
import { createEventType } from "@/lib/outbound/event-types";
import { replayMissingMessages } from "@/lib/outbound/replay";
import { sendMessage } from "@/lib/outbound/send";
import { createOwnerWithKey } from "@/tests/helpers/factories";

let owner: Awaited<ReturnType<typeof createOwnerWithKey>>;
beforeAll(async () => {
  owner = await createOwnerWithKey();
  for (const name of ["invoice.paid", "invoice.voided", "user.created"]) await createEventType({ name }, owner.ctx);
});

/** What the retention purge leaves of a message (lib/retention/purge.ts): no payload, and when it went. */
const purge = (ids: string[]) => db().update(messages).set({ payload: null, payloadPurgedAt: new Date() }).where(inArray(messages.id, ids as `msg_${string}`[]));

describe("replayMissingMessages", () => {
  it("skips messages whose payload was purged, counting those the endpoint's event types take", async () => {
    const since = new Date(Date.now() - 60_000);
    // Sent before the endpoint exists, so it has no delivery of any of them.
    const send = async (eventType: string, n: number) => (await sendMessage({ eventType, payload: { n }, application: { uid: "acme", name: "Acme" } }, owner.ctx)).message.id;
    const kept = [await send("invoice.paid", 1), await send("invoice.voided", 2)];
    const purgedInvoice = await send("invoice.paid", 3);
    const purgedUser = await send("user.created", 4);
    await purge([purgedInvoice, purgedUser]);
    const { endpoint } = await createEndpoint({ application: "acme", url: "http://127.0.0.1:9/hooks", eventTypes: ["invoice.*"] }, owner.ctx);

    // The purged user.created is not one the endpoint takes, so it is not counted as skipped.
    expect(await replayMissingMessages({ endpointId: endpoint.id, since }, owner.ctx)).toEqual({ count: 2, skippedPurged: 1 });
    const made = await db().select({ messageId: deliveries.messageId, status: deliveries.status }).from(deliveries).where(eq(deliveries.endpointId, endpoint.id));
    expect(made.map((d) => d.messageId).sort()).toEqual([...kept].sort());
    expect(made.every((d) => d.status === "pending")).toBe(true);
    const [audit] = await db().select().from(auditLog).where(and(eq(auditLog.targetId, endpoint.id), eq(auditLog.action, "endpoint.replay_missing")));
    expect(audit.after).toMatchObject({ deliveries: 2, skippedPurged: 1 });

    // Again: nothing is missing that can be sent; the purged one is still missing, and still skipped.
    expect(await replayMissingMessages({ endpointId: endpoint.id, since }, owner.ctx)).toEqual({ count: 0, skippedPurged: 1 });
  });
});
