// The messages log: filters kept in the URL (a filtered view is a link to share), search by message id or event id,
// selected messages resent together after a confirmation, with progress, and a message's pending retries cancelled.
import { and, eq, inArray } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "@/db";
import { deliveries } from "@/db/schema";
import { createEndpoint } from "@/lib/outbound/endpoints";
import { sendMessage } from "@/lib/outbound/send";
import { setupAppWithMail } from "../helpers/app-server";
import { screenshot } from "../helpers/browser";
import { seedDashboard } from "../helpers/dashboard-seed";
import { signIn } from "../helpers/sign-in";

const env = setupAppWithMail();
const EMAIL = "mira@example.test";

describe("messages log", () => {
  it("filters by status, endpoint and ids through the URL, resends a selection and cancels a message's retries", async () => {
    const context = await env.browser().newContext({ viewport: { width: 1366, height: 900 } });
    const page = await context.newPage();
    await signIn(page, env.app().url, env.smtp(), EMAIL);
    await page.waitForURL(/\/mira-s-workspace$/);
    const seeded = await seedDashboard(EMAIL);
    const crm = (await createEndpoint({ url: "http://127.0.0.1:9/crm" }, seeded.ctx)).endpoint.id;
    const second = (await sendMessage({ eventType: "invoice.paid", payload: { amount: 1 }, eventId: "order-2" }, seeded.ctx)).message.id;
    const third = (await sendMessage({ eventType: "invoice.paid", payload: { amount: 2 } }, seeded.ctx)).message.id;
    // The first message's delivery to the billing endpoint failed; the others wait.
    await db().update(deliveries).set({ status: "failed", nextAttemptAt: null }).where(eq(deliveries.messageId, seeded.messageId));
    const base = `${env.app().url}/mira-s-workspace/messages`;

    await page.goto(base);
    await expect.poll(() => page.getByTestId("message-row").count()).toBe(3);
    await page.getByRole("combobox", { name: "Delivery status" }).click();
    await page.getByRole("option", { name: "failed" }).click();
    await page.getByRole("combobox", { name: "Endpoint" }).click();
    await page.getByRole("option", { name: /billing/ }).click();
    await page.getByRole("button", { name: "Filter" }).click();
    await page.waitForURL(/status=failed/);
    expect(new URL(page.url()).searchParams.get("endpointId")).toBe(seeded.endpointId);
    await expect.poll(() => page.getByTestId("message-row").count()).toBe(1);
    expect(await page.getByTestId("message-row").textContent()).toContain(seeded.messageId);
    await screenshot(page, "40-messages-filtered");

    // The same link in another tab shows the same view, its controls set from the URL.
    const shared = await context.newPage();
    await shared.goto(page.url());
    await expect.poll(() => shared.getByTestId("message-row").count()).toBe(1);
    await expect.poll(() => shared.getByRole("combobox", { name: "Delivery status" }).textContent()).toBe("failed");
    await shared.close();

    // Search by the sender's event id, then by a message id; Clear brings everything back.
    await page.getByRole("link", { name: "Clear" }).click();
    await page.waitForURL((url) => url.search === "");
    await expect.poll(() => page.getByTestId("message-row").count()).toBe(3);
    await page.getByLabel("Message id or event id").fill("order-2");
    await page.getByRole("button", { name: "Filter" }).click();
    await page.waitForURL(/search=order-2/);
    await expect.poll(() => page.getByTestId("message-row").count()).toBe(1);
    expect(await page.getByTestId("message-row").textContent()).toContain(second);
    await page.getByLabel("Message id or event id").fill(third);
    await page.getByRole("button", { name: "Filter" }).click();
    await page.waitForURL(new RegExp(`search=${third}`));
    await expect.poll(() => page.getByTestId("message-row").textContent()).toContain(third);

    // Select every message on the page and resend them: a confirmation, then progress to the end.
    await page.goto(`${base}?endpointId=${crm}`);
    await expect.poll(() => page.getByTestId("message-row").count()).toBe(2);
    await page.getByRole("checkbox", { name: "Select every message on this page" }).click();
    await expect.poll(() => page.getByTestId("bulk-bar").textContent()).toContain("2 messages selected");
    await page.getByRole("button", { name: "Resend…" }).click();
    const dialog = page.getByRole("dialog");
    await expect.poll(() => dialog.getByText("Resend 2 messages?").count()).toBe(1);
    await screenshot(page, "41-messages-resend-confirm");
    await dialog.getByRole("button", { name: "Resend 2 messages" }).click();
    await expect.poll(() => dialog.getByText("Resend finished").count(), { timeout: 15_000 }).toBe(1);
    // Each message goes again to every endpoint it went to: billing and crm.
    expect(await dialog.getByTestId("bulk-progress").textContent()).toContain("2 of 2 messages · 4 deliveries queued");
    await screenshot(page, "42-messages-resend-done");
    const rearmed = await db()
      .select({ id: deliveries.id })
      .from(deliveries)
      .where(and(inArray(deliveries.messageId, [second, third]), eq(deliveries.nextTrigger, "manual")));
    expect(rearmed).toHaveLength(4);
    await dialog.getByRole("button", { name: "Done" }).click();
    await expect.poll(() => page.getByTestId("bulk-bar").count()).toBe(0);

    // On a message's page, Cancel pending retries (after its confirmation) stops both re-armed deliveries.
    await page.goto(`${base}/${third}`);
    await page.getByRole("button", { name: "Cancel pending retries…" }).click();
    await expect.poll(() => page.getByRole("dialog").getByText("Cancel pending retries?").count()).toBe(1);
    await screenshot(page, "43-message-cancel-retries-confirm");
    await page.getByRole("dialog").getByRole("button", { name: "Cancel retries" }).click();
    await expect.poll(() => page.getByText("Cancelled 2 pending retries").count()).toBeGreaterThan(0);
    await screenshot(page, "44-message-cancel-retries-done");
    const statuses = await db().select({ status: deliveries.status }).from(deliveries).where(eq(deliveries.messageId, third));
    expect(statuses.map((d) => d.status)).toEqual(["cancelled", "cancelled"]);
    await context.close();
  });
});
