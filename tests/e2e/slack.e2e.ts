// Slack end to end against the production build and the local Slack stand-in (tests/helpers/slack-stand-in.ts): a
// member opens Integrations, chooses Add to Slack for an application, picks a channel on the stand-in's authorize
// page and comes back connected; a test event sent to that application reaches the picked channel through
// chat.postMessage. Then a customer, in the consumer portal, connects their own Slack and receives only their
// application's events. Screenshots are saved under test-results/screenshots.
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApplication } from "@/lib/applications/applications";
import { createPortalAccess } from "@/lib/applications/portal-sessions";
import { createEventType } from "@/lib/outbound/event-types";
import { sendMessage } from "@/lib/outbound/send";
import { startWorker, type WorkerHandle } from "@/lib/outbound/worker";
import { resetEnvForTests } from "@/lib/platform/env";
import { startApp } from "../helpers/app-server";
import { launchBrowser, screenshot } from "../helpers/browser";
import { createOwner } from "../helpers/factories";
import { signIn } from "../helpers/sign-in";
import { startSlackStandIn, type SlackStandIn } from "../helpers/slack-stand-in";
import { startSmtpServer } from "../helpers/smtp";

let app: Awaited<ReturnType<typeof startApp>>;
let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
let slack: SlackStandIn;
let worker: WorkerHandle;
let browser: Browser;
let owner: Awaited<ReturnType<typeof createOwner>>;
let alerts: { id: string };
let globex: { id: string };

beforeAll(async () => {
  slack = await startSlackStandIn();
  smtp = await startSmtpServer();
  // The worker in this process delivers, so it talks to the same stand-in.
  Object.assign(process.env, slack.env("e2e-signing-secret"));
  resetEnvForTests();
  app = await startApp({ EMAIL_SERVER: smtp.url, ...slack.env("e2e-signing-secret") });
  worker = startWorker({ pollIntervalMs: 250 });
  browser = await launchBrowser();
  owner = await createOwner();
  await createEventType({ name: "invoice.paid", samplePayload: { invoiceId: "inv_1", amount: 4200 } }, owner.ctx);
  alerts = await createApplication({ name: "Internal alerts", uid: "alerts" }, owner.ctx);
  globex = await createApplication({ name: "Globex Corp", uid: "globex" }, owner.ctx);
});

afterAll(async () => {
  await browser?.close();
  await worker?.stop();
  await app?.stop();
  await Promise.all([slack?.close(), smtp?.close()]);
});

describe("Slack", () => {
  it("a member installs through OAuth, picks a channel, and a test event reaches it", async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await signIn(page, app.url, smtp, owner.user.email);
    await page.goto(`${app.url}/${owner.workspace.slug}/integrations`);
    const panel = page.getByTestId("integration-slack");
    await panel.getByText("Not connected").waitFor();
    await screenshot(page, "slack-integrations-empty");

    await panel.getByLabel("Application").selectOption(alerts.id);
    await panel.getByRole("button", { name: "Add to Slack" }).click();
    await page.waitForURL((url) => url.href.startsWith(slack.authorizeUrl));
    await page.getByLabel("Channel").selectOption("C0ALERTS");
    await screenshot(page, "slack-authorize-stand-in");
    await page.getByRole("button", { name: "Allow" }).click();

    await page.getByTestId("connected-notice").waitFor();
    const row = panel.getByTestId("connection-row");
    await row.getByText("Slack #alerts in Stand-in Corp").waitFor();
    expect(await row.textContent()).toContain("Internal alerts");
    await screenshot(page, "slack-integrations-connected");

    const { message } = await sendMessage({ eventType: "invoice.paid", payload: { invoiceId: "inv_e2e", amount: 99 }, application: alerts.id }, owner.ctx);
    const posted = await slack.nextMessage((m) => m.text.includes(message.id));
    expect(posted.channel).toBe("C0ALERTS");
    expect(JSON.stringify(posted.blocks)).toContain("inv_e2e");

    await page.goto(`${app.url}/${owner.workspace.slug}/integrations/slack`);
    await page.getByRole("heading", { name: "Troubleshooting" }).waitFor();
    await screenshot(page, "slack-docs-page");
    await context.close();
  });

  it("a customer connects Slack from the portal and receives only their application's events", async () => {
    const access = await createPortalAccess({ id: globex.id }, owner.ctx);
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    // Made in this process, whose APP_URL is not the app server's: the link is opened on the server.
    await page.goto(`${app.url}/portal/access/${access.token}`);
    await page.getByRole("link", { name: "Integrations" }).click();
    const panel = page.getByTestId("integration-slack");
    await panel.getByRole("button", { name: "Add to Slack" }).click();
    await page.waitForURL((url) => url.href.startsWith(slack.authorizeUrl));
    await page.getByLabel("Channel").selectOption("C0CUSTOMER");
    await page.getByRole("button", { name: "Allow" }).click();
    await page.getByTestId("connected-notice").waitFor();
    await panel.getByText("Slack #customer-events in Stand-in Corp").waitFor();
    // The workspace's own connection (another application) is not the customer's to see.
    expect(await panel.getByTestId("connection-row").count()).toBe(1);
    await screenshot(page, "slack-portal-connected");

    const internal = await sendMessage({ eventType: "invoice.paid", payload: { invoiceId: "inv_internal" }, application: alerts.id }, owner.ctx);
    const theirs = await sendMessage({ eventType: "invoice.paid", payload: { invoiceId: "inv_globex" }, application: globex.id }, owner.ctx);
    const posted = await slack.nextMessage((m) => m.text.includes(theirs.message.id));
    expect(posted.channel).toBe("C0CUSTOMER");
    // Positive signals for both: the internal event reached #alerts, and nothing but Globex's reached #customer-events.
    await slack.nextMessage((m) => m.text.includes(internal.message.id) && m.channel === "C0ALERTS");
    expect(slack.messages.filter((m) => m.channel === "C0CUSTOMER").every((m) => m.text.includes(theirs.message.id))).toBe(true);
    await context.close();
  });
});
