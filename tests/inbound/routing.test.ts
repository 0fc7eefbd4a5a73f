// Routing: an accepted inbound request goes through a connection's filter and transformation into the outbound
// outbox, and a loopback receiver gets it signed with the endpoint's own secret (checked with `standardwebhooks`).
import { sign as githubSign } from "@octokit/webhooks-methods";
import { eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/db";
import { deliveries, messages } from "@/db/schema";
import { attemptDelivery } from "@/lib/outbound/attempt";
import { closeHttpClient } from "@/lib/net/http-client";
import { createEndpoint, disableEndpoint } from "@/lib/outbound/endpoints";
import { createConnection, updateConnection } from "@/lib/inbound/connections";
import { replayInboundRequest } from "@/lib/inbound/requests";
import { createSource } from "@/lib/inbound/sources";
import type { RequestContext } from "@/lib/api/request-context";
import { createOwner } from "@/tests/helpers/factories";
import { startVerifyingReceiver, type VerifyingReceiver } from "@/tests/helpers/verifying-receiver";
import { postInbound, storedRequest } from "./helpers";
import type { Id } from "@/lib/platform/id-types";

let ctx: RequestContext;
let receiver: VerifyingReceiver;
const GITHUB_SECRET = "github hook secret";

beforeAll(async () => {
  ctx = (await createOwner()).ctx;
  receiver = await startVerifyingReceiver();
});
afterAll(async () => {
  await closeHttpClient();
  await receiver.close();
});

async function postGithub(url: string, event: string, payload: unknown, delivery = crypto.randomUUID()) {
  const body = JSON.stringify(payload);
  return postInbound(url, {
    body,
    headers: { "content-type": "application/json", "x-github-event": event, "x-github-delivery": delivery, "x-hub-signature-256": await githubSign(GITHUB_SECRET, body) },
  });
}

async function deliverAll(messageIds: Id<"msg">[]) {
  const rows = messageIds.length ? await db().select().from(deliveries).where(inArray(deliveries.messageId, messageIds)) : [];
  for (const row of rows) await attemptDelivery(row.id);
  return rows;
}

const push = { ref: "refs/heads/main", repository: { full_name: "acme/api" }, pusher: { name: "kim" }, commits: [{ id: "c1" }] };

describe("connections", () => {
  it("routes through a filter and a transformation to the endpoint, signed with the endpoint's secret", async () => {
    const { endpoint, secret } = await createEndpoint({ url: `${receiver.url}/github` }, ctx);
    receiver.secrets = [secret];
    const source = await createSource({ name: "github", verification: { provider: "github", secret: GITHUB_SECRET } }, ctx);
    await createConnection(
      {
        sourceId: source.id,
        endpointId: endpoint.id,
        filter: { and: [{ path: "headers.x-github-event", op: "eq", value: "push" }, { path: "body.ref", op: "regex", value: "^refs/heads/main$" }] },
        transform: { eventType: "github.{{headers.x-github-event}}", payload: { repo: "{{body.repository.full_name}}", by: "{{body.pusher.name}}", commits: "{{body.commits}}", summary: "{{body.pusher.name}} pushed to {{body.repository.full_name}}" } },
      },
      ctx,
    );

    const accepted = await postGithub(source.url, "push", push);
    expect(accepted.response.status).toBe(200);
    const request = await storedRequest(accepted.json.id as string);
    expect(request.messageIds).toHaveLength(1);
    const [message] = await db().select().from(messages).where(eq(messages.id, request.messageIds[0]));
    expect(message).toMatchObject({ eventType: "github.push", eventId: request.id, payload: { repo: "acme/api", by: "kim", commits: [{ id: "c1" }], summary: "kim pushed to acme/api" } });

    const [delivery] = await deliverAll(request.messageIds);
    expect(delivery.endpointId).toBe(endpoint.id);
    expect(receiver.requests).toHaveLength(1);
    const got = receiver.requests[0];
    expect(got.verifiedBy).toEqual([0]);
    expect(got.headers["webhook-id"]).toBe(message.id);
    expect(JSON.parse(got.body)).toMatchObject({ type: "github.push", data: { repo: "acme/api", by: "kim" } });

    // The filter keeps other events and other branches out.
    const ping = await postGithub(source.url, "ping", { zen: "Keep it logically awesome." });
    expect((await storedRequest(ping.json.id as string)).messageIds).toEqual([]);
    const otherBranch = await postGithub(source.url, "push", { ...push, ref: "refs/heads/dev" });
    expect((await storedRequest(otherBranch.json.id as string)).messageIds).toEqual([]);
    // A rejected request routes nothing.
    const forged = await postInbound(source.url, { body: JSON.stringify(push), headers: { "x-github-event": "push", "x-hub-signature-256": "sha256=00" } });
    expect(forged.response.status).toBe(401);
    expect((await storedRequest(forged.response.headers.get("x-switchboard-request-id")!)).messageIds).toEqual([]);
  });

  it("sends the body as it is without a transformation, and fans out to several connections", async () => {
    const a = await createEndpoint({ url: `${receiver.url}/a` }, ctx);
    const b = await createEndpoint({ url: `${receiver.url}/b` }, ctx);
    receiver.secrets = [a.secret, b.secret];
    const source = await createSource({ name: "stripe-like", verification: { provider: "none" } }, ctx);
    await createConnection({ sourceId: source.id, endpointId: a.endpoint.id }, ctx);
    await createConnection({ sourceId: source.id, endpointId: b.endpoint.id, filter: { path: "body.amount", op: "gte", value: 100 } }, ctx);

    const small = await postInbound(source.url, { body: JSON.stringify({ type: "charge.succeeded", amount: 5 }) });
    const big = await postInbound(source.url, { body: JSON.stringify({ type: "charge.succeeded", amount: 500 }) });
    const smallRow = await storedRequest(small.json.id as string);
    const bigRow = await storedRequest(big.json.id as string);
    expect(smallRow.messageIds).toHaveLength(1);
    expect(bigRow.messageIds).toHaveLength(2);
    const routed = await db().select().from(messages).where(inArray(messages.id, bigRow.messageIds));
    expect(routed.map((m) => m.eventType)).toEqual(["charge.succeeded", "charge.succeeded"]);
    expect(routed[0].payload).toEqual({ type: "charge.succeeded", amount: 500 });

    const before = receiver.requests.length;
    await deliverAll(bigRow.messageIds);
    const got = receiver.requests.slice(before);
    expect(got).toHaveLength(2);
    expect(got.every((r) => r.verifiedBy.length === 1)).toBe(true);
  });

  it("skips disabled connections and disabled endpoints, and routes a duplicate only once", async () => {
    const { endpoint } = await createEndpoint({ url: `${receiver.url}/c` }, ctx);
    const source = await createSource({ name: "dedup", deduplicate: true, dedupHeader: "x-id" }, ctx);
    const connection = await createConnection({ sourceId: source.id, endpointId: endpoint.id }, ctx);

    const first = await postInbound(source.url, { body: '{"n":1}', headers: { "x-id": "1" } });
    const repeat = await postInbound(source.url, { body: '{"n":1}', headers: { "x-id": "1" } });
    expect(repeat.json.status).toBe("duplicate");
    const routed = await db().select().from(messages).where(eq(messages.eventId, first.json.id as string));
    expect(routed).toHaveLength(1);

    await updateConnection({ id: connection.id, enabled: false }, ctx);
    expect((await storedRequest((await postInbound(source.url, { body: '{"n":2}', headers: { "x-id": "2" } })).json.id as string)).messageIds).toEqual([]);

    await updateConnection({ id: connection.id, enabled: true }, ctx);
    await disableEndpoint({ id: endpoint.id }, ctx);
    expect((await storedRequest((await postInbound(source.url, { body: '{"n":3}', headers: { "x-id": "3" } })).json.id as string)).messageIds).toEqual([]);
  });

  it("refuses a connection to another workspace's endpoint", async () => {
    const other = (await createOwner()).ctx;
    const { endpoint } = await createEndpoint({ url: `${receiver.url}/x` }, other);
    const source = await createSource({ name: "isolated" }, ctx);
    await expect(createConnection({ sourceId: source.id, endpointId: endpoint.id }, ctx)).rejects.toMatchObject({ code: "not_found" });
  });
});

describe("replay", () => {
  it("replays a stored request to an endpoint through the outbox", async () => {
    const { endpoint, secret } = await createEndpoint({ url: `${receiver.url}/replay` }, ctx);
    receiver.secrets = [secret];
    const source = await createSource({ name: "replay source", verification: { provider: "github", secret: GITHUB_SECRET } }, ctx);
    const posted = await postGithub(source.url, "issues", { action: "opened", issue: { number: 7 } });
    const result = await replayInboundRequest({ id: posted.json.id as Id<"req">, endpointId: endpoint.id }, ctx);
    expect(result.kind).toBe("endpoint");
    const row = await storedRequest(posted.json.id as Id<"req">);
    expect(row.messageIds).toHaveLength(1);
    const before = receiver.requests.length;
    await deliverAll(row.messageIds);
    const [got] = receiver.requests.slice(before);
    expect(got.verifiedBy).toEqual([0]);
    expect(JSON.parse(got.body)).toMatchObject({ type: "github.issues", data: { action: "opened", issue: { number: 7 } } });
  });

  it("replays to a URL as received, through the SSRF rules", async () => {
    const source = await createSource({ name: "replay to url" }, ctx);
    const posted = await postInbound(source.url, { body: "a=1&b=2", headers: { "content-type": "application/x-www-form-urlencoded", "x-custom": "yes" } });
    const before = receiver.requests.length;
    const result = await replayInboundRequest({ id: posted.json.id as Id<"req">, url: `${receiver.url}/raw` }, ctx);
    expect(result).toMatchObject({ kind: "url", status: 401 }); // the verifying receiver answers 401 to unsigned requests
    const [got] = receiver.requests.slice(before);
    expect(got.body).toBe("a=1&b=2");
    expect(got.headers["x-custom"]).toBe("yes");
    expect(got.headers["content-type"]).toBe("application/x-www-form-urlencoded");
    expect(got.headers["x-forwarded-for"]).toBeUndefined();

    const before2 = process.env.ALLOW_PRIVATE_TARGETS;
    process.env.ALLOW_PRIVATE_TARGETS = "0";
    const { resetEnvForTests } = await import("@/lib/platform/env");
    resetEnvForTests();
    try {
      const blocked = await replayInboundRequest({ id: posted.json.id as Id<"req">, url: `${receiver.url}/raw` }, ctx);
      expect(blocked).toMatchObject({ kind: "url", ok: false, status: null });
      expect(blocked.kind === "url" && blocked.error).toMatch(/https|loopback/);
      const metadata = await replayInboundRequest({ id: posted.json.id as Id<"req">, url: "https://169.254.169.254/latest" }, ctx);
      expect(metadata.kind === "url" && metadata.error).toContain("169.254.169.254");
    } finally {
      process.env.ALLOW_PRIVATE_TARGETS = before2;
      resetEnvForTests();
    }
  });
});
