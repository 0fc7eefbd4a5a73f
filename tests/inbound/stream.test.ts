// The request stream behind the inspector and the listen tunnel: live events, Last-Event-ID resume, per-listener
// resume without loss or repeats, answers shown to the inspector, delivery across instances through NOTIFY, and auth.
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as streamRoute } from "@/app/api/v1/sources/[id]/stream/route";
import { POST as responsesRoute } from "@/app/api/v1/sources/[id]/requests/[requestId]/responses/route";
import { newId } from "@/lib/platform/ids";
import { INBOUND_CHANNEL } from "@/lib/inbound/live";
import { requestStream } from "@/lib/inbound/stream";
import { createApiKey } from "@/lib/keys/service";
import { createSource } from "@/lib/inbound/sources";
import type { RequestContext } from "@/lib/api/request-context";
import { apiRequest } from "@/tests/helpers/api";
import { createOwner } from "@/tests/helpers/factories";
import { postInbound } from "./helpers";
import { NextRequest } from "next/server";
import { sseReader } from "./sse";

let ctx: RequestContext;
let key: string;
const open: { abort: () => void; close: () => Promise<void> }[] = [];

beforeAll(async () => {
  ctx = (await createOwner()).ctx;
  key = (await createApiKey({ name: "cli", scopes: ["sources:write"], ipAllowlist: "" }, ctx)).key;
});
afterAll(async () => {
  for (const s of open) {
    s.abort();
    await s.close();
  }
});

async function connect(sourceId: string, options: { lastEventId?: string; listener?: string; key?: string } = {}) {
  const controller = new AbortController();
  const headers = new Headers({ authorization: `Bearer ${options.key ?? key}`, "x-forwarded-for": "127.0.0.1", accept: "text/event-stream" });
  if (options.lastEventId) headers.set("last-event-id", options.lastEventId);
  const query = options.listener ? `?listener=${encodeURIComponent(options.listener)}` : "";
  const request = new NextRequest(`http://127.0.0.1:3000/api/v1/sources/${sourceId}/stream${query}`, { headers, signal: controller.signal });
  const response = await streamRoute(request, { params: Promise.resolve({ id: sourceId }) });
  if (!response.body || response.status !== 200) return { response, sse: null, stop: async () => {} };
  const sse = sseReader(response.body);
  const handle = { abort: () => controller.abort(), close: () => sse.close() };
  open.push(handle);
  await sse.waitFor(() => sse.events.some((e) => e.event === "ready"), "ready");
  return {
    response,
    sse,
    stop: async () => {
      controller.abort();
      await sse.close();
    },
  };
}

async function post(url: string, n: number) {
  const { json } = await postInbound(url, { body: JSON.stringify({ n }) });
  return json.id as string;
}

async function answer(sourceId: string, requestId: string, listener: string, status = 200) {
  const response = await responsesRoute(
    apiRequest(`/api/v1/sources/${sourceId}/requests/${requestId}/responses`, { method: "POST", key, body: { listener, targetUrl: "http://localhost:4000/hooks", status, headers: { "x-local": "1" }, body: "local ok", durationMs: 3 } }),
    { params: Promise.resolve({ id: sourceId, requestId }) },
  );
  expect(response.status).toBe(200);
}

describe("the inspector stream", () => {
  it("sends each request live with its body, and resumes after Last-Event-ID", async () => {
    const source = await createSource({ name: "inspector" }, ctx);
    const before = await post(source.url, 0);
    const first = await connect(source.id);
    const a = await post(source.url, 1);
    await first.sse!.waitFor(() => first.sse!.requests().some((r) => r.id === a), "request a");
    const shown = first.sse!.requests();
    expect(shown.map((r) => r.id)).toEqual([a]); // nothing from before the connection
    expect(Buffer.from(shown[0].body!, "base64").toString()).toBe('{"n":1}');
    const lastId = first.sse!.lastId()!;
    await first.stop();

    const b = await post(source.url, 2);
    const c = await post(source.url, 3);
    const second = await connect(source.id, { lastEventId: lastId });
    await second.sse!.waitFor(() => second.sse!.requests().length >= 2, "b and c");
    // Resuming re-reads a few seconds below the cursor (rows can commit out of order), so a very recent request may
    // come again; the inspector drops repeats by id. Everything new arrives, in order.
    const ids = second.sse!.requests().map((r) => r.id);
    expect(ids.filter((id) => id !== a && id !== before)).toEqual([b, c]);
    await second.stop();
  });

  it("shows rejected requests too, and the answers tunnels post back", async () => {
    const source = await createSource({ name: "inspector answers", verification: { provider: "api_key_header", header: "x-key", value: "k" } }, ctx);
    const stream = await connect(source.id);
    const rejected = await postInbound(source.url, { body: "{}" });
    const accepted = await postInbound(source.url, { body: "{}", headers: { "x-key": "k" } });
    await stream.sse!.waitFor(() => stream.sse!.requests().length === 2, "both requests");
    expect(stream.sse!.requests().map((r) => [r.id, r.verdict])).toEqual([
      [rejected.response.headers.get("x-switchboard-request-id"), "rejected"],
      [accepted.json.id, "accepted"],
    ]);
    await answer(source.id, accepted.json.id as string, "laptop", 201);
    await stream.sse!.waitFor(() => stream.sse!.events.some((e) => e.event === "response"), "the tunnel's answer");
    const response = JSON.parse(stream.sse!.events.find((e) => e.event === "response")!.data);
    expect(response).toMatchObject({ requestId: accepted.json.id, listener: "laptop", status: 201, body: "local ok" });
    await stream.stop();
  });
});

describe("the listen tunnel stream", () => {
  it("resumes a restarted listener after its last answer: nothing lost, nothing repeated", async () => {
    const source = await createSource({ name: "tunnel", verification: { provider: "api_key_header", header: "x-key", value: "k" } }, ctx);
    await post(source.url, 0); // before the listener ever connected: never sent to it
    const first = await connect(source.id, { listener: "dev" });
    const ok = (n: number) => postInbound(source.url, { body: JSON.stringify({ n }), headers: { "x-key": "k" } }).then((r) => r.json.id as string);
    const r1 = await ok(1);
    const r2 = await ok(2);
    await postInbound(source.url, { body: "{}" }); // rejected: not for tunnels
    await first.sse!.waitFor(() => first.sse!.requests().length === 2, "r1 and r2");
    expect(first.sse!.requests().map((r) => r.id)).toEqual([r1, r2]);
    await answer(source.id, r1, "dev");
    // r2 was received but not answered when the CLI died.
    await first.stop();

    const r3 = await ok(3);
    const r4 = await ok(4);
    const second = await connect(source.id, { listener: "dev" });
    await second.sse!.waitFor(() => second.sse!.requests().length >= 3, "r2, r3 and r4");
    await new Promise((r) => setTimeout(r, 300));
    expect(second.sse!.requests().map((r) => r.id)).toEqual([r2, r3, r4]);
    for (const id of [r2, r3, r4]) await answer(source.id, id, "dev");
    await second.stop();

    // Another listener name has its own history: it starts with new requests only.
    const other = await connect(source.id, { listener: "teammate" });
    const r5 = await ok(5);
    await other.sse!.waitFor(() => other.sse!.requests().length >= 1, "r5");
    expect(other.sse!.requests().map((r) => r.id)).toEqual([r5]);
    await other.stop();

    // And "dev", reconnecting once more, gets only r5.
    const third = await connect(source.id, { listener: "dev" });
    await third.sse!.waitFor(() => third.sse!.requests().length >= 1, "r5 for dev");
    await new Promise((r) => setTimeout(r, 300));
    expect(third.sse!.requests().map((r) => r.id)).toEqual([r5]);
    await third.stop();
  });
});

describe("across instances", () => {
  it("hears a request stored by another instance through NOTIFY, without waiting for a poll", async () => {
    const source = await createSource({ name: "other instance" }, ctx);
    const controller = new AbortController();
    // A poll interval far beyond the test's patience: only the notification can deliver in time.
    const sse = sseReader(requestStream({ sourceId: source.id, lastEventId: null, listener: null, signal: controller.signal, pollMs: 3_600_000, stillAuthorized: async () => true, authRecheckMs: 3_600_000 }));
    await sse.waitFor(() => sse.events.some((e) => e.event === "ready"), "ready");
    // "Another instance": its own connection inserts the row and notifies, as lib/inbound/live.ts does there.
    const other = postgres(process.env.DATABASE_URL!, { max: 1, onnotice: () => {} });
    const id = newId("req");
    await other`insert into inbound_requests (id, workspace_id, source_id, method, headers, body, body_size, verdict, status)
      values (${id}, ${ctx.workspaceId}, ${source.id}, 'POST', '[]'::jsonb, ${Buffer.from("from elsewhere")}, 14, 'accepted', 200)`;
    await other`select pg_notify(${INBOUND_CHANNEL}, ${JSON.stringify({ kind: "request", sourceId: source.id, id })})`;
    await sse.waitFor(() => sse.requests().some((r) => r.id === id), "the other instance's request");
    await other.end();
    controller.abort();
    await sse.close();
  });
});

describe("stream auth", () => {
  it("needs a key, the scope, and a source of the key's workspace", async () => {
    const source = await createSource({ name: "auth" }, ctx);
    expect((await connect(source.id, { key: "sb_live_nope" })).response.status).toBe(401);
    const readOnly = (await createApiKey({ name: "ro", scopes: ["endpoints:read"], ipAllowlist: "" }, ctx)).key;
    expect((await connect(source.id, { key: readOnly })).response.status).toBe(403);
    const stranger = (await createOwner()).ctx;
    const strangerKey = (await createApiKey({ name: "x", scopes: ["sources:read"], ipAllowlist: "" }, stranger)).key;
    expect((await connect(source.id, { key: strangerKey })).response.status).toBe(404);
  });
});
