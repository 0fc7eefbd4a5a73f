// The Alerts page end to end in Chromium against the built app: empty at first; a rule made through the dialog (a bad
// threshold refused beside its field, then fixed), edited; a delivery to a loopback receiver answering 500 spends its
// two-attempt schedule, the evaluation (the job the worker runs every minute, called here in the test process against
// the same database and SMTP server) opens an incident shown in the history with its evidence linked, and mails the
// rule's address; the mail's history link opens the alert; the endpoint's next success resolves it (a "Resolved" mail);
// the rule is deleted behind its confirmation and its alert stays in the history. Screenshots alerts-01..10, light,
// dark and phone widths.
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/db";
import { deliveries, memberships, users } from "@/db/schema";
import { evaluateAlerts } from "@/lib/alerts";
import { attemptDelivery } from "@/lib/outbound/attempt";
import { createEndpoint } from "@/lib/outbound/endpoints";
import { createEventType } from "@/lib/outbound/event-types";
import { sendMessage } from "@/lib/outbound/send";
import { resetEnvForTests } from "@/lib/platform/env";
import { startStatusReceiver } from "../alerts/helpers";
import { setupAppWithMail } from "../helpers/app-server";
import { screenshot } from "../helpers/browser";
import { contextFor } from "../helpers/factories";
import { firstLink } from "../helpers/smtp";
import { signIn } from "../helpers/sign-in";

const env = setupAppWithMail();
const EMAIL = "alma@example.test";
const ONCALL = "oncall@example.test";

let target: Awaited<ReturnType<typeof startStatusReceiver>>;
let ops: Awaited<ReturnType<typeof startStatusReceiver>>;

beforeAll(async () => {
  target = await startStatusReceiver(500);
  // The rule's operational webhook.
  ops = await startStatusReceiver(200);
  // evaluateAlerts runs in this process: its mail goes to the same SMTP server, its links to the app under test.
  Object.assign(process.env, { EMAIL_SERVER: env.smtp().url, APP_URL: env.app().url });
  resetEnvForTests();
  return () => Promise.all([target.close(), ops.close()]).then(() => undefined);
});

describe("alerts page", () => {
  it("creates, edits, fires, resolves and deletes a rule through the UI, with the alert mailed", async () => {
    const app = env.app();
    const context = await env.browser().newContext({ viewport: { width: 1366, height: 900 } });
    const page = await context.newPage();
    await signIn(page, app.url, env.smtp(), EMAIL);
    await page.waitForURL(/\/alma-s-workspace$/);
    const base = `${app.url}/alma-s-workspace`;
    const [user] = await db().select().from(users).where(eq(users.email, EMAIL));
    const [membership] = await db().select().from(memberships).where(eq(memberships.userId, user.id));
    const ctx = contextFor(membership.workspaceId, user, "owner");
    await createEventType({ name: "invoice.paid" }, ctx);
    // Two attempts: the first and one retry a second later (made due at once below).
    const { endpoint } = await createEndpoint({ url: `${target.url}/orders`, description: "Orders receiver", retrySchedule: [0, 1] }, ctx);

    // Empty: no rules, no alerts.
    await page.goto(`${base}/alerts`);
    await page.getByText("No alert rules yet").waitFor();
    expect(await page.getByText("No alerts yet").count()).toBe(1);
    await screenshot(page, "alerts-01-empty");

    // A new rule with a threshold out of range: refused beside its field, the dialog keeps what was typed.
    await page.getByRole("button", { name: "New rule" }).first().click();
    const dialog = page.getByRole("dialog");
    await dialog.getByLabel("Name").fill("Orders failing for good");
    expect(await dialog.getByLabel("Watch").inputValue()).toBe("delivery_exhausted");
    await dialog.getByLabel("Endpoint").selectOption(endpoint.id);
    await dialog.getByLabel("Looking back (minutes)").fill("0");
    await dialog.getByLabel("Email").fill(ONCALL);
    await dialog.getByRole("button", { name: "Create rule" }).click();
    await dialog.getByText("At least 1 minute").waitFor();
    expect(await dialog.getByLabel("Looking back (minutes)").getAttribute("aria-invalid")).toBe("true");
    expect(await dialog.getByLabel("Name").inputValue()).toBe("Orders failing for good");
    await screenshot(page, "alerts-02-field-error");

    await dialog.getByLabel("Looking back (minutes)").fill("60");
    await dialog.getByRole("button", { name: "Create rule" }).click();
    await page.getByText("Alert rule created", { exact: true }).waitFor();
    await dialog.waitFor({ state: "detached" });
    const row = page.getByTestId("alert-rule-row");
    await expect.poll(() => row.count()).toBe(1);
    expect(await row.textContent()).toContain("Delivery exhausted: within 60 min");
    expect(await row.textContent()).toContain(`Email ${ONCALL}`);
    expect(await row.textContent()).toContain("Orders receiver");
    await screenshot(page, "alerts-03-rule-created");

    // Edit: a new name, a shorter cooldown and an operational webhook; the kind is fixed, the other fields keep their
    // values. The webhook's generated secret is shown once, in the dialog, until Done.
    await page.getByRole("button", { name: "Edit Orders failing for good" }).click();
    expect(await dialog.getByLabel("Looking back (minutes)").inputValue()).toBe("60");
    expect(await dialog.getByLabel("Endpoint").inputValue()).toBe(endpoint.id);
    await dialog.getByLabel("Name").fill("Orders exhausted");
    await dialog.getByLabel("Cooldown (minutes)").fill("5");
    await dialog.getByLabel("Operational webhook").fill(`${ops.url}/alerts`);
    await screenshot(page, "alerts-04-edit");
    await dialog.getByRole("button", { name: "Save rule" }).click();
    await page.getByText("Alert rule saved", { exact: true }).waitFor();
    await dialog.getByTestId("alert-webhook-secret").waitFor();
    expect(await dialog.getByTestId("alert-webhook-secret").textContent()).toMatch(/whsec_/);
    expect(await dialog.getByRole("button", { name: "Save rule" }).count()).toBe(0);
    await screenshot(page, "alerts-04-webhook-secret");
    await dialog.getByRole("button", { name: "Done" }).click();
    await dialog.waitFor({ state: "detached" });
    await expect.poll(() => row.textContent()).toContain("Orders exhausted");
    expect(await row.textContent()).toContain("5 min");

    // A delivery spends both attempts against the 500s: exhausted.
    const sent = await sendMessage({ eventType: "invoice.paid", payload: { invoice: "inv_1" } }, ctx);
    const [delivery] = await db().select().from(deliveries).where(and(eq(deliveries.messageId, sent.message.id), eq(deliveries.endpointId, endpoint.id)));
    await attemptDelivery(delivery.id);
    await db().update(deliveries).set({ nextAttemptAt: new Date() }).where(eq(deliveries.id, delivery.id));
    expect(await attemptDelivery(delivery.id)).toMatchObject({ status: "exhausted" });
    expect(target.hits).toBe(2);

    // The job the worker runs every minute: one incident, one mail and one webhook.
    expect(await evaluateAlerts()).toMatchObject({ ran: true, opened: 1, sent: 2, errors: 0 });
    expect(ops.hits).toBe(1);
    const firingMail = await env.smtp().waitForMail(ONCALL, /Subject: \[Switchboard\] Firing: Orders exhausted/);
    expect(firingMail.text).toContain(`${base}/messages/${sent.message.id}`);

    await page.goto(`${base}/alerts`);
    const alertRow = page.getByTestId("alert-row");
    await expect.poll(() => alertRow.count()).toBe(1);
    expect(await alertRow.getByTestId("alert-state").textContent()).toBe("firing");
    expect(await alertRow.textContent()).toContain("Orders exhausted");
    expect(await alertRow.textContent()).toContain(`failed for good. The latest, of message ${sent.message.id}, gave up after 2 attempts: The receiver answered 500.`);
    expect(await alertRow.textContent()).toContain("2 sent");
    const links = alertRow.getByTestId("alert-evidence-link");
    expect(await links.evaluateAll((as) => as.map((a) => a.getAttribute("href")))).toEqual(
      expect.arrayContaining([`/alma-s-workspace/endpoints/${endpoint.id}`, `/alma-s-workspace/messages/${sent.message.id}`]),
    );
    await screenshot(page, "alerts-05-firing");

    // The evidence link opens the message the delivery belonged to.
    await links.filter({ hasText: sent.message.id }).click();
    await page.waitForURL(new RegExp(`/messages/${sent.message.id}$`));
    await page.getByText(sent.message.id).first().waitFor();

    // The mail's history link opens the alert itself.
    const historyUrl = firstLink(firingMail, /http:\/\/127\.0\.0\.1:\d+\/alma-s-workspace\/alerts\?alert=inc_\w+/);
    await page.goto(historyUrl);
    const focused = page.getByTestId("focused-alert");
    await focused.waitFor();
    expect(await focused.getByTestId("alert-state").textContent()).toBe("firing");
    expect(await focused.textContent()).toContain(`firing → email ${ONCALL}: sent`);
    await screenshot(page, "alerts-06-focused");
    // A link to an alert that is not the workspace's (or not an alert id at all) shows the not-found page, not an error.
    // (With HTTP 200: notFound() comes from the search parameter, after the loading boundary has streamed the status.)
    for (const id of ["inc_00000000000000000000000000", "nonsense"]) {
      await page.goto(`${base}/alerts?alert=${id}`);
      await page.getByText("Page not found").waitFor();
      expect(await page.getByText("Something went wrong").count()).toBe(0);
    }
    await screenshot(page, "alerts-06-unknown-alert");

    // The endpoint delivers again: the next run resolves the incident and mails "Resolved".
    target.status = 200;
    const next = await sendMessage({ eventType: "invoice.paid", payload: { invoice: "inv_2" } }, ctx);
    const [nextDelivery] = await db().select().from(deliveries).where(and(eq(deliveries.messageId, next.message.id), eq(deliveries.endpointId, endpoint.id)));
    expect(await attemptDelivery(nextDelivery.id)).toMatchObject({ status: "succeeded" });
    expect(await evaluateAlerts()).toMatchObject({ resolved: 1, sent: 2, errors: 0 });
    expect(ops.hits).toBe(2);
    await env.smtp().waitForMail(ONCALL, /Subject: \[Switchboard\] Resolved: Orders exhausted/);
    expect(env.smtp().mails.filter((m) => m.to.includes(ONCALL))).toHaveLength(2);

    await page.goto(`${base}/alerts`);
    await expect.poll(() => alertRow.getByTestId("alert-state").textContent()).toBe("resolved");
    expect(await alertRow.textContent()).toContain("4 sent");
    await screenshot(page, "alerts-07-resolved");

    // The state filter.
    await page.getByRole("link", { name: "Firing", exact: true }).click();
    await page.waitForURL(/state=firing/);
    await page.getByText("No firing alerts").waitFor();
    await page.getByRole("link", { name: "Resolved", exact: true }).click();
    await page.waitForURL(/state=resolved/);
    await expect.poll(() => alertRow.count()).toBe(1);

    // Dark mode and a phone: the same page, screenshotted.
    const dark = await env.browser().newContext({ colorScheme: "dark", viewport: { width: 1366, height: 900 }, storageState: await context.storageState() });
    const darkPage = await dark.newPage();
    await darkPage.goto(`${base}/alerts`);
    await darkPage.getByTestId("alert-row").waitFor();
    await screenshot(darkPage, "alerts-08-dark");
    await darkPage.setViewportSize({ width: 390, height: 844 });
    await darkPage.reload();
    await darkPage.getByTestId("alert-row").waitFor();
    await screenshot(darkPage, "alerts-08-phone");
    await dark.close();

    // Delete, behind its confirmation: cancelling keeps the rule; confirming removes it, its alert stays.
    await page.goto(`${base}/alerts`);
    await page.getByRole("button", { name: "Delete Orders exhausted" }).click();
    await dialog.getByText("Delete Orders exhausted?").waitFor();
    await screenshot(page, "alerts-09-delete-confirm");
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await dialog.waitFor({ state: "detached" });
    expect(await row.count()).toBe(1);
    await page.getByRole("button", { name: "Delete Orders exhausted" }).click();
    await dialog.getByRole("button", { name: "Delete rule" }).click();
    // The row goes, and its dialog with it (so no toast: the form that would show it is gone).
    await page.getByText("No alert rules yet").waitFor();
    await dialog.waitFor({ state: "detached" });
    expect(await alertRow.count()).toBe(1);
    expect(await alertRow.textContent()).toContain("Orders exhausted");
    await screenshot(page, "alerts-10-deleted");
    await context.close();
  });
});
