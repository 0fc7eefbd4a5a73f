// The monitoring page: empty before any delivery, then charts drawn from the rollups once attempts exist (volume,
// success rate, latency, lag, errors by class, statuses) and the endpoint health list with its disable countdown.
import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "@/db";
import { deliveries, endpoints } from "@/db/schema";
import { rollUpAttempts } from "@/lib/monitoring/rollups";
import { setupAppWithMail } from "../helpers/app-server";
import { screenshot } from "../helpers/browser";
import { seedDashboard } from "../helpers/dashboard-seed";
import { signIn } from "../helpers/sign-in";

const env = setupAppWithMail();
const EMAIL = "moni@example.test";

describe("monitoring page", () => {
  it("shows an empty state, then charts and the endpoint health list from the rollups", async () => {
    const context = await env.browser().newContext({ viewport: { width: 1366, height: 900 } });
    const page = await context.newPage();
    await signIn(page, env.app().url, env.smtp(), EMAIL);
    await page.waitForURL(/\/moni-s-workspace$/);
    const seeded = await seedDashboard(EMAIL);
    const url = `${env.app().url}/moni-s-workspace/monitoring`;

    await page.goto(url);
    await expect.poll(() => page.getByText("No delivery attempts in the last 24 h").count()).toBe(1);
    await screenshot(page, "60-monitoring-empty");

    // Forty attempts of the seeded delivery over the last 50 minutes: a quarter failing with 503s and timeouts.
    const [delivery] = await db().select().from(deliveries).where(eq(deliveries.messageId, seeded.messageId));
    await db().execute(sql`
      insert into attempts (id, delivery_id, workspace_id, message_id, endpoint_id, number, trigger, url, request_headers, request_body_sha256,
        succeeded, response_status, duration_ms, error_class, created_at)
      select 'att_e2e_' || g, ${delivery.id}, ${delivery.workspaceId}, ${delivery.messageId}, ${delivery.endpointId}, g, 'scheduled', 'http://127.0.0.1:9/x',
        '{}'::jsonb, '', g % 4 <> 0, case when g % 4 <> 0 then 200 when g % 8 = 0 then null else 503 end, 40 + (g * 37) % 700,
        case when g % 4 <> 0 then null when g % 8 = 0 then 'timeout' else 'http_status' end,
        now() - make_interval(mins => 50 - g)
      from generate_series(1, 40) g`);
    await db().update(endpoints).set({ firstFailureAt: sql`now() - interval '1 hour'` }).where(eq(endpoints.id, delivery.endpointId));
    // The job the worker runs every minute; here a moment ahead so the latest minute counts.
    await rollUpAttempts({ now: new Date(Date.now() + 60_000) });

    await page.goto(`${url}?range=1h`);
    for (const chart of ["volume-chart", "success-rate-chart", "latency-chart", "lag-chart", "errors-chart", "status-chart"]) {
      await expect.poll(() => page.getByTestId(chart).locator("svg").count(), { timeout: 15_000 }).toBeGreaterThan(0);
    }
    expect(await page.getByTestId("dashboard-summary").textContent()).toContain("75.0%");
    expect(await page.getByTestId("volume-chart").getAttribute("aria-label")).toMatch(/^\d+ attempts in the last 1 hour, per minute/);
    const row = page.getByTestId("endpoint-health-row");
    await expect.poll(() => row.count()).toBe(1);
    expect(await row.textContent()).toContain("25.0%");
    await expect.poll(() => row.getByTestId("disable-countdown").count()).toBe(1);
    await screenshot(page, "61-monitoring-1h");

    await page.getByRole("link", { name: "7 d" }).click();
    await page.waitForURL(/range=7d/);
    await expect.poll(() => page.getByTestId("volume-chart").locator("svg").count()).toBeGreaterThan(0);
    await screenshot(page, "62-monitoring-7d");
    await context.close();
  });
});
