// `switchboard listen` as a child process against the real route handlers (served on 127.0.0.1): the local target
// gets each request with the same method, path suffix, headers and body; the inspector shows the target's answer;
// URL and secret stay stable across restarts; killing and restarting the CLI mid-stream neither loses nor repeats.
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiKey } from "@/lib/keys/service";
import { getInboundRequest } from "@/lib/inbound/requests";
import type { RequestContext } from "@/lib/api/request-context";
import { createOwner } from "@/tests/helpers/factories";
import { startAppAdapter } from "./app-adapter";
import { runCli, startLocalTarget } from "./cli-process";
import type { Id } from "@/lib/platform/id-types";

let app: Awaited<ReturnType<typeof startAppAdapter>>;
let target: Awaited<ReturnType<typeof startLocalTarget>>;
let ctx: RequestContext;
let key: string;
const children: ReturnType<typeof runCli>[] = [];

beforeAll(async () => {
  app = await startAppAdapter();
  target = await startLocalTarget();
  ctx = (await createOwner()).ctx;
  key = (await createApiKey({ name: "laptop", scopes: ["sources:write"], ipAllowlist: "" }, ctx)).key;
});
afterAll(async () => {
  for (const cli of children) if (cli.child.exitCode === null) cli.child.kill("SIGKILL");
  await target.close();
  await app.close();
});

function listen(source: string, extra: string[] = []) {
  const cli = runCli(["listen", source, "--forward-to", `${target.state.url}/webhooks`, "--api-url", app.url, "--name", "ci", ...extra], { SWITCHBOARD_API_KEY: key });
  children.push(cli);
  return cli;
}

async function started(cli: ReturnType<typeof runCli>) {
  await cli.waitFor(/Ready\./);
  const url = (await cli.waitFor(/URL:\s+(\S+)/))[1];
  const secret = (await cli.waitFor(/Secret:\s+(\S+)/))[1];
  // The app answers on the adapter's address; the printed URL uses APP_URL's origin.
  return { url, secret, local: `${app.url}${new URL(url).pathname}` };
}

let sent = 0;
async function signedPost(local: string, secret: string, payload: unknown, suffix = "") {
  const id = `msg_${++sent}`;
  const body = JSON.stringify(payload);
  const response = await fetch(`${local}${suffix}`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "x-custom-header": "Kept As Sent",
      "webhook-id": id,
      "webhook-timestamp": String(Math.floor(Date.now() / 1000)),
      "webhook-signature": new Webhook(secret).sign(id, new Date(), body),
    },
    body,
  });
  expect(response.status).toBe(200);
  return { id, requestId: ((await response.json()) as { id: Id<"req"> }).id, body };
}

async function until(predicate: () => boolean | Promise<boolean>, what: string, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const received = (webhookId: string) => target.state.requests.filter((r) => r.headers["webhook-id"] === webhookId);

describe("switchboard listen", () => {
  it("forwards requests exactly and reports the target's answer to the inspector", async () => {
    const cli = listen("local-dev");
    const { secret, local } = await started(cli);
    expect(cli.output()).toContain('Created source "local-dev"');
    expect(secret).toMatch(/^whsec_/);

    const { id, requestId, body } = await signedPost(`${local}/github/push?attempt=1`, secret, { hello: "world", n: 1 });
    await until(() => received(id).length === 1, "the forwarded request");
    const got = received(id)[0];
    expect(got.method).toBe("POST");
    expect(got.url).toBe("/webhooks/github/push?attempt=1");
    expect(got.body.toString()).toBe(body);
    expect(got.headers["x-custom-header"]).toBe("Kept As Sent");
    expect(got.headers["content-type"]).toBe("application/json");
    // The original signature still verifies at the target, since body and headers are untouched.
    expect(() => new Webhook(secret).verify(got.body.toString(), got.headers as Record<string, string>)).not.toThrow();

    await cli.waitFor(new RegExp(`POST /webhooks/github/push\\?attempt=1 -> 201 \\(\\d+ ms\\)\\s+${requestId}`));
    await until(async () => (await getInboundRequest({ id: requestId }, ctx)).tunnelResponses.length === 1, "the reported answer");
    const detail = await getInboundRequest({ id: requestId }, ctx);
    expect(detail.tunnelResponses[0]).toMatchObject({ listener: "ci", status: 201, body: "hello from local", headers: { "x-local": "yes" } });

    cli.child.kill("SIGTERM");
    expect(await cli.exited).toBe(0);
  });

  it("keeps URL and secret across restarts, and neither loses nor repeats requests when killed mid-stream", async () => {
    const first = listen("restartable");
    const one = await started(first);
    const a = await signedPost(one.local, one.secret, { n: "a" });
    await until(async () => (await getInboundRequest({ id: a.requestId }, ctx)).tunnelResponses.length === 1, "a answered");

    // Killed outright, with the stream open: requests keep arriving while it is down.
    first.child.kill("SIGKILL");
    await first.exited;
    const down = [await signedPost(one.local, one.secret, { n: "b" }), await signedPost(one.local, one.secret, { n: "c" })];

    const second = listen("restartable");
    const two = await started(second);
    expect(two.url).toBe(one.url);
    expect(two.secret).toBe(one.secret);
    const d = await signedPost(two.local, two.secret, { n: "d" });
    await until(() => [...down, d].every((r) => received(r.id).length === 1), "b, c and d");

    // A stop in the middle of a forward: the request in hand is finished and reported before exiting.
    target.state.delayMs = 400;
    const inFlight = new Promise<void>((resolve) => (target.state.onRequest = () => resolve()));
    const e = await signedPost(two.local, two.secret, { n: "e" });
    await inFlight;
    second.child.kill("SIGTERM");
    expect(await second.exited).toBe(0);
    target.state.delayMs = 0;
    target.state.onRequest = () => {};
    expect((await getInboundRequest({ id: e.requestId }, ctx)).tunnelResponses).toHaveLength(1);

    const third = listen("restartable");
    await started(third);
    const f = await signedPost(two.local, two.secret, { n: "f" });
    await until(() => received(f.id).length === 1, "f");
    await new Promise((r) => setTimeout(r, 500));
    for (const r of [a, ...down, d, e, f]) expect(received(r.id), r.body).toHaveLength(1);
    third.child.kill("SIGTERM");
    await third.exited;
  });

  it("explains a bad key or a missing option", async () => {
    const bad = runCli(["listen", "x", "--forward-to", "http://127.0.0.1:9/", "--api-url", app.url], { SWITCHBOARD_API_KEY: "sb_live_wrong" });
    expect(await bad.exited).toBe(1);
    expect(bad.output()).toMatch(/switchboard: .*(API key|key)/i);
    const missing = runCli(["listen", "x"], {});
    expect(await missing.exited).toBe(2);
    expect(missing.output()).toContain("--forward-to is required");
  });
});
