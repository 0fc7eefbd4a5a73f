// ENCRYPTION_KEYS rotation finishes: values sealed under k1, a restart with k2 put first, the re-encryption job, and
// a restart without k1 at all; every sealed column still opens. Against the real PostgreSQL of this test file.
import { randomBytes } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { afterAll, describe, expect, it } from "vitest";
import { EncryptionKeysCard } from "@/app/(dashboard)/[workspace]/settings/_components/encryption-keys";
import { db } from "@/db";
import { apiKeys, endpointSecrets, endpoints } from "@/db/schema";
import { claimIdempotencyKey } from "@/lib/api/idempotency";
import { encryptSecret } from "@/lib/platform/crypto";
import { createEndpoint, outboundAuthHeaders, revealEndpointSecret, rotateEndpointSecret } from "@/lib/outbound/endpoints";
import { resetEnvForTests } from "@/lib/platform/env";
import { SCHEDULED_JOBS } from "@/lib/platform/jobs";
import { createApiKey, revealRotatedKey } from "@/lib/keys/service";
import { reencryptSealedValues, SEALED_COLUMNS, sealedKeyCounts } from "@/lib/platform/reencrypt";
import { createSource, revealSourceSecret } from "@/lib/inbound/sources";
import { createOwner } from "../helpers/factories";

const k1 = `k1:${randomBytes(32).toString("base64")}`;
const k2 = `k2:${randomBytes(32).toString("base64")}`;
const original = process.env.ENCRYPTION_KEYS;

/** A restart with another ENCRYPTION_KEYS: the environment is parsed afresh. */
function restartWith(keys: string) {
  process.env.ENCRYPTION_KEYS = keys;
  resetEnvForTests();
}

afterAll(() => restartWith(original!));

const keyIdsOf = (counts: Awaited<ReturnType<typeof sealedKeyCounts>>) =>
  Object.fromEntries(counts.columns.map((c) => [c.label, Object.fromEntries(c.byKey.map((k) => [k.keyId, k.rows]))]));

describe("re-encryption under the current key", () => {
  it("re-seals every sealed column under the first key, after which the old key can be removed", async () => {
    restartWith(k1);
    const { ctx, workspace } = await createOwner();
    // Enough rows of one column to take several batches of two.
    const made = [];
    for (let i = 0; i < 5; i++) {
      made.push((await createEndpoint({ url: `https://127.0.0.1/hooks/${i}`, auth: { type: "bearer", token: `token-${i}` } }, ctx)).endpoint);
    }
    const { endpoint: basic } = await createEndpoint({ url: "https://127.0.0.1/basic", auth: { type: "basic", username: "u", password: "p@ss" } }, ctx);
    await rotateEndpointSecret({ id: made[0].id }, ctx);
    const before = await revealEndpointSecret({ id: made[0].id }, ctx);
    const source = await createSource({ name: "stripe", verification: { provider: "stripe", secret: "whsec_stripe" } }, ctx);
    const { apiKey } = await createApiKey({ name: "rotated", scopes: ["messages:read"], ipAllowlist: "" }, ctx);
    await db().update(apiKeys).set({ pendingReveal: encryptSecret("sb_live_waiting") }).where(eq(apiKeys.id, apiKey.id));
    const claim = await claimIdempotencyKey(workspace.id, "idem-1", { method: "POST", path: "/api/v1/endpoints", body: "{}" });
    if (claim.kind !== "new") throw new Error("expected a new claim");
    await claim.release({ status: 201, body: { secret: "whsec_once" } });

    const sealed = keyIdsOf(await sealedKeyCounts());
    expect(sealed).toMatchObject({
      "Endpoint signing secrets": { k1: 7 },
      "Endpoint outbound auth": { k1: 6 },
      "Source verification secrets": { k1: 1 },
      "API keys waiting to be revealed": { k1: 1 },
      "Idempotency-Key replays": { k1: 1 },
    });
    // Every column the job knows is seen here, so a new sealed column cannot be left out of this test unnoticed.
    expect(Object.keys(sealed).sort()).toEqual(SEALED_COLUMNS.map((c) => c.label).sort());

    restartWith(`${k2},${k1}`);
    expect((await sealedKeyCounts()).remaining).toBe(16);
    const results = await reencryptSealedValues({ batchSize: 2 });
    expect(results.every((r) => r.failed === 0)).toBe(true);
    expect(results.reduce((sum, r) => sum + r.resealed, 0)).toBe(16);
    const after = await sealedKeyCounts();
    expect(after).toMatchObject({ activeKeyId: "k2", remaining: 0 });
    expect(keyIdsOf(after)["Endpoint outbound auth"]).toEqual({ k2: 6 });
    // A second run finds nothing left to do.
    expect((await reencryptSealedValues()).reduce((sum, r) => sum + r.resealed, 0)).toBe(0);

    restartWith(k2);
    expect(await revealEndpointSecret({ id: made[0].id }, ctx)).toEqual(before);
    for (const [i, endpoint] of made.entries()) {
      const [row] = await db().select().from(endpoints).where(eq(endpoints.id, endpoint.id));
      expect(outboundAuthHeaders(row.auth)).toEqual({ authorization: `Bearer token-${i}` });
    }
    const [basicRow] = await db().select().from(endpoints).where(eq(endpoints.id, basic.id));
    expect(outboundAuthHeaders(basicRow.auth)).toEqual({ authorization: `Basic ${Buffer.from("u:p@ss").toString("base64")}` });
    expect((await revealSourceSecret({ id: source.id }, ctx)).secrets).toMatchObject({ secret: "whsec_stripe" });
    expect((await revealRotatedKey({ keyId: apiKey.id }, ctx)).key).toBe("sb_live_waiting");
    expect(await claimIdempotencyKey(workspace.id, "idem-1", { method: "POST", path: "/api/v1/endpoints", body: "{}" })).toEqual({ kind: "replay", status: 201, body: { secret: "whsec_once" } });
  });

  it("leaves a value it cannot open as it is and counts it", async () => {
    restartWith(k1);
    const { ctx } = await createOwner();
    const { endpoint } = await createEndpoint({ url: "https://127.0.0.1/lost" }, ctx);
    // k1 is gone before the job ran: its values cannot be re-sealed, and the progress keeps showing them.
    restartWith(k2);
    const results = await reencryptSealedValues();
    expect(results.find((r) => r.label === "Endpoint signing secrets")?.failed).toBeGreaterThanOrEqual(1);
    expect((await sealedKeyCounts()).remaining).toBeGreaterThanOrEqual(1);
    await expect(revealEndpointSecret({ id: endpoint.id }, ctx)).rejects.toThrow(/k1/);
  });

  it("skips a row another transaction holds instead of waiting for it, and takes it on the next run", async () => {
    restartWith(k1);
    const { ctx } = await createOwner();
    const { endpoint } = await createEndpoint({ url: "https://127.0.0.1/busy" }, ctx);
    restartWith(`${k2},${k1}`);
    const keyIds = async () => (await db().select({ box: endpointSecrets.secretEncrypted }).from(endpointSecrets).where(eq(endpointSecrets.endpointId, endpoint.id))).map((r) => r.box.split(".")[1]);
    let release!: () => void;
    let locked!: () => void;
    const isLocked = new Promise<void>((resolve) => (locked = resolve));
    const holder = db().transaction(async (tx) => {
      await tx.execute(sql`select 1 from endpoint_secrets where endpoint_id = ${endpoint.id} for update`);
      locked();
      await new Promise<void>((resolve) => (release = resolve));
    });
    await isLocked;
    await reencryptSealedValues();
    expect(await keyIds()).toEqual(["k1"]);
    release();
    await holder;
    await reencryptSealedValues();
    expect(await keyIds()).toEqual(["k2"]);
  });

  it("shows its progress on the settings page: values per key id, and when the old key can go", async () => {
    restartWith(k1);
    await createEndpoint({ url: "https://127.0.0.1/shown" }, (await createOwner()).ctx);
    restartWith(`${k2},${k1}`);
    const render = async () => renderToStaticMarkup(createElement(EncryptionKeysCard, { configuredKeyIds: ["k2", "k1"], counts: await sealedKeyCounts() }));
    const during = await render();
    expect(during).toMatch(/\d+ sealed values? remains? under older keys/);
    expect(during).toContain("Endpoint signing secrets");
    await reencryptSealedValues();
    expect(await render()).toContain("Every sealed value is under k2. k1 can be removed from ENCRYPTION_KEYS.");
  });

  it("runs as a scheduled job", () => {
    expect(SCHEDULED_JOBS.map((job) => job.name)).toContain("reencrypt-sealed-values");
  });
});
