// The application pages' counts: per-application health (endpoints, disabled, paused; deliveries of the last day by
// outcome) and the per-hour delivery timeline, each scoped to the workspace and to the application asked about.
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/db";
import { deliveries, endpoints } from "@/db/schema";
import { applicationChoices, applicationDeliveryTimeline, applicationFilter, applicationHealth, applicationLabels, createApplication } from "@/lib/applications";
import type { RequestContext } from "@/lib/api/request-context";
import { createEndpoint } from "@/lib/outbound/endpoints";
import { createEventType } from "@/lib/outbound/event-types";
import { sendMessage } from "@/lib/outbound/send";
import { createOwner } from "@/tests/helpers/factories";
import type { Id } from "@/lib/platform/id-types";

const NOW = new Date();
const hoursAgo = (h: number) => new Date(NOW.getTime() - h * 3_600_000);

/** A workspace with applications acme (two endpoints) and beta (one, paused), and one without endpoints. */
async function seed() {
  const { ctx } = await createOwner();
  await createEventType({ name: "invoice.paid" }, ctx);
  const acme = await createApplication({ name: "Acme", uid: "acme" }, ctx);
  const beta = await createApplication({ name: "Beta", uid: "beta" }, ctx);
  const empty = await createApplication({ name: "Empty" }, ctx);
  const acme1 = (await createEndpoint({ application: acme.id, url: "https://a1.example.com/hook" }, ctx)).endpoint.id;
  const acme2 = (await createEndpoint({ application: "acme", url: "https://a2.example.com/hook" }, ctx)).endpoint.id;
  const beta1 = (await createEndpoint({ application: beta.id, url: "https://b1.example.com/hook", paused: true }, ctx)).endpoint.id;
  return { ctx, acme, beta, empty, acme1, acme2, beta1 };
}

/** Sends one workspace-wide message and sets each named endpoint's delivery to the given status and age. */
async function deliver(ctx: RequestContext, set: Record<string, { status: (typeof deliveries.$inferSelect)["status"]; hoursAgo: number; nextAttempt?: boolean }>) {
  const { message } = await sendMessage({ eventType: "invoice.paid", payload: {} }, ctx);
  for (const [endpointId, d] of Object.entries(set)) {
    await db()
      .update(deliveries)
      .set({ status: d.status, createdAt: hoursAgo(d.hoursAgo), nextAttemptAt: d.nextAttempt === false ? null : hoursAgo(-1) })
      .where(and(eq(deliveries.messageId, message.id), eq(deliveries.endpointId, endpointId as Id<"ep">)));
  }
}

describe("application summaries", () => {
  let w: Awaited<ReturnType<typeof seed>>;
  let other: Awaited<ReturnType<typeof seed>>;

  beforeAll(async () => {
    w = await seed();
    other = await seed();
    await deliver(w.ctx, { [w.acme1]: { status: "succeeded", hoursAgo: 1 }, [w.acme2]: { status: "exhausted", hoursAgo: 1 }, [w.beta1]: { status: "pending", hoursAgo: 1 } });
    await deliver(w.ctx, { [w.acme1]: { status: "failed", hoursAgo: 3 }, [w.acme2]: { status: "failed", hoursAgo: 3, nextAttempt: false }, [w.beta1]: { status: "succeeded", hoursAgo: 30 } });
    await deliver(w.ctx, { [w.acme1]: { status: "succeeded", hoursAgo: 100 }, [w.acme2]: { status: "cancelled", hoursAgo: 200 }, [w.beta1]: { status: "sending", hoursAgo: 0.5 } });
    // Disabled after the sends, which would otherwise skip it.
    await db().update(endpoints).set({ status: "disabled", disabledAt: NOW, disabledReason: "test" }).where(eq(endpoints.id, w.acme2));
    // The other workspace's deliveries, all succeeded and recent, must count nowhere in w.
    await deliver(other.ctx, { [other.acme1]: { status: "succeeded", hoursAgo: 1 }, [other.acme2]: { status: "succeeded", hoursAgo: 1 }, [other.beta1]: { status: "succeeded", hoursAgo: 1 } });
  });

  it("counts each application's endpoints and its deliveries of the window by outcome", async () => {
    const health = await applicationHealth([w.acme.id, w.beta.id, w.empty.id], 24 * 3600, w.ctx, db(), NOW);
    expect(health.get(w.acme.id)).toEqual({ endpoints: 2, disabled: 1, paused: 0, deliveries: { succeeded: 1, pending: 0, retrying: 1, failed: 2 } });
    expect(health.get(w.beta.id)).toEqual({ endpoints: 1, disabled: 0, paused: 1, deliveries: { succeeded: 0, pending: 2, retrying: 0, failed: 0 } });
    expect(health.get(w.empty.id)).toEqual({ endpoints: 0, disabled: 0, paused: 0, deliveries: { succeeded: 0, pending: 0, retrying: 0, failed: 0 } });
    // A week reaches further back.
    const week = await applicationHealth([w.acme.id], 7 * 24 * 3600, w.ctx, db(), NOW);
    expect(week.get(w.acme.id)!.deliveries).toEqual({ succeeded: 2, pending: 0, retrying: 1, failed: 2 });
  });

  it("counts nothing of another workspace's applications, even asked by id", async () => {
    const health = await applicationHealth([other.acme.id, other.beta.id], 24 * 3600, w.ctx, db(), NOW);
    expect(health.get(other.acme.id)).toEqual({ endpoints: 0, disabled: 0, paused: 0, deliveries: { succeeded: 0, pending: 0, retrying: 0, failed: 0 } });
    const timeline = await applicationDeliveryTimeline({ applicationId: other.acme.id, now: NOW }, w.ctx);
    expect(timeline.reduce((n, b) => n + b.succeeded + b.pending + b.retrying + b.failed, 0)).toBe(0);
    expect((await applicationLabels([other.acme.id, w.acme.id], w.ctx)).size).toBe(1);
    expect(await applicationFilter(other.acme.id, w.ctx)).toEqual({ unknown: true });
    expect((await applicationFilter("acme", w.ctx)).application?.id).toBe(w.acme.id);
  });

  it("buckets one application's deliveries per hour, oldest first, empty hours included", async () => {
    const day = await applicationDeliveryTimeline({ applicationId: w.acme.id, now: NOW }, w.ctx);
    expect(day).toHaveLength(24);
    expect(day[0].start.getTime()).toBe(hoursAgo(24).getTime());
    // 1 h ago falls in the bucket of hours (now-2h, now-1h]; 3 h ago in (now-4h, now-3h].
    expect(day[22]).toMatchObject({ succeeded: 1, failed: 1, pending: 0, retrying: 0 });
    expect(day[20]).toMatchObject({ succeeded: 0, failed: 1, retrying: 1 });
    expect(day.reduce((n, b) => n + b.succeeded + b.pending + b.retrying + b.failed, 0)).toBe(4);

    const week = await applicationDeliveryTimeline({ applicationId: w.acme.id, hours: 168, now: NOW }, w.ctx);
    expect(week).toHaveLength(168);
    expect(week.reduce((n, b) => n + b.succeeded, 0)).toBe(2);
    expect(week.reduce((n, b) => n + b.failed, 0)).toBe(2);

    const beta = await applicationDeliveryTimeline({ applicationId: w.beta.id, hours: 48, now: NOW }, w.ctx);
    expect(beta[47].pending).toBe(1);
    expect(beta.reduce((n, b) => n + b.succeeded, 0)).toBe(1);
  });

  it("offers the default application first in the new endpoint form, as `default` until it exists", async () => {
    const { ctx } = await createOwner();
    const acme = await createApplication({ name: "Acme", uid: "acme" }, ctx);
    expect(await applicationChoices(ctx)).toEqual([{ value: "default", label: "Default" }, { value: acme.id, label: "Acme (acme)" }]);
    // The first endpoint without an application makes the default one; from then on it is offered by id.
    const { endpoint } = await createEndpoint({ url: "https://d.example.com/hook" }, ctx);
    expect(await applicationChoices(ctx)).toEqual([{ value: endpoint.applicationId, label: "Default" }, { value: acme.id, label: "Acme (acme)" }]);
    // Another workspace's applications are never offered.
    expect((await applicationChoices(w.ctx)).map((c) => c.value)).not.toContain(acme.id);
  });
});
