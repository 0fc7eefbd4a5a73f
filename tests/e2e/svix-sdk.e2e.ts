// The official `svix` SDK (2.5.0) against Switchboard's Svix-compatible API on the production server over loopback
// (so Next's own routing decides between the (svix) routes, ours and the catch-all): every covered call, with Svix's
// field names, statuses, errors and pagination; a delivery verified with svix's Webhook class with and without the
// migrated-from-Svix headers; and the docs' table of covered calls checked against the calls made here. Deliveries are
// attempted in this process against the app's database, as the worker would (the self-hosted app runs none).
import { readFileSync } from "node:fs";
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { ApiException, Svix, Webhook } from "svix";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SVIX_CALLS } from "@/lib/compat/svix";
import { attemptDelivery } from "@/lib/outbound/attempt";
import { createEndpoint } from "@/lib/outbound/endpoints";
import { getMessage } from "@/lib/outbound/message-lists";
import { closeHttpClient } from "@/lib/net/http-client";
import { generateEndpointSecret } from "@/lib/signing";
import { createOwnerWithKey } from "../helpers/factories";
import { startApp } from "../helpers/app-server";
import { startSmtpServer } from "../helpers/smtp";

const called = new Set<string>();

/** The SDK client with every resource method call recorded as `resource.method`. */
function recorded(svix: Svix): Svix {
  return new Proxy(svix, {
    get(target, resource: string) {
      const api = Reflect.get(target, resource) as object;
      if (typeof api !== "object" || api === null) return api;
      return new Proxy(api, {
        get(inner, method: string) {
          const fn = Reflect.get(inner, method) as unknown;
          if (typeof fn !== "function") return fn;
          return (...args: unknown[]) => {
            called.add(`${resource}.${method}`);
            return (fn as (...a: unknown[]) => unknown).apply(inner, args);
          };
        },
      });
    },
  });
}

/** The ApiException a call throws. */
async function failure(call: Promise<unknown>): Promise<ApiException<{ code?: string; detail: unknown }>> {
  const error = await call.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(ApiException);
  return error as ApiException<{ code?: string; detail: unknown }>;
}

const received: { url: string; headers: IncomingHttpHeaders; body: string }[] = [];
const receiver = createServer((req, res) => {
  let body = "";
  req.on("data", (c) => (body += c));
  req.on("end", () => {
    received.push({ url: req.url ?? "", headers: req.headers, body });
    res.writeHead(204).end();
  });
});
let receiverUrl: string;
let app: Awaited<ReturnType<typeof startApp>>;
let smtp: Awaited<ReturnType<typeof startSmtpServer>>;

beforeAll(async () => {
  await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", r));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  smtp = await startSmtpServer();
  app = await startApp({ EMAIL_SERVER: smtp.url });
});
afterAll(async () => {
  await app?.stop();
  await smtp?.close();
  await closeHttpClient();
  await new Promise((r) => receiver.close(r));
});

/** Sends every delivery of the message now, as the worker would. */
async function deliver(messageId: string, ctx: Parameters<typeof getMessage>[1]) {
  const message = await getMessage({ id: messageId as `msg_${string}` }, ctx);
  for (const d of message.deliveries) if (d.status === "pending") await attemptDelivery(d.id);
}

/** The SDK calls the guide's table lists as covered. */
const documented = () => new Set([...readFileSync("docs/svix-migration.md", "utf8").matchAll(/^\| `([a-zA-Z]+\.[a-zA-Z]+)` \|/gm)].map((m) => m[1]));

const INVOICE_SCHEMA = { type: "object", required: ["amount"], properties: { amount: { type: "integer" } } };

describe("the svix SDK against the Svix-compatible API", () => {
  it("runs every covered call, delivers verifiably with and without the svix-* headers", async () => {
    const { key, ctx } = await createOwnerWithKey();
    const svix = recorded(new Svix(key, { serverUrl: app.url, numRetries: 0 } as never));

    await svix.health.get();

    // Event types: Svix's OpenAPI export (3.0 with x-webhooks) through our import, then the catalog calls.
    const spec = { openapi: "3.0.0", info: { title: "x", version: "1" }, paths: {}, "x-webhooks": { "invoice.paid": { post: { description: "An invoice was paid", requestBody: { content: { "application/json": { schema: INVOICE_SCHEMA } } } } } } };
    expect((await svix.eventType.importOpenapi({ spec, dryRun: true })).data.modified).toEqual(["invoice.paid"]);
    expect((await svix.eventType.importOpenapi({ specRaw: JSON.stringify(spec) })).data.modified).toEqual(["invoice.paid"]);
    const userCreated = await svix.eventType.create({ name: "user.created", description: "A user", schemas: { "1": { type: "object", examples: [{ id: "u_1" }] } } });
    expect(userCreated).toMatchObject({ name: "user.created", archived: false, deprecated: false, schemas: { "1": { type: "object" } } });
    expect((await svix.eventType.get("invoice.paid")).schemas).toEqual({ "1": INVOICE_SCHEMA });
    expect((await svix.eventType.patch("user.created", { description: "A new user", deprecated: true })).deprecated).toBe(true);
    expect(await svix.eventType.upsert("user.deleted", { description: "Gone" })).toMatchObject({ name: "user.deleted", description: "Gone" });
    const firstTypes = await svix.eventType.list({ limit: 2 });
    expect(firstTypes).toMatchObject({ done: false, prevIterator: null });
    const restTypes = await svix.eventType.list({ limit: 2, iterator: firstTypes.iterator });
    expect([...firstTypes.data, ...restTypes.data].map((t) => t.name)).toEqual(["invoice.paid", "user.created", "user.deleted"]);
    expect(restTypes.done).toBe(true);
    // A refused query parameter is located in the query string, as Svix locates it.
    expect(((await failure(svix.eventType.list({ limit: 0 }))).body.detail as { loc: string[] }[])[0].loc).toEqual(["query", "limit"]);
    await svix.eventType.delete("user.deleted");
    expect((await svix.eventType.get("user.deleted")).archived).toBe(true);

    // Applications, by id or uid.
    const acme = await svix.application.create({ name: "Acme", uid: "acme", throttleRate: 5, metadata: { plan: "pro" } });
    expect(acme).toMatchObject({ uid: "acme", name: "Acme", throttleRate: 5, metadata: { plan: "pro" } });
    expect((await svix.application.getOrCreate({ name: "Other name", uid: "acme" })).id).toBe(acme.id);
    expect((await svix.application.get("acme")).id).toBe(acme.id);
    expect((await svix.application.patch(acme.id, { name: "Acme Inc" })).name).toBe("Acme Inc");
    const beta = await svix.application.upsert("beta", { name: "Beta" });
    expect(beta.uid).toBe("beta");
    expect((await svix.application.list({ limit: 10 })).data.map((a) => a.uid)).toEqual(expect.arrayContaining(["acme", "beta"]));
    await svix.application.delete("beta");
    const gone = await failure(svix.application.get("beta"));
    expect(gone.code).toBe(404);
    expect(gone.body).toMatchObject({ code: "not_found", detail: expect.any(String) });

    // Idempotency-Key, Svix's way: a repeat answers the first success whatever its body; an error is not kept.
    const once = await svix.application.create({ name: "Once", uid: "once" }, { idempotencyKey: "idem-1" });
    expect((await svix.application.create({ name: "Other", uid: "other" }, { idempotencyKey: "idem-1" })).id).toBe(once.id);
    expect((await failure(svix.application.create({ name: "", uid: "bad uid!" }, { idempotencyKey: "idem-2" }))).code).toBe(422);
    expect((await svix.application.create({ name: "Fixed", uid: "fixed" }, { idempotencyKey: "idem-2" })).uid).toBe("fixed");

    // Endpoints: one created through the SDK with the customer's existing secret (migrated from Svix by default), one
    // through our own API without the flag.
    const secret = generateEndpointSecret(24);
    const migrated = await svix.endpoint.create("acme", { url: `${receiverUrl}/migrated`, secret, eventTypes: ["invoice.paid", "user.created"], description: "m" });
    expect(migrated).toMatchObject({ url: `${receiverUrl}/migrated`, disabled: false, eventTypes: ["invoice.paid", "user.created"], metadata: {} });
    // Our own API's create (the same core function POST /api/v1/endpoints calls), without the flag.
    const { endpoint: plain } = await createEndpoint({ application: "acme", url: `${receiverUrl}/plain`, secret, payloadFormat: "raw" }, ctx);
    expect(plain.migratedFromSvix).toBe(false);
    expect((await svix.endpoint.list("acme")).data.map((e) => e.id).sort()).toEqual([migrated.id, plain.id].sort());
    expect((await svix.endpoint.get("acme", migrated.id)).description).toBe("m");
    expect((await svix.endpoint.patch("acme", migrated.id, { description: "patched" })).description).toBe("patched");
    expect((await svix.endpoint.upsert("acme", migrated.id, { url: `${receiverUrl}/migrated`, eventTypes: ["invoice.paid", "user.created"], description: "upserted" })).description).toBe("upserted");
    expect((await svix.endpoint.getSecret("acme", migrated.id)).key).toBe(secret);
    await svix.endpoint.setHeaders("acme", migrated.id, { headers: { "x-a": "1", "x-c": "3" } });
    await svix.endpoint.patchHeaders("acme", migrated.id, { headers: { "x-b": "2" }, deleteHeaders: ["x-a"] });
    expect(await svix.endpoint.getHeaders("acme", migrated.id)).toEqual({ headers: { "x-c": "3", "x-b": "2" }, sensitive: [] });
    const invalid = await failure(svix.endpoint.create("acme", { url: "" }));
    expect(invalid.code).toBe(422);
    expect((invalid.body.detail as { loc: string[] }[])[0]).toMatchObject({ loc: ["body", "url"], msg: expect.any(String), type: "value_error" });
    // Another application's endpoint is not this one's.
    await svix.application.create({ name: "Delta", uid: "delta" });
    expect((await failure(svix.endpoint.get("delta", migrated.id))).code).toBe(404);

    // Messages: eventId de-duplication, an application made on the fly, get by id or event id.
    const sent = await svix.message.create("acme", { eventType: "invoice.paid", eventId: "evt_1", payload: { amount: 42 } });
    expect(sent).toMatchObject({ eventType: "invoice.paid", eventId: "evt_1", payload: {} });
    const dup = await failure(svix.message.create("acme", { eventType: "invoice.paid", eventId: "evt_1", payload: { amount: 42 } }));
    expect(dup.code).toBe(409);
    expect(dup.body.code).toBe("conflict");
    const onTheFly = await svix.message.create("gamma", { eventType: "invoice.paid", payload: { amount: 1 }, application: { name: "Gamma", uid: "gamma" } });
    expect((await svix.application.get("gamma")).name).toBe("Gamma");
    expect((await svix.message.get("gamma", onTheFly.id)).id).toBe(onTheFly.id);
    expect((await svix.message.get("acme", "evt_1", { withContent: true })).payload).toEqual({ amount: 42 });
    expect((await svix.message.list("acme", { withContent: true })).data.map((m) => m.payload)).toEqual([{ amount: 42 }]);

    // Delivery: the migrated endpoint's request verifies with svix-* headers alone; the plain one has none of them,
    // and verifies through the webhook-* headers svix's Webhook also reads.
    await deliver(sent.id, ctx);
    const toMigrated = received.find((r) => r.url === "/migrated")!;
    const toPlain = received.find((r) => r.url === "/plain")!;
    expect(JSON.parse(toMigrated.body)).toEqual({ amount: 42 });
    const svixOnly = { "svix-id": String(toMigrated.headers["svix-id"]), "svix-timestamp": String(toMigrated.headers["svix-timestamp"]), "svix-signature": String(toMigrated.headers["svix-signature"]) };
    expect(svixOnly).toEqual({ "svix-id": toMigrated.headers["webhook-id"], "svix-timestamp": toMigrated.headers["webhook-timestamp"], "svix-signature": toMigrated.headers["webhook-signature"] });
    expect(() => new Webhook(secret).verify(toMigrated.body, svixOnly)).not.toThrow();
    expect(toPlain.headers["svix-id"]).toBeUndefined();
    expect(() => new Webhook(secret).verify(toPlain.body, toPlain.headers as Record<string, string>)).not.toThrow();
    expect(() => new Webhook(secret).verify(toPlain.body, { "svix-id": String(toPlain.headers["webhook-id"]) })).toThrow();

    // Attempts, in Svix's shapes.
    const byMsg = await svix.messageAttempt.listByMsg("acme", sent.id);
    expect(byMsg.data).toHaveLength(2);
    expect(byMsg.data[0]).toMatchObject({ msgId: sent.id, status: 0, statusText: "success", responseStatusCode: 204, triggerType: 0 });
    const byEndpoint = await svix.messageAttempt.listByEndpoint("acme", migrated.id, { withMsg: true });
    expect(byEndpoint.data).toEqual([expect.objectContaining({ endpointId: migrated.id, msg: expect.objectContaining({ id: sent.id }) })]);
    expect((await svix.messageAttempt.listAttemptedMessages("acme", migrated.id)).data).toEqual([expect.objectContaining({ id: sent.id, status: 0, statusText: "success" })]);
    expect((await svix.messageAttempt.listAttemptedDestinations("acme", sent.id)).data.map((d) => d.id).sort()).toEqual([migrated.id, plain.id].sort());
    expect((await svix.messageAttempt.get("acme", sent.id, byEndpoint.data[0].id)).id).toBe(byEndpoint.data[0].id);
    expect(await svix.messageAttempt.resend("acme", sent.id, migrated.id)).toEqual({});
    await deliver(sent.id, ctx);
    expect(received.filter((r) => r.url === "/migrated")).toHaveLength(2);
    expect((await svix.messageAttempt.listByEndpoint("acme", migrated.id)).data[0]).toMatchObject({ triggerType: 1 });

    // Stats, recovery, replay of missing messages, examples.
    expect(await svix.endpoint.getStats("acme", migrated.id)).toEqual({ success: 1, pending: 0, sending: 0, fail: 0, canceled: 0 });
    expect(await svix.endpoint.recover("acme", migrated.id, { since: new Date(Date.now() - 3600_000) })).toMatchObject({ status: "finished", task: "endpoint.recover" });
    const late = await svix.endpoint.create("acme", { url: `${receiverUrl}/late` });
    expect(await svix.endpoint.replayMissing("acme", late.id, { since: new Date(Date.now() - 3600_000) })).toMatchObject({ status: "finished", task: "endpoint.replay" });
    expect(await svix.endpoint.getStats("acme", late.id)).toMatchObject({ pending: 1 });
    const example = await svix.endpoint.sendExample("acme", migrated.id, { eventType: "user.created" });
    expect(example.payload).toEqual({ id: "u_1" });

    // Secrets rotate to the given key.
    const next = generateEndpointSecret(24);
    await svix.endpoint.rotateSecret("acme", migrated.id, { key: next });
    expect((await svix.endpoint.getSecret("acme", migrated.id)).key).toBe(next);

    // A call we do not cover names itself.
    const unsupported = await failure(svix.endpoint.transformationPartialUpdate("acme", migrated.id, {}));
    expect(unsupported.code).toBe(404);
    expect(unsupported.body).toMatchObject({ code: "not_supported", detail: expect.stringContaining("endpoint.transformationPartialUpdate") });

    // The app portal token: the SDK's token for one application only, until logged out.
    const access = await svix.authentication.appPortalAccess("acme", {});
    expect(access.url).toContain("/portal/access/");
    const portal = recorded(new Svix(access.token, { serverUrl: app.url, numRetries: 0 } as never));
    expect((await portal.endpoint.list("acme")).data).toHaveLength(3);
    expect((await failure(portal.endpoint.list("gamma"))).code).toBe(404);
    expect((await failure(portal.application.create({ name: "No" }))).code).toBe(403);
    await portal.authentication.logout();
    expect((await failure(portal.endpoint.list("acme"))).code).toBe(401);
    const second = await svix.authentication.appPortalAccess("acme", {});
    await svix.authentication.expireAll("acme", {});
    expect((await failure(new Svix(second.token, { serverUrl: app.url, numRetries: 0 } as never).endpoint.list("acme"))).code).toBe(401);
    expect((await failure(svix.authentication.logout())).code).toBe(403);

    await svix.endpoint.delete("acme", late.id);
    expect((await failure(svix.endpoint.get("acme", late.id))).code).toBe(404);
  });

  it("the guide's table of covered calls is exactly the calls made here", () => {
    expect([...documented()].sort()).toEqual([...called].filter((c) => c !== "endpoint.transformationPartialUpdate").sort());
  });

  // Next's router, not ours, decides which route file a path reaches: an uncovered call whose path also fits a covered
  // route's folder (POST /app/{app_id}/msg/bulk-expunge fits msg/[msg_id]) must still reach the not_supported answer.
  it("answers every other call of the SDK under /api/v1 404 not_supported naming it", async () => {
    const { key } = await createOwnerWithKey();
    const covered = documented();
    const wrong: string[] = [];
    for (const [method, template, name] of SVIX_CALLS) {
      if (covered.has(name) || !template.startsWith("/api/v1/")) continue;
      const path = template.replace(/\{([a-z_]+)\}/g, (_, param: string) => `${param}_1`);
      const response = await fetch(`${app.url}${path}`, { method, headers: { authorization: `Bearer ${key}`, "content-type": "application/json" }, body: method === "GET" || method === "DELETE" ? undefined : "{}" });
      const text = await response.text();
      const body = (() => { try { return JSON.parse(text) as { code?: string; detail?: string }; } catch { return null; } })();
      if (response.status !== 404 || body?.code !== "not_supported" || !body.detail?.includes(`(${method} ${template})`)) wrong.push(`${name}: ${method} ${path} answered ${response.status} ${text.slice(0, 120)}`);
    }
    expect(wrong).toEqual([]);
  });
});
