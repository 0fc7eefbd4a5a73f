// A request stream ends when what authorized it is gone: the key revoked, the member removed.
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as streamRoute } from "@/app/api/v1/sources/[id]/stream/route";
import { db } from "@/db";
import { memberships } from "@/db/schema";
import { resetEnvForTests } from "@/lib/platform/env";
import { requestStream } from "@/lib/inbound/stream";
import { createApiKey, revokeApiKey } from "@/lib/keys/service";
import { createSource } from "@/lib/inbound/sources";
import type { RequestContext } from "@/lib/api/request-context";
import { memberStillMay, removeMember } from "@/lib/workspaces/service";
import { contextFor, createOwner, createUser } from "@/tests/helpers/factories";
import { postInbound } from "./helpers";
import { sseReader } from "./sse";

let ctx: RequestContext;
beforeAll(async () => {
  process.env.STREAM_AUTH_RECHECK_MS = "100";
  resetEnvForTests();
  ctx = (await createOwner()).ctx;
});
afterAll(() => {
  delete process.env.STREAM_AUTH_RECHECK_MS;
  resetEnvForTests();
});

/** Resolves when the stream has closed by itself, with the events it sent. */
async function ended(sse: ReturnType<typeof sseReader>) {
  await sse.waitFor(() => sse.events.some((e) => e.event === "end"), "the end event");
  await sse.close();
  return sse.events;
}

describe("a request stream re-checks its authorization", () => {
  it("through the API: revoking the key ends the open stream", async () => {
    const source = await createSource({ name: "watched" }, ctx);
    const { key, apiKey } = await createApiKey({ name: "cli", scopes: ["sources:read"], ipAllowlist: "" }, ctx);
    const controller = new AbortController();
    const headers = new Headers({ authorization: `Bearer ${key}`, "x-forwarded-for": "127.0.0.1", accept: "text/event-stream" });
    const request = new NextRequest(`http://127.0.0.1:3000/api/v1/sources/${source.id}/stream`, { headers, signal: controller.signal });
    const response = await streamRoute(request, { params: Promise.resolve({ id: source.id }) });
    expect(response.status).toBe(200);
    const sse = sseReader(response.body!);
    await sse.waitFor(() => sse.events.some((e) => e.event === "ready"), "ready");

    // Still authorized: requests keep arriving across several re-checks.
    const { json } = await postInbound(source.url, { body: '{"n":1}' });
    await sse.waitFor(() => sse.requests().some((r) => r.id === json.id), "the first request");

    await revokeApiKey({ keyId: apiKey.id }, ctx);
    const events = await ended(sse);
    expect(events.at(-1)).toEqual({ event: "end", data: JSON.stringify({ reason: "unauthorized" }) });
    controller.abort();

    // The reconnection the client then makes is refused.
    const again = await streamRoute(new NextRequest(request.url, { headers }), { params: Promise.resolve({ id: source.id }) });
    expect(again.status).toBe(401);
  });

  it("for the inspector: removing the member ends their stream", async () => {
    const source = await createSource({ name: "inspected" }, ctx);
    const member = await createUser();
    await db().insert(memberships).values({ workspaceId: ctx.workspaceId, userId: member.id, role: "viewer" });
    // The inspector route's re-check (its session's user must still be a member who may read sources).
    const stillAuthorized = () => memberStillMay(ctx.workspaceId, member.id, "sources:read");
    const controller = new AbortController();
    const sse = sseReader(requestStream({ sourceId: source.id, lastEventId: null, listener: null, signal: controller.signal, stillAuthorized, authRecheckMs: 100 }));
    await sse.waitFor(() => sse.events.some((e) => e.event === "ready"), "ready");
    expect(await stillAuthorized()).toBe(true);

    await db().transaction((tx) => removeMember({ userId: member.id }, contextFor(ctx.workspaceId, { id: ctx.actor.id!, email: ctx.actor.label }, "owner"), tx));
    expect((await ended(sse)).at(-1)?.event).toBe("end");
    controller.abort();
  });
});
