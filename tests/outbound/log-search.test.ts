// The messages log's source filter and payload search (through the API route too), and its keyset pagination:
// correct across pages, with no duplicates or gaps while messages keep arriving.
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { GET as listRoute } from "@/app/api/v1/messages/route";
import { db } from "@/db";
import { createEndpoint } from "@/lib/outbound/endpoints";
import { createEventType } from "@/lib/outbound/event-types";
import { listMessages, listMessagesQuery } from "@/lib/outbound/message-lists";
import { sendMessage } from "@/lib/outbound/send";
import { createSource } from "@/lib/inbound/sources";
import { createConnection } from "@/lib/inbound/connections";
import { apiRequest, noParams } from "@/tests/helpers/api";
import { createOwnerWithKey } from "@/tests/helpers/factories";
import { postInbound } from "@/tests/inbound/helpers";

let owner: Awaited<ReturnType<typeof createOwnerWithKey>>;
const ctx = () => owner.ctx;

beforeAll(async () => {
  owner = await createOwnerWithKey();
  await createEventType({ name: "customer.updated" }, ctx());
  await createEndpoint({ url: "https://crm.example.com/hook" }, ctx());
});

describe("messages log search", () => {
  it("finds messages by a payload field, in the search box or the payload filter, through the GIN index", async () => {
    const a = await sendMessage({ eventType: "customer.updated", payload: { customer: { id: "cus_a", tier: 2 }, note: "x" } }, ctx());
    const b = await sendMessage({ eventType: "customer.updated", payload: { customer: { id: "cus_b", tier: 2 } } }, ctx());
    const ids = async (filters: Parameters<typeof listMessages>[0]) => (await listMessages(filters, ctx())).data.map((m) => m.id);
    expect(await ids({ search: 'data.customer.id = "cus_a"' })).toEqual([a.message.id]);
    expect(await ids({ payload: "customer.tier = 2" })).toEqual([b.message.id, a.message.id]);
    expect(await ids({ payload: 'customer = {"id": "cus_b"}' })).toEqual([b.message.id]);
    // A search box text with = that is not a valid search finds nothing, rather than everything.
    expect(await ids({ search: "customer.id = cus_a" })).toEqual([]);

    const response = await listRoute(apiRequest(`/api/v1/messages?payload=${encodeURIComponent('data.customer.id = "cus_b"')}`, { key: owner.key }), noParams);
    expect(response.status).toBe(200);
    expect(((await response.json()) as { data: { id: string }[] }).data.map((m) => m.id)).toEqual([b.message.id]);
    const bad = await listRoute(apiRequest(`/api/v1/messages?payload=${encodeURIComponent("customer.id = cus_b")}`, { key: owner.key }), noParams);
    expect(bad.status).toBe(422);

    // A workspace with enough messages that walking them would cost: the plan must take the GIN index instead.
    const big = (await createOwnerWithKey()).ctx;
    await db().execute(sql`
      insert into messages (id, workspace_id, event_type, version, payload, created_at)
      select 'msg_bulk_' || g, ${big.workspaceId}, 'bulk.event', 1, jsonb_build_object('customer', jsonb_build_object('id', 'cus_' || g)), now() - g * interval '1 second'
      from generate_series(1, 20000) g`);
    await db().execute(sql`analyze messages`);
    const query = listMessagesQuery({ payload: 'customer.id = "cus_77"' }, big).toSQL();
    const plan = await db().execute<{ "QUERY PLAN": string }>(sql`explain ${sql.raw(query.sql.replace(/\$(\d+)/g, (_, n) => `'${String(query.params[Number(n) - 1]).replace(/'/g, "''")}'`))}`);
    expect(plan.map((r) => r["QUERY PLAN"]).join("\n")).toContain("messages_payload");
    expect((await listMessages({ payload: 'customer.id = "cus_77"' }, big)).data.map((m) => m.id)).toEqual(["msg_bulk_77"]);

    // The unfiltered first page walks messages_workspace_created in its order: no sort of the workspace's 20 000 rows.
    const firstPage = listMessagesQuery({}, big).toSQL();
    const walk = (await db().execute<{ "QUERY PLAN": string }>(sql`explain ${sql.raw(firstPage.sql.replace(/\$(\d+)/g, (_, n) => `'${String(firstPage.params[Number(n) - 1]).replace(/'/g, "''")}'`))}`)).map((r) => r["QUERY PLAN"]).join("\n");
    expect(walk).toContain("Index Scan using messages_workspace_created");
    expect(walk).not.toContain("Sort");
  });

  it("filters by the inbound source whose requests made the messages", async () => {
    const source = await createSource({ name: "shop" }, ctx());
    const { endpoint } = await createEndpoint({ url: "https://shop.example.com/hook" }, ctx());
    await createConnection({ sourceId: source.id, endpointId: endpoint.id }, ctx());
    const { json } = await postInbound(source.url, { body: JSON.stringify({ order: 1 }), headers: { "content-type": "application/json" } });
    await sendMessage({ eventType: "customer.updated", payload: {} }, ctx());
    const fromSource = await listMessages({ source: source.id }, ctx());
    expect(fromSource.data).toHaveLength(1);
    expect(fromSource.data[0].eventId).toBe(json.id);
    const response = await listRoute(apiRequest(`/api/v1/messages?source=${source.id}`, { key: owner.key }), noParams);
    expect(((await response.json()) as { data: unknown[] }).data).toHaveLength(1);
  });

  it("pages through every message exactly once while new ones keep arriving, under filters", async () => {
    const paged = (await createOwnerWithKey()).ctx;
    await createEventType({ name: "page.me" }, paged);
    const sent: string[] = [];
    for (let i = 0; i < 25; i++) sent.push((await sendMessage({ eventType: "page.me", payload: { i, even: i % 2 === 0 } }, paged)).message.id);
    const seen: string[] = [];
    const arrived: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await listMessages({ limit: 4, cursor, eventType: "page.me" }, paged);
      seen.push(...page.data.map((m) => m.id));
      cursor = page.nextCursor ?? undefined;
      // Two new messages between every page: newer than the cursor, so they belong before the first page.
      for (let j = 0; j < 2; j++) arrived.push((await sendMessage({ eventType: "page.me", payload: { late: true } }, paged)).message.id);
    } while (cursor);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toEqual([...sent].reverse());
    expect(seen.some((id) => arrived.includes(id))).toBe(false);

    // Under a payload filter: the even ones, each once, in order.
    const evens: string[] = [];
    cursor = undefined;
    do {
      const page = await listMessages({ limit: 3, cursor, payload: "even = true" }, paged);
      evens.push(...page.data.map((m) => m.id));
      cursor = page.nextCursor ?? undefined;
      await sendMessage({ eventType: "page.me", payload: { even: true, late: true } }, paged);
    } while (cursor);
    expect(evens).toEqual(sent.filter((_, i) => i % 2 === 0).reverse());
  });
});
