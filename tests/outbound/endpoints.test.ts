import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/db";
import { auditLog, endpoints, endpointSecrets } from "@/db/schema";
import { AppError } from "@/lib/api/errors";
import { decryptSecret } from "@/lib/platform/crypto";
import {
  activeSigningSecrets,
  createEndpoint,
  deleteEndpoint,
  disableEndpoint,
  enableEndpoint,
  getEndpoint,
  listEndpoints,
  outboundAuthHeaders,
  pauseEndpoint,
  resumeEndpoint,
  revealEndpointSecret,
  rotateEndpointSecret,
  updateEndpoint,
} from "@/lib/outbound/endpoints";
import { resetEnvForTests } from "@/lib/platform/env";
import type { RequestContext } from "@/lib/api/request-context";
import { createOwner } from "@/tests/helpers/factories";

let ctx: RequestContext;
let other: RequestContext;

beforeAll(async () => {
  ctx = (await createOwner()).ctx;
  other = (await createOwner()).ctx;
});

async function rejection(promise: Promise<unknown>): Promise<Error> {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(Error);
  return error as Error;
}

describe("endpoints", () => {
  it("creates an endpoint with a whsec_ secret sealed at rest, and never returns credentials in its view", async () => {
    const { endpoint, secret } = await createEndpoint(
      {
        url: "https://hooks.example.com/in",
        description: "Billing",
        eventTypes: ["invoice.*"],
        contentFilter: { path: "amount", op: "gte", value: 100 },
        headers: { "X-Team": "billing" },
        auth: { type: "bearer", token: "tok_supersecret" },
        rateLimitPerSecond: 10,
        timeoutMs: 5000,
      },
      ctx,
    );
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    expect(Buffer.from(secret.slice(6), "base64").length).toBeGreaterThanOrEqual(24);
    expect(endpoint).toMatchObject({ status: "enabled", auth: { type: "bearer" }, eventTypes: ["invoice.*"], timeoutMs: 5000 });
    expect(JSON.stringify(endpoint)).not.toContain("tok_supersecret");

    const [stored] = await db().select().from(endpointSecrets).where(eq(endpointSecrets.endpointId, endpoint.id));
    expect(stored.secretEncrypted).not.toContain(secret.slice(6));
    expect(decryptSecret(stored.secretEncrypted)).toBe(secret);
    const [row] = await db().select().from(endpoints).where(eq(endpoints.id, endpoint.id));
    expect(JSON.stringify(row.auth)).not.toContain("tok_supersecret");
    expect(outboundAuthHeaders(row.auth)).toEqual({ authorization: "Bearer tok_supersecret" });

    const [audit] = await db().select().from(auditLog).where(and(eq(auditLog.targetId, endpoint.id), eq(auditLog.action, "endpoint.create")));
    const trail = JSON.stringify(audit);
    expect(trail).not.toContain("tok_supersecret");
    expect(trail).not.toContain(secret);
    expect(trail).not.toContain("billing\""); // header values stay out of the trail
  });

  it("builds basic and custom-header auth", async () => {
    const basic = await createEndpoint({ url: "https://a.example.com", auth: { type: "basic", username: "ann", password: "p@ss" } }, ctx);
    const header = await createEndpoint({ url: "https://b.example.com", auth: { type: "header", name: "X-Api-Key", value: "k-123" } }, ctx);
    const rows = await db().select().from(endpoints).where(eq(endpoints.workspaceId, ctx.workspaceId));
    const byId = new Map(rows.map((r) => [r.id, r]));
    expect(outboundAuthHeaders(byId.get(basic.endpoint.id)!.auth)).toEqual({ authorization: `Basic ${Buffer.from("ann:p@ss").toString("base64")}` });
    expect(outboundAuthHeaders(byId.get(header.endpoint.id)!.auth)).toEqual({ "x-api-key": "k-123" });
    expect(basic.endpoint.auth).toEqual({ type: "basic", username: "ann" });
  });

  it("refuses unsafe or invalid settings", async () => {
    const cases: Record<string, unknown>[] = [
      { url: "ftp://example.com" },
      { url: "https://user:pw@example.com" },
      { url: "https://169.254.169.254/latest" },
      { url: "https://ok.example.com", timeoutMs: 20_000 },
      { url: "https://ok.example.com", headers: { Host: "evil" } },
      { url: "https://ok.example.com", headers: { "webhook-signature": "x" } },
      { url: "https://ok.example.com", headers: { "X-A": "line\nbreak" } },
      { url: "https://ok.example.com", eventTypes: ["*"] },
      { url: "https://ok.example.com", contentFilter: { path: "a", op: "regex", value: "(?=x)" } },
      { url: "https://ok.example.com", secret: "whsec_short" },
      { url: "https://ok.example.com", rateLimitPerSecond: 0 },
    ];
    for (const input of cases) {
      const error = await rejection(createEndpoint(input as never, ctx));
      expect(error.name, JSON.stringify(input)).toBe("ZodError");
    }
  });

  it("refuses loopback and private URLs when private targets are not allowed", async () => {
    const saved = process.env.ALLOW_PRIVATE_TARGETS;
    process.env.ALLOW_PRIVATE_TARGETS = "0";
    resetEnvForTests();
    try {
      for (const url of ["https://127.0.0.1/x", "https://localhost/x", "https://[::1]/x", "https://10.0.0.1/x", "http://example.com/x"]) {
        const error = await rejection(createEndpoint({ url }, ctx));
        expect(error.name, url).toBe("ZodError");
      }
    } finally {
      process.env.ALLOW_PRIVATE_TARGETS = saved;
      resetEnvForTests();
    }
  });

  it("updates, lists with a cursor, and hides other workspaces' endpoints", async () => {
    const { ctx: own } = await createOwner();
    const created = [];
    for (let i = 0; i < 5; i++) created.push((await createEndpoint({ url: `https://e${i}.example.com` }, own)).endpoint);
    const first = await listEndpoints({ limit: 2 }, own);
    expect(first.data.map((e) => e.url)).toEqual(["https://e4.example.com", "https://e3.example.com"]);
    const second = await listEndpoints({ limit: 2, cursor: first.nextCursor! }, own);
    const third = await listEndpoints({ limit: 2, cursor: second.nextCursor! }, own);
    expect([...second.data, ...third.data].map((e) => e.url)).toEqual(["https://e2.example.com", "https://e1.example.com", "https://e0.example.com"]);
    expect(third.nextCursor).toBeNull();

    const updated = await updateEndpoint({ id: created[0].id, description: "renamed", eventTypes: null, retrySchedule: [0, 1, 2] }, own);
    expect(updated).toMatchObject({ description: "renamed", retrySchedule: [0, 1, 2], url: "https://e0.example.com" });

    const id = created[0].id;
    const foreignCalls = [
      () => getEndpoint({ id }, other),
      () => updateEndpoint({ id, description: "x" }, other),
      () => deleteEndpoint({ id }, other),
      () => revealEndpointSecret({ id }, other),
      () => rotateEndpointSecret({ id }, other),
    ];
    for (const call of foreignCalls) expect(((await rejection(call())) as AppError).code).toBe("not_found");
    await deleteEndpoint({ id: created[0].id }, own);
    expect(((await rejection(getEndpoint({ id: created[0].id }, own))) as AppError).code).toBe("not_found");
  });

  it("pauses, resumes, disables with a reason and enables, refusing impossible moves", async () => {
    const { endpoint } = await createEndpoint({ url: "https://state.example.com" }, ctx);
    expect((await pauseEndpoint({ id: endpoint.id }, ctx)).status).toBe("paused");
    expect((await resumeEndpoint({ id: endpoint.id }, ctx)).status).toBe("enabled");
    const disabled = await disableEndpoint({ id: endpoint.id, reason: "Customer left" }, ctx);
    expect(disabled).toMatchObject({ status: "disabled", disabledReason: "Customer left" });
    expect(disabled.disabledAt).toBeInstanceOf(Date);
    expect(((await rejection(resumeEndpoint({ id: endpoint.id }, ctx))) as AppError).code).toBe("conflict");
    expect(((await rejection(pauseEndpoint({ id: endpoint.id }, ctx))) as AppError).code).toBe("conflict");
    const enabled = await enableEndpoint({ id: endpoint.id }, ctx);
    expect(enabled).toMatchObject({ status: "enabled", disabledReason: null, disabledAt: null });
    const actions = await db().select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.targetId, endpoint.id));
    expect(actions.map((a) => a.action)).toEqual(expect.arrayContaining(["endpoint.pause", "endpoint.resume", "endpoint.disable", "endpoint.enable"]));
  });

  it("rotates secrets with an overlap: both sign until the old one expires", async () => {
    const { endpoint, secret: original } = await createEndpoint({ url: "https://rotate.example.com" }, ctx);
    const { secret: next, previousExpiresAt } = await rotateEndpointSecret({ id: endpoint.id }, ctx);
    expect(next).not.toBe(original);
    const overlap = previousExpiresAt.getTime() - Date.now();
    expect(overlap).toBeGreaterThan(23 * 3600_000);
    expect(overlap).toBeLessThanOrEqual(24 * 3600_000);

    expect(await activeSigningSecrets(endpoint.id)).toEqual([next, original]);
    expect(await activeSigningSecrets(endpoint.id, db(), new Date(previousExpiresAt.getTime() + 1))).toEqual([next]);
    const revealed = await revealEndpointSecret({ id: endpoint.id }, ctx);
    expect(revealed.secret).toBe(next);
    expect(revealed.previous).toEqual([{ secret: original, expiresAt: previousExpiresAt }]);

    // A second rotation never extends the first secret's life, and overlap 0 retires the current one at once.
    const third = await rotateEndpointSecret({ id: endpoint.id, overlapSeconds: 0 }, ctx);
    expect(await activeSigningSecrets(endpoint.id)).toEqual([third.secret]);

    await expect(rotateEndpointSecret({ id: endpoint.id, overlapSeconds: 8 * 24 * 3600 }, ctx)).rejects.toThrow();
    const audit = await db().select().from(auditLog).where(and(eq(auditLog.targetId, endpoint.id), eq(auditLog.action, "endpoint.secret_rotate")));
    expect(audit).toHaveLength(2);
    expect(JSON.stringify(audit)).not.toContain(next);
  });
});
