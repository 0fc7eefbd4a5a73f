// The testing dashboard, end to end in Chromium against the built app: an endpoint pointing at the app's own chaos
// receiver (503 after 300 ms, Retry-After 30), a sample sent to it from the testing page with the attempt shown inline
// (request as signed, the 503, its Retry-After, the time it took), a Stripe sample signed with the source's secret and
// posted to the source (accepted; then with a wrong secret, rejected with the reason), the chaos URL builder and retry
// preview, and the monitoring chart going from empty to showing the attempt once the per-minute rollup has run.
import { eq } from "drizzle-orm";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { db } from "@/db";
import { attempts, memberships, users } from "@/db/schema";
import { createSource } from "@/lib/inbound/sources";
import { rollUpAttempts } from "@/lib/monitoring/rollups";
import { createEndpoint } from "@/lib/outbound/endpoints";
import { createEventType } from "@/lib/outbound/event-types";
import { setupAppWithMail } from "../helpers/app-server";
import { screenshot } from "../helpers/browser";
import { contextFor } from "../helpers/factories";
import { signIn } from "../helpers/sign-in";

const env = setupAppWithMail();

/** A full-page screenshot from the top: scrolled, the sticky sidebar would be drawn halfway down the page. */
async function shot(page: Page, name: string) {
  await page.evaluate(() => window.scrollTo(0, 0));
  await screenshot(page, name);
}
const EMAIL = "tess@example.test";

describe("testing dashboard", () => {
  it("sends a sample to the chaos receiver and shows the attempt, posts a signed provider sample, and the monitoring chart updates", { timeout: 180_000 }, async () => {
    const app = env.app();
    const context = await env.browser().newContext({ viewport: { width: 1366, height: 900 } });
    const page = await context.newPage();
    await signIn(page, app.url, env.smtp(), EMAIL);
    await page.waitForURL(/\/tess-s-workspace$/);
    const base = `${app.url}/tess-s-workspace`;
    const [user] = await db().select().from(users).where(eq(users.email, EMAIL));
    const [membership] = await db().select().from(memberships).where(eq(memberships.userId, user.id));
    const ctx = contextFor(membership.workspaceId, user, "owner");
    await createEventType({ name: "invoice.paid", schema: { type: "object", required: ["amount"] }, samplePayload: { amount: 4200, currency: "eur" } }, ctx);
    const chaosUrl = `${app.url}/api/chaos/billing?status=503&latency=300&retryAfter=30`;
    const { endpoint } = await createEndpoint({ url: chaosUrl, description: "Chaos receiver" }, ctx);
    await createSource({ name: "Stripe payments", verification: { provider: "stripe" } }, ctx);

    // Before any attempt, the monitoring page has nothing to chart.
    await page.goto(`${base}/monitoring?range=1h`);
    await expect.poll(() => page.getByText("No delivery attempts in the last 1 h").count()).toBe(1);

    await page.goto(`${base}/testing`);
    await expect.poll(() => page.getByText("Send a sample to an endpoint", { exact: true }).count()).toBe(1);
    // The select shows its chosen item once hydrated.
    await expect.poll(() => page.getByTestId("sample-endpoint").textContent()).toContain("/api/chaos/billing");
    expect(await page.getByLabel("Payload (JSON)").inputValue()).toContain('"amount": 4200');
    await shot(page, "testing-01-page");

    const started = Date.now();
    await page.getByRole("button", { name: "Send sample" }).click();
    const result = page.getByTestId("sample-result");
    await expect.poll(() => result.getByTestId("attempt-response-status").count(), { timeout: 20_000 }).toBe(1);
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    expect(await result.getByTestId("attempt-response-status").textContent()).toBe("503");
    const row = result.getByTestId("attempt-row");
    expect(await row.getAttribute("open")).not.toBeNull();
    const text = await row.textContent();
    expect(text).toContain("webhook-signature");
    expect(text).toContain("retry-after30");
    expect(text).toMatch(/http_status/);
    expect(JSON.parse((await result.getByTestId("attempt-request-body").textContent())!)).toMatchObject({ type: "invoice.paid", data: { amount: 4200 } });
    // The chaos receiver's own answer body says what it was asked for.
    expect(JSON.parse((await result.getByTestId("attempt-response-body").textContent())!)).toEqual({ chaos: { status: 503, latency: 300, retryAfter: 30 } });
    const duration = Number(/(\d+) ms/.exec((await row.locator("summary").textContent())!)?.[1]);
    expect(duration).toBeGreaterThanOrEqual(300);
    await shot(page, "testing-02-attempt-inline");

    // A Stripe sample signed with the source's secret, posted to its /in/ URL over the network: accepted.
    await page.getByRole("button", { name: "Sign and post" }).click();
    const verdict = page.getByTestId("post-result");
    await expect.poll(() => verdict.getAttribute("data-verdict"), { timeout: 15_000 }).toBe("accepted");
    expect(await verdict.textContent()).toContain("stripe-signature");
    expect(await verdict.textContent()).toContain("payment_intent.succeeded");
    await shot(page, "testing-03-post-accepted");

    // The same with a wrong secret: the source rejects it and says why.
    await page.getByRole("combobox", { name: "Signature" }).click();
    await page.getByRole("option", { name: "With a wrong secret" }).click();
    await page.getByRole("button", { name: "Sign and post" }).click();
    await expect.poll(() => verdict.getAttribute("data-verdict"), { timeout: 15_000 }).toBe("rejected");
    expect(await verdict.textContent()).toContain("Verification failed (no_matching_signature)");
    expect(await page.getByTestId("post-detail").textContent()).toMatch(/none of the 1 v1 signature\(s\) matches/);
    await shot(page, "testing-04-post-rejected");

    // The chaos URL builder and the retry preview of the endpoint (the default schedule: 8 attempts).
    await page.getByLabel("Latency (ms)").fill("45000");
    expect(await page.getByTestId("chaos-url").textContent()).toBe(`${app.url}/api/chaos?status=503&latency=45000&retryAfter=30`);
    const refused = await fetch(`${app.url}/api/chaos?status=503&latency=45000`);
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { error: { message: string } }).error.message).toMatch(/latency must be at most 30000 milliseconds/);
    await page.getByLabel("Latency (ms)").fill("2000");
    expect(await page.getByTestId("retry-preview-row").count()).toBe(8);
    expect(await page.getByTestId("retry-preview-summary").textContent()).toMatch(/After attempt 8 fails the delivery is exhausted/);
    await shot(page, "testing-05-chaos-and-retry-preview");

    // The endpoint page shows the same preview.
    await page.goto(`${base}/endpoints/${endpoint.id}`);
    await expect.poll(() => page.getByTestId("retry-preview-row").count()).toBe(8);

    // The charts show ended minutes only (the rollup counts a minute once it is over), so the attempt's minute must
    // end first: at most a minute's wait, for the clock, not for an outcome. Then the job the worker runs every minute.
    const [sent] = await db().select({ at: attempts.createdAt }).from(attempts).where(eq(attempts.endpointId, endpoint.id));
    const minuteEnds = Math.floor(sent.at.getTime() / 60_000) * 60_000 + 60_000;
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, minuteEnds - Date.now() + 250)));
    await rollUpAttempts();
    await page.goto(`${base}/monitoring?range=1h`);
    await expect.poll(() => page.getByTestId("volume-chart").locator("svg").count(), { timeout: 15_000 }).toBeGreaterThan(0);
    expect(await page.getByTestId("volume-chart").getAttribute("aria-label")).toMatch(/^1 attempts? in the last 1 hour/);
    expect(await page.getByTestId("endpoint-health-row").textContent()).toContain("100.0%");
    await shot(page, "testing-06-monitoring-updated");
    await context.close();
  });
});
