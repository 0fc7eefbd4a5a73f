// The per-minute rollup against the attempts it counts, on a real database: the dashboards' figures equal raw counts,
// at both levels (minutes, and the hours summed from them), a second run (or one redoing a crashed run's minutes)
// writes the same rows, and a deleted attempt leaves the counts; the workspace and application rows are their
// endpoints' exact sums.
import { readFileSync } from "node:fs";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/db";
import { attemptRollupScopes, attemptRollups, attemptRollupsHourly, attempts, deliveries, rollupWatermarks } from "@/db/schema";
import { createApplication } from "@/lib/applications/applications";
import { attemptDelivery } from "@/lib/outbound/attempt";
import { createEndpoint } from "@/lib/outbound/endpoints";
import { createEventType } from "@/lib/outbound/event-types";
import { sendMessage } from "@/lib/outbound/send";
import { closeHttpClient } from "@/lib/net/http-client";
import { dashboard, endpointHealthList, rawAttemptAggregate } from "@/lib/monitoring/dashboards";
import { minuteRowsNeededFrom, rollUpAttempts } from "@/lib/monitoring/rollups";
import type { RequestContext } from "@/lib/api/request-context";
import { startChaosReceiver, type ChaosReceiver } from "@/tests/helpers/chaos-receiver";
import { createOwner } from "@/tests/helpers/factories";
import type { Id } from "@/lib/platform/id-types";

let ctx: RequestContext;
let other: RequestContext;
let chaos: ChaosReceiver;
let okEndpoint: Id<"ep">;
let failingEndpoint: Id<"ep">;
// A moment two minutes ahead: every attempt made in the test lies in a complete minute before it.
const later = () => new Date(Date.now() + 2 * 60_000);

beforeAll(async () => {
  chaos = await startChaosReceiver();
  ctx = (await createOwner()).ctx;
  other = (await createOwner()).ctx;
  for (const c of [ctx, other]) await createEventType({ name: "roll.up" }, c);
  okEndpoint = (await createEndpoint({ url: `${chaos.url}/ok`, eventTypes: ["roll.up"] }, ctx)).endpoint.id;
  failingEndpoint = (await createEndpoint({ url: `${chaos.url}/status/503`, eventTypes: ["roll.up"] }, ctx)).endpoint.id;
  await createEndpoint({ url: `${chaos.url}/fail`, eventTypes: ["roll.up"] }, other);
  // 5 messages to both endpoints of the first workspace, 2 to the other's: 12 attempts, 5 of them succeeded.
  for (const [c, n] of [[ctx, 5], [other, 2]] as const) {
    for (let i = 0; i < n; i++) await sendMessage({ eventType: "roll.up", payload: { i } }, c);
  }
  const due = await db().select({ id: deliveries.id }).from(deliveries);
  for (const d of due) await attemptDelivery(d.id);
});
afterAll(async () => {
  await closeHttpClient();
  await chaos.close();
});

const rollupRows = async () => ({
  minutes: await db().select().from(attemptRollups).orderBy(attemptRollups.workspaceId, attemptRollups.endpointId, attemptRollups.minute),
  hours: await db().select().from(attemptRollupsHourly).orderBy(attemptRollupsHourly.workspaceId, attemptRollupsHourly.endpointId, attemptRollupsHourly.hour),
  scopes: await db().select().from(attemptRollupScopes).orderBy(attemptRollupScopes.workspaceId, attemptRollupScopes.applicationId, attemptRollupScopes.granularity, attemptRollupScopes.at),
});

/** Per granularity, the endpoint level's rows summed per workspace and per application: what the scope rows must be. */
async function endpointRowsByScope() {
  const sums = (table: string, period: string, granularity: string) => sql`
    select workspace_id, application_id, ${granularity}::text as granularity, ${sql.identifier(period)} as at, sum(total)::int as total, sum(failed)::int as failed
    from ${sql.identifier(table)} group by grouping sets ((workspace_id, application_id, ${sql.identifier(period)}), (workspace_id, ${sql.identifier(period)}))`;
  const rows = await db().execute<{ workspace_id: string; application_id: string | null; granularity: string; at: string; total: number; failed: number }>(
    sql`${sums("attempt_rollups", "minute", "minute")} union all ${sums("attempt_rollups_hourly", "hour", "hour")} order by 1, 2 nulls first, 3, 4`,
  );
  return rows.map((r) => ({ workspaceId: r.workspace_id, applicationId: r.application_id, granularity: r.granularity, at: new Date(r.at).toISOString(), total: r.total, failed: r.failed }));
}
const scopeRows = async () =>
  (await db().select().from(attemptRollupScopes).orderBy(attemptRollupScopes.workspaceId, sql`${attemptRollupScopes.applicationId} nulls first`, attemptRollupScopes.granularity, attemptRollupScopes.at)).map((r) => ({
    workspaceId: r.workspaceId, applicationId: r.applicationId, granularity: r.granularity, at: r.at.toISOString(), total: r.total, failed: r.failed,
  }));

describe("attempt rollups", () => {
  it("match raw counts for the workspace, each endpoint, and each status and error class", async () => {
    const run = await rollUpAttempts({ now: later() });
    expect(run.ran).toBe(true);
    expect(run.rowsWritten).toBeGreaterThanOrEqual(3);
    expect(run.hourlyRowsWritten).toBeGreaterThanOrEqual(3);

    const board = await dashboard({ range: "1h" }, ctx, db(), later());
    const raw = await rawAttemptAggregate({ since: board.since, until: board.until }, ctx);
    expect(raw).toMatchObject({ total: 10, succeeded: 5, failed: 5, status5xx: 5 });
    expect(board.totals).toMatchObject({ total: raw.total, succeeded: raw.succeeded, failed: raw.failed, successRate: 0.5 });
    expect(board.totals.statusCounts).toEqual({ "1xx": 0, "2xx": 5, "3xx": 0, "4xx": 0, "5xx": 5 });
    expect(board.totals.errorCounts.http_status).toBe(5);
    expect(board.buckets).toHaveLength(60);
    expect(board.buckets.reduce((n, b) => n + b.total, 0)).toBe(10);
    // Every first attempt has a lag (message creation to request), and latency quantiles come from the histogram.
    expect(board.totals.lagAvgMs).toEqual(expect.any(Number));
    expect(board.totals.p95Ms).toEqual(expect.any(Number));
    expect(board.totals.p50Ms!).toBeLessThanOrEqual(board.totals.p95Ms!);

    for (const endpointId of [okEndpoint, failingEndpoint]) {
      const one = await dashboard({ range: "1h", endpointId }, ctx, db(), later());
      const rawOne = await rawAttemptAggregate({ since: one.since, until: one.until, endpointId }, ctx);
      expect(one.totals).toMatchObject({ total: rawOne.total, succeeded: rawOne.succeeded, failed: rawOne.failed });
    }
    // A context limited to one application (the portal) sees that application's rows only.
    const [{ applicationId }] = await db().select({ applicationId: attemptRollups.applicationId }).from(attemptRollups).where(eq(attemptRollups.endpointId, okEndpoint)).limit(1);
    expect((await dashboard({ range: "1h" }, { ...ctx, applicationId: applicationId as Id<"app"> }, db(), later())).totals.total).toBe(10);
    expect((await dashboard({ range: "1h" }, { ...ctx, applicationId: "app_someone_else" }, db(), later())).totals.total).toBe(0);
    // The other workspace's attempts are its own.
    expect((await dashboard({ range: "1h" }, other, db(), later())).totals).toMatchObject({ total: 2, failed: 2 });
  });

  it("hourly rows (the 7 d and 30 d ranges) match raw counts too, and are their minutes' sums", async () => {
    expect((await db().select().from(attemptRollupsHourly)).length).toBeGreaterThanOrEqual(3);
    for (const range of ["7d", "30d"] as const) {
      const board = await dashboard({ range }, ctx, db(), later());
      const raw = await rawAttemptAggregate({ since: board.since, until: board.until }, ctx);
      expect(board.totals).toMatchObject({ total: raw.total, succeeded: raw.succeeded, failed: raw.failed });
      expect(board.totals.statusCounts["5xx"]).toBe(raw.status5xx);
      expect(board.buckets.reduce((n, b) => n + b.total, 0)).toBe(10);
      // The histograms and lag survive the summing: the same figures as the minutes give over the last hour.
      const hour = await dashboard({ range: "1h" }, ctx, db(), later());
      expect({ ...board.totals, start: null }).toEqual({ ...hour.totals, start: null });
      const failing = await dashboard({ range, endpointId: failingEndpoint }, ctx, db(), later());
      expect(failing.totals).toMatchObject({ total: 5, failed: 5 });
    }
    expect((await dashboard({ range: "30d" }, other, db(), later())).totals).toMatchObject({ total: 2, failed: 2 });
    const list = await endpointHealthList({ range: "30d" }, ctx, db(), later());
    expect(list.map((e) => [e.endpointId, e.total, e.failed])).toEqual([[failingEndpoint, 5, 5], [okEndpoint, 5, 0]]);
  });

  it("ranks endpoints by failure rate, with the failing one's disable countdown", async () => {
    const list = await endpointHealthList({ range: "1h" }, ctx, db(), later());
    expect(list.map((e) => e.endpointId)).toEqual([failingEndpoint, okEndpoint]);
    expect(list[0]).toMatchObject({ total: 5, failed: 5, failureRate: 1, status: "enabled" });
    expect(list[0].disablesAt!.getTime()).toBeGreaterThan(Date.now());
    expect(list[1]).toMatchObject({ failureRate: 0, disablesAt: null });
  });

  it("writes the same rows when run again, and when a crashed run's minutes are redone", async () => {
    const before = await rollupRows();
    await rollUpAttempts({ now: later() });
    expect(await rollupRows()).toEqual(before);
    // A run that died before moving the watermark: the watermark is where it was an hour ago, the rows half written.
    await db().update(rollupWatermarks).set({ rolledUntil: sql`now() - interval '1 hour'` }).where(eq(rollupWatermarks.name, "attempt_rollups"));
    await db().update(attemptRollups).set({ total: 999 }).where(eq(attemptRollups.endpointId, okEndpoint));
    await db().update(attemptRollupsHourly).set({ total: 999 }).where(eq(attemptRollupsHourly.endpointId, okEndpoint));
    await db().update(attemptRollupScopes).set({ total: 999 }).where(eq(attemptRollupScopes.workspaceId, ctx.workspaceId));
    await rollUpAttempts({ now: later() });
    expect(await rollupRows()).toEqual(before);
  });

  it("recounts the reopened minutes: an attempt deleted since (a worker_lost placeholder replaced) leaves the counts", async () => {
    const [gone] = await db().select().from(attempts).where(eq(attempts.endpointId, failingEndpoint)).limit(1);
    await db().delete(attempts).where(eq(attempts.id, gone.id));
    await rollUpAttempts({ now: later() });
    for (const range of ["1h", "30d"] as const) {
      const board = await dashboard({ range, endpointId: failingEndpoint }, ctx, db(), later());
      expect(board.totals).toMatchObject({ total: 4, failed: 4 });
      // The workspace's own rows are recounted with them.
      expect((await dashboard({ range }, ctx, db(), later())).totals).toMatchObject({ total: 9, failed: 4 });
    }
    expect(await scopeRows()).toEqual(await endpointRowsByScope());
  });

  it("keeps workspace and application rows that are exactly their endpoints' sums, per minute and per hour", async () => {
    // A second application with its own endpoint, so the workspace row differs from each application's.
    const app = await createApplication({ name: "Second customer", uid: "second" }, ctx);
    const endpoint = (await createEndpoint({ url: `${chaos.url}/ok`, eventTypes: ["roll.up"], application: app.id }, ctx)).endpoint;
    await sendMessage({ eventType: "roll.up", payload: { i: 99 }, application: app.id }, ctx);
    for (const d of await db().select({ id: deliveries.id }).from(deliveries).where(eq(deliveries.endpointId, endpoint.id))) await attemptDelivery(d.id);
    await rollUpAttempts({ now: later() });

    expect(await scopeRows()).toEqual(await endpointRowsByScope());
    for (const range of ["1h", "30d"] as const) {
      const whole = await dashboard({ range }, ctx, db(), later());
      const second = await dashboard({ range, applicationId: app.id }, ctx, db(), later());
      const rawWhole = await rawAttemptAggregate({ since: whole.since, until: whole.until }, ctx);
      const rawSecond = await rawAttemptAggregate({ since: second.since, until: second.until, applicationId: app.id }, ctx);
      expect(second.totals).toMatchObject({ total: rawSecond.total, succeeded: rawSecond.succeeded, failed: rawSecond.failed });
      expect(second.totals.total).toBe(1);
      expect(whole.totals).toMatchObject({ total: rawWhole.total, succeeded: rawWhole.succeeded, failed: rawWhole.failed });
      // The portal's view of the second application is its rows; asking a limited context for another application finds none.
      expect((await dashboard({ range }, { ...ctx, applicationId: app.id }, db(), later())).totals.total).toBe(1);
      expect((await dashboard({ range, applicationId: app.id }, { ...ctx, applicationId: "app_someone_else" }, db(), later())).totals.total).toBe(0);
    }
  });

  it("migration 0027's backfill of existing history gives the rows the job keeps", async () => {
    const kept = await scopeRows();
    await db().delete(attemptRollupScopes).where(sql`true`);
    const migration = readFileSync("db/migrations/0027_rollup_scopes.sql", "utf8").split("--> statement-breakpoint").filter((part) => /INSERT INTO/.test(part));
    expect(migration).toHaveLength(2);
    for (const statement of migration) await db().execute(sql.raw(statement));
    expect(await scopeRows()).toEqual(kept);
  });

  it("a run that finds another holding the lock skips", async () => {
    await db().transaction(async (tx) => {
      await tx.execute(sql`select pg_advisory_xact_lock(7316001)`);
      expect(await rollUpAttempts({ now: later() })).toMatchObject({ ran: false });
    });
  });

  it("needs minute rows from two days back, or from before the hour the next run recomputes when the job is behind", async () => {
    const now = new Date("2026-12-02T12:30:00Z");
    const [mark] = await db().select().from(rollupWatermarks).where(eq(rollupWatermarks.name, "attempt_rollups"));
    try {
      await db().update(rollupWatermarks).set({ rolledUntil: new Date("2026-12-02T12:29:00Z") }).where(eq(rollupWatermarks.name, "attempt_rollups"));
      expect(await minuteRowsNeededFrom(now)).toEqual(new Date("2026-11-30T12:30:00Z"));
      // Stopped for five days: its next run reopens 07:47 onwards and recomputes the 07:00 hour from its minutes.
      await db().update(rollupWatermarks).set({ rolledUntil: new Date("2026-11-27T07:50:00Z") }).where(eq(rollupWatermarks.name, "attempt_rollups"));
      expect(await minuteRowsNeededFrom(now)).toEqual(new Date("2026-11-27T06:00:00Z"));
    } finally {
      await db().update(rollupWatermarks).set({ rolledUntil: mark.rolledUntil }).where(eq(rollupWatermarks.name, "attempt_rollups"));
    }
  });

  it("ranks 7 d and 30 d health from whole days' rows and the hours at the range's ends, matching raw attempts", async () => {
    // Three days of history: the okay endpoint's attempts move two days back, and the job counts from the start again.
    await db().execute(sql`update attempts set created_at = created_at - interval '2 days' where endpoint_id = ${okEndpoint}`);
    await db().delete(rollupWatermarks).where(eq(rollupWatermarks.name, "attempt_rollups"));
    await rollUpAttempts({ now: later() });

    // Each complete day's row is its hours' sum; today (not complete) has none yet.
    const days = await db().execute<{ endpoint_id: string; total: number; failed: number; hours: number }>(sql`
      select d.endpoint_id, d.total, d.failed,
        (select sum(h.total)::int from attempt_rollups_hourly h where h.endpoint_id = d.endpoint_id and date_trunc('day', h.hour, 'UTC') = d.day) as hours
      from endpoint_health_daily d where d.workspace_id = ${ctx.workspaceId}`);
    expect(days.length).toBeGreaterThanOrEqual(1);
    for (const day of days) expect(day.total).toBe(day.hours);
    expect(days.map((d) => d.endpoint_id)).toContain(okEndpoint);

    for (const range of ["7d", "30d"] as const) {
      const list = await endpointHealthList({ range }, ctx, db(), later());
      const board = await dashboard({ range }, ctx, db(), later());
      for (const row of list) {
        const raw = await rawAttemptAggregate({ since: board.since, until: board.until, endpointId: row.endpointId as Id<"ep"> }, ctx);
        expect([row.endpointId, row.total, row.failed]).toEqual([row.endpointId, raw.total, raw.failed]);
      }
      expect(list.find((e) => e.endpointId === okEndpoint)).toMatchObject({ total: 5, failed: 0 });
    }
  });
});
