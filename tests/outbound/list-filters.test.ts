import { and, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/db";
import { deliveries } from "@/db/schema";
import { createEndpoint } from "@/lib/outbound/endpoints";
import { createEventType } from "@/lib/outbound/event-types";
import { listMessages, listMessagesQuery } from "@/lib/outbound/message-lists";
import { sendMessage } from "@/lib/outbound/send";
import type { RequestContext } from "@/lib/api/request-context";
import { createOwner } from "@/tests/helpers/factories";
import type { Id } from "@/lib/platform/id-types";

/** A query with its parameters written in as literals, for EXPLAIN (which takes no bind parameters here). */
function inline({ sql: text, params }: { sql: string; params: unknown[] }) {
  return text.replace(/\$(\d+)/g, (_, n) => {
    const value = params[Number(n) - 1];
    return typeof value === "number" ? String(value) : `'${String(value).replace(/'/g, "''")}'`;
  });
}

describe("listMessages filters (the messages page's)", () => {
  let ctx: RequestContext;
  let billing: Id<"ep">;
  let crm: Id<"ep">;
  const ids: Record<string, Id<"msg">> = {};

  beforeAll(async () => {
    ctx = (await createOwner()).ctx;
    await createEventType({ name: "invoice.paid" }, ctx);
    await createEventType({ name: "user.created" }, ctx);
    billing = (await createEndpoint({ url: "https://billing.example.com/hook", eventTypes: ["invoice.paid"] }, ctx)).endpoint.id;
    crm = (await createEndpoint({ url: "https://crm.example.com/hook" }, ctx)).endpoint.id;
    ids.paid1 = (await sendMessage({ eventType: "invoice.paid", payload: { n: 1 }, eventId: "order-1" }, ctx)).message.id;
    ids.user = (await sendMessage({ eventType: "user.created", payload: { n: 2 }, eventId: "user-7" }, ctx)).message.id;
    ids.paid2 = (await sendMessage({ eventType: "invoice.paid", payload: { n: 3 } }, ctx)).message.id;
    // paid1's delivery to billing failed; everything else is pending.
    await db().update(deliveries).set({ status: "failed" }).where(and(eq(deliveries.messageId, ids.paid1), eq(deliveries.endpointId, billing)));
  });

  const list = async (filters: Parameters<typeof listMessages>[0]) => (await listMessages(filters, ctx)).data.map((m) => m.id);

  it("filters by endpoint, status, both, event type and event id, and searches a message id or an event id", async () => {
    expect(await list({})).toEqual([ids.paid2, ids.user, ids.paid1]);
    expect(await list({ endpointId: billing })).toEqual([ids.paid2, ids.paid1]);
    expect(await list({ endpointId: crm })).toEqual([ids.paid2, ids.user, ids.paid1]);
    expect(await list({ status: "failed" })).toEqual([ids.paid1]);
    expect(await list({ status: "failed", endpointId: crm })).toEqual([]);
    expect(await list({ status: "pending", eventType: "invoice.paid" })).toEqual([ids.paid2, ids.paid1]);
    expect(await list({ eventId: "user-7" })).toEqual([ids.user]);
    expect(await list({ search: "order-1" })).toEqual([ids.paid1]);
    expect(await list({ search: ids.paid2 })).toEqual([ids.paid2]);
    expect(await list({ search: "nothing-like-it" })).toEqual([]);
  });

  it("keeps keyset pagination under a filter", async () => {
    const first = await listMessages({ endpointId: crm, limit: 2 }, ctx);
    expect(first.data.map((m) => m.id)).toEqual([ids.paid2, ids.user]);
    const second = await listMessages({ endpointId: crm, limit: 2, cursor: first.nextCursor! }, ctx);
    expect(second.data.map((m) => m.id)).toEqual([ids.paid1]);
    expect(second.nextCursor).toBeNull();
  });

  it("answers a message id or event id search from indexes, not by walking the workspace's messages", async () => {
    // A workspace with enough messages that walking them would cost: the plan must look the two ids up instead.
    const big = (await createOwner()).ctx;
    await db().execute(sql`
      insert into messages (id, workspace_id, event_type, version, payload, event_id, created_at)
      select 'msg_bulk_' || g, ${big.workspaceId}, 'bulk.event', 1, '{}'::jsonb, 'evt-' || g, now() - g * interval '1 second'
      from generate_series(1, 20000) g`);
    await db().execute(sql`analyze messages`);
    const explain = async (filters: Parameters<typeof listMessages>[0]) => {
      const query = listMessagesQuery(filters, big);
      const rows = await db().execute<{ "QUERY PLAN": string }>(sql`explain ${sql.raw(inline(query.toSQL()))}`);
      return rows.map((r) => r["QUERY PLAN"]).join("\n");
    };
    // A message id is looked up as one and as an event id; any other text only as an event id.
    const byId = await explain({ search: "msg_bulk_77" });
    expect(byId).toContain("messages_pkey");
    expect(byId).toContain("messages_workspace_event_id");
    const byEventId = await explain({ search: "evt-77" });
    expect(byEventId).toContain("messages_workspace_event_id");
    expect(byEventId).not.toContain("messages_pkey");
    expect((await listMessages({ search: "msg_bulk_77" }, big)).data.map((m) => m.id)).toEqual(["msg_bulk_77"]);
    expect(await explain({ eventId: "evt-77" })).toContain("messages_workspace_event_id");
    expect((await listMessages({ search: "evt-77" }, big)).data.map((m) => m.id)).toEqual(["msg_bulk_77"]);
  });
});
