// Loopback endpoints: refused with a hint that says how to allow them, and, in the embedded mode only, allowed per
// workspace by its audited "Local testing" switch.
import { and, eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { db } from "@/db";
import { auditLog, deliveries, workspaces } from "@/db/schema";
import { attemptDelivery } from "@/lib/outbound/attempt";
import { setLocalTesting, targetPolicyFor } from "@/lib/net/local-testing";
import { policyWithLocalTesting, validateTargetUrl } from "@/lib/net/ssrf";
import { createEndpoint, updateEndpoint } from "@/lib/outbound/endpoints";
import { createEventType } from "@/lib/outbound/event-types";
import { sendMessage } from "@/lib/outbound/send";
import { resetEnvForTests } from "@/lib/platform/env";
import { createOwner } from "@/tests/helpers/factories";
import { startVerifyingReceiver } from "@/tests/helpers/verifying-receiver";

const VARIABLES = ["ALLOW_PRIVATE_TARGETS", "SWITCHBOARD_EMBEDDED", "APP_URL", "EMAIL_SERVER"] as const;
const saved = Object.fromEntries(VARIABLES.map((name) => [name, process.env[name]]));

function setMode({ embedded }: { embedded: boolean }) {
  process.env.ALLOW_PRIVATE_TARGETS = "0";
  process.env.SWITCHBOARD_EMBEDDED = embedded ? "1" : "0";
  // A self-hosted server needs its public URL and a mail server; neither is reached here.
  process.env.APP_URL = "http://127.0.0.1:3000";
  process.env.EMAIL_SERVER = "smtp://127.0.0.1:2525";
  resetEnvForTests();
}

beforeEach(() => setMode({ embedded: true }));
afterEach(() => {
  for (const name of VARIABLES) {
    if (saved[name] === undefined) delete process.env[name];
    else process.env[name] = saved[name];
  }
  resetEnvForTests();
});

async function urlError(promise: Promise<unknown>): Promise<string> {
  const error = (await promise.then(() => null, (e: unknown) => e)) as { name?: string; issues?: { path: string[]; message: string }[] } | null;
  expect(error?.name).toBe("ZodError");
  const issue = error!.issues!.find((i) => i.path.join(".") === "url");
  expect(issue).toBeDefined();
  return issue!.message;
}

describe("refused loopback targets", () => {
  it("say how to allow them: the switch in the embedded mode, ALLOW_PRIVATE_TARGETS elsewhere", () => {
    const embedded = validateTargetUrl("http://127.0.0.1:8080/hooks", policyWithLocalTesting(false));
    expect(embedded).toMatchObject({ ok: false, code: "ssrf_blocked" });
    expect(!embedded.ok && embedded.message).toMatch(/loopback address.*turn on Local testing in the workspace settings.*ALLOW_PRIVATE_TARGETS=1 \(development only\)/);

    setMode({ embedded: false });
    const selfHosted = validateTargetUrl("https://localhost/hooks", policyWithLocalTesting(true));
    expect(!selfHosted.ok && selfHosted.message).toMatch(/ALLOW_PRIVATE_TARGETS=1 \(development only\).*PRIVATE_TARGET_ALLOWLIST/);
    expect(!selfHosted.ok && selfHosted.message).not.toMatch(/Local testing/);
  });

  it("give no way around the metadata address", () => {
    const result = validateTargetUrl("http://169.254.169.254/latest", policyWithLocalTesting(true));
    expect(result).toMatchObject({ ok: false, code: "ssrf_blocked" });
    expect(!result.ok && result.message).not.toMatch(/ALLOW_PRIVATE_TARGETS|Local testing/);
  });
});

describe("local testing", () => {
  it("opens loopback, over http too, and nothing else", () => {
    const policy = policyWithLocalTesting(true);
    for (const url of ["http://127.0.0.1:8080/x", "http://localhost:3001/x", "https://[::1]/x"]) expect(validateTargetUrl(url, policy).ok, url).toBe(true);
    for (const url of ["https://10.0.0.1/x", "https://192.168.1.5/x", "http://169.254.169.254/x"]) expect(validateTargetUrl(url, policy).ok, url).toBe(false);
    expect(validateTargetUrl("http://hooks.example.com/x", policy)).toMatchObject({ ok: false, code: "scheme_not_allowed" });
  });

  it("is off by default, applies to its own workspace only, and is audited", async () => {
    const { ctx } = await createOwner();
    const other = (await createOwner()).ctx;
    expect(await urlError(createEndpoint({ url: "http://127.0.0.1:9/hooks" }, ctx))).toMatch(/Local testing/);

    await db().transaction((tx) => setLocalTesting({ enabled: true }, ctx, tx));
    const { endpoint } = await createEndpoint({ url: "http://127.0.0.1:9/hooks" }, ctx);
    expect(endpoint.url).toBe("http://127.0.0.1:9/hooks");
    await expect(urlError(createEndpoint({ url: "http://127.0.0.1:9/hooks" }, other))).resolves.toMatch(/loopback/);
    await expect(urlError(updateEndpoint({ id: endpoint.id, url: "https://10.1.2.3/hooks" }, ctx))).resolves.toMatch(/private address/);

    await db().transaction((tx) => setLocalTesting({ enabled: false }, ctx, tx));
    await expect(urlError(updateEndpoint({ id: endpoint.id, url: "http://localhost:9/other" }, ctx))).resolves.toMatch(/loopback/);

    const audit = await db()
      .select({ before: auditLog.before, after: auditLog.after })
      .from(auditLog)
      .where(and(eq(auditLog.workspaceId, ctx.workspaceId), eq(auditLog.action, "workspace.local_testing")))
      .orderBy(auditLog.createdAt);
    expect(audit).toEqual([
      { before: { localTesting: false }, after: { localTesting: true } },
      { before: { localTesting: true }, after: { localTesting: false } },
    ]);
  });

  it("exists only in the embedded mode: elsewhere it cannot be turned on, and a stored flag is ignored", async () => {
    const { ctx } = await createOwner();
    await db().update(workspaces).set({ localTesting: true }).where(eq(workspaces.id, ctx.workspaceId));
    setMode({ embedded: false });
    await expect(db().transaction((tx) => setLocalTesting({ enabled: true }, ctx, tx))).rejects.toMatchObject({ code: "forbidden" });
    expect((await targetPolicyFor(ctx.workspaceId)).allowLoopback).toBeFalsy();
    await expect(urlError(createEndpoint({ url: "http://127.0.0.1:9/hooks" }, ctx))).resolves.toMatch(/ALLOW_PRIVATE_TARGETS/);
  });
});

describe("deliveries under local testing", () => {
  it("reach a loopback receiver while it is on, and stop at the next attempt once it is off", async () => {
    const receiver = await startVerifyingReceiver();
    try {
      const { ctx } = await createOwner();
      await createEventType({ name: "order.paid" }, ctx);
      await db().transaction((tx) => setLocalTesting({ enabled: true }, ctx, tx));
      const { endpoint, secret } = await createEndpoint({ url: receiver.url, eventTypes: ["order.paid"] }, ctx);
      receiver.secrets = [secret];
      const deliveryOf = async () => {
        const sent = await sendMessage({ eventType: "order.paid", payload: { n: 1 } }, ctx);
        const [delivery] = await db().select().from(deliveries).where(and(eq(deliveries.messageId, sent.message.id), eq(deliveries.endpointId, endpoint.id)));
        return delivery.id;
      };

      expect(await attemptDelivery(await deliveryOf())).toMatchObject({ status: "succeeded" });
      expect(receiver.requests).toHaveLength(1);

      await db().transaction((tx) => setLocalTesting({ enabled: false }, ctx, tx));
      const refused = await attemptDelivery(await deliveryOf());
      expect(refused.status).toBe("failed");
      const [attempt] = await db().query.attempts.findMany({ where: (a, { eq: is }) => is(a.deliveryId, refused.deliveryId) });
      expect(attempt.errorClass).toBe("ssrf_blocked");
      expect(receiver.requests).toHaveLength(1);
    } finally {
      await receiver.close();
    }
  });
});
