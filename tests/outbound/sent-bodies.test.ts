import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createEndpoint } from "@/lib/outbound/endpoints";
import { createEventType } from "@/lib/outbound/event-types";
import { getMessage, sentBodies } from "@/lib/outbound/message-lists";
import { sendMessage } from "@/lib/outbound/send";
import { createOwner } from "@/tests/helpers/factories";

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

describe("sentBodies", () => {
  it("rebuilds the envelope an attempt sent from the stored message, only where it matches the recorded hash", async () => {
    const { ctx } = await createOwner();
    const other = (await createOwner()).ctx;
    await createEventType({ name: "invoice.paid" }, ctx);
    await createEndpoint({ url: "https://billing.example.com/hook" }, ctx);
    // Keys out of order and non-ASCII text: the stored jsonb is what both the worker and this read.
    const { message } = await sendMessage({ eventType: "invoice.paid", payload: { zeta: "ü", alpha: [1, { b: 2, a: 1 }] } }, ctx);
    const stored = await getMessage({ id: message.id }, ctx);
    const expected = JSON.stringify({ type: "invoice.paid", timestamp: stored.createdAt.toISOString(), data: stored.payload });

    const attempts = [
      { id: "att_match" as const, messageId: message.id, requestBodySha256: sha256(expected) },
      { id: "att_other_hash" as const, messageId: message.id, requestBodySha256: sha256("something else") },
      { id: "att_gone" as const, messageId: "msg_missing" as const, requestBodySha256: sha256(expected) },
    ];
    const bodies = await sentBodies(attempts, ctx);
    expect(bodies.get("att_match")).toBe(expected);
    expect(bodies.get("att_other_hash")).toBeNull();
    expect(bodies.get("att_gone")).toBeNull();
    // Another workspace's message is never read.
    expect((await sentBodies(attempts, other)).get("att_match")).toBeNull();
  });
});
