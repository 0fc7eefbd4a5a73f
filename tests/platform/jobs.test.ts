import { InngestTestEngine } from "@inngest/test";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "@/db";
import { apiKeys, idempotencyRecords } from "@/db/schema";
import { scheduledJobs } from "@/inngest/functions/scheduled-jobs";
import { functions } from "@/inngest/index";
import { claimIdempotencyKey } from "@/lib/api/idempotency";
import { cronFor, SCHEDULED_JOBS, startScheduledJobs } from "@/lib/platform/jobs";
import { createApiKey, listApiKeys } from "@/lib/keys/service";
import { createOwner } from "../helpers/factories";

describe("scheduled jobs", () => {
  it("are written as crons on the same periods", () => {
    expect(cronFor({ name: "a", everyMinutes: 5, run: async () => {} })).toBe("*/5 * * * *");
    expect(cronFor({ name: "b", everyMinutes: 60, run: async () => {} })).toBe("0 */1 * * *");
    expect(SCHEDULED_JOBS.map((j) => j.name)).toEqual(expect.arrayContaining(["rotate-due-api-keys", "purge-idempotency-records"]));
    // Every job is served to Inngest, with its cron.
    for (const job of SCHEDULED_JOBS) {
      const fn = functions.find((f) => f.id() === `job-${job.name}`);
      expect(fn, job.name).toBeDefined();
    }
  });

  it("the Inngest cron function of key rotation rolls a due key", async () => {
    const { ctx, workspace } = await createOwner();
    const { apiKey } = await createApiKey({ name: "rotating", scopes: ["endpoints:read"], ipAllowlist: "", rotationPolicyDays: "7" }, ctx);
    await db().update(apiKeys).set({ nextRotationAt: new Date(Date.now() - 1000) }).where(eq(apiKeys.id, apiKey.id));
    const rotate = scheduledJobs[SCHEDULED_JOBS.findIndex((j) => j.name === "rotate-due-api-keys")];
    const { result } = await new InngestTestEngine({ function: rotate }).execute();
    expect(result).toEqual(expect.arrayContaining([expect.objectContaining({ oldKeyId: apiKey.id })]));
    expect((await listApiKeys(workspace.id)).filter((k) => k.rotatedFrom === apiKey.id)).toHaveLength(1);
  });

  it("the interval driver runs each job once at start", async () => {
    let runs = 0;
    let release!: () => void;
    const slow = new Promise<void>((r) => (release = r));
    const handle = startScheduledJobs([{ name: "slow", everyMinutes: 1, run: () => ((runs += 1), slow) }]);
    await new Promise((r) => setTimeout(r, 20));
    expect(runs).toBe(1);
    release();
    handle.stop();
  });

  it("purges idempotency records past 24 hours only", async () => {
    const { workspace } = await createOwner();
    await claimIdempotencyKey(workspace.id, "old", { method: "POST", path: "/x", body: "" });
    await claimIdempotencyKey(workspace.id, "new", { method: "POST", path: "/x", body: "" });
    await db().update(idempotencyRecords).set({ createdAt: new Date(Date.now() - 25 * 3600_000) }).where(eq(idempotencyRecords.key, "old"));
    const job = SCHEDULED_JOBS.find((j) => j.name === "purge-idempotency-records")!;
    expect(await job.run()).toBe(1);
    const left = await db().select().from(idempotencyRecords).where(eq(idempotencyRecords.workspaceId, workspace.id));
    expect(left.map((r) => r.key)).toEqual(["new"]);
  });
});
