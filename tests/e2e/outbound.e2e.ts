// Outbound webhooks in the dashboard: create an event type and an endpoint pointing at a loopback receiver, send a
// test event, see the attempt and the receiver's answer in the endpoint's log and on the message page, replay it,
// and rotate the signing secret. The delivery worker runs in this process against the app's database.
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { Browser, Page } from "playwright-core";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startWorker, type WorkerHandle } from "@/lib/outbound/worker";
import { startApp } from "../helpers/app-server";
import { launchBrowser, screenshot } from "../helpers/browser";
import { signIn } from "../helpers/sign-in";
import { startSmtpServer } from "../helpers/smtp";

interface Received {
  headers: Record<string, string>;
  body: string;
}

/** A customer's receiver on 127.0.0.1: records every request and answers (200 unless told otherwise) with a body the log should show. */
async function startReceiver() {
  const requests: Received[] = [];
  const answer = { status: 200 };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      requests.push({ headers: Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)])), body: Buffer.concat(chunks).toString("utf8") });
      res.writeHead(answer.status, { "content-type": "application/json", "x-receiver": "e2e" }).end(JSON.stringify({ ack: "e2e-receiver-ok", n: requests.length }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/billing`,
    requests,
    answer,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const SCHEMA = JSON.stringify({
  type: "object",
  required: ["invoiceId", "amount"],
  properties: { invoiceId: { type: "string" }, amount: { type: "integer", minimum: 0 } },
});
const SAMPLE = JSON.stringify({ invoiceId: "inv_e2e_1", amount: 4200 });
const OPENAPI = {
  openapi: "3.1.0",
  info: { title: "Billing webhooks", version: "1" },
  webhooks: {
    "invoice.refunded": {
      post: {
        tags: ["Billing"],
        description: "A paid invoice was refunded.",
        requestBody: { content: { "application/json": { schema: { type: "object", properties: { invoiceId: { type: "string" } } } } } },
        responses: { "200": { description: "Received" } },
      },
    },
  },
};

let app: Awaited<ReturnType<typeof startApp>>;
let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
let worker: WorkerHandle;
let browser: Browser;

beforeAll(async () => {
  smtp = await startSmtpServer();
  receiver = await startReceiver();
  app = await startApp({ EMAIL_SERVER: smtp.url });
  worker = startWorker({ pollIntervalMs: 250 });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await worker?.stop();
  await app?.stop();
  await receiver?.close();
  await smtp?.close();
});

/** Waits for an open dialog to finish closing, so screenshots do not catch it half-faded. */
const dialogGone = (page: Page) => page.getByRole("dialog").waitFor({ state: "detached" });

describe("outbound webhooks, end to end", () => {
  it("creates an event type and an endpoint, delivers a signed test event, shows the attempt, replays and recovers it", async () => {
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    await signIn(page, app.url, smtp, "ola@example.test");
    await page.waitForURL(/\/ola-s-workspace$/);
    const base = `${app.url}/ola-s-workspace`;

    // The catalog, reached from the sidebar.
    await page.getByRole("link", { name: "Event types" }).click();
    await page.waitForURL(/\/event-types$/);
    await expect.poll(() => page.getByText("No event types yet").count()).toBe(1);
    await screenshot(page, "20-event-types-empty");

    await page.getByRole("button", { name: "Create event type" }).first().click();
    const dialog = page.getByRole("dialog");
    await dialog.getByLabel("Name", { exact: true }).fill("invoice.paid");
    await dialog.getByLabel("Feature group").fill("Billing");
    await dialog.getByLabel("Description").fill("An invoice was paid in full.");
    await dialog.getByLabel("JSON Schema").fill('{"type": "object",');
    await dialog.getByLabel("Sample payload").fill(SAMPLE);
    await dialog.getByRole("button", { name: "Create event type" }).click();
    // Broken JSON is reported beside its field, and nothing typed is lost.
    await expect.poll(() => dialog.getByText(/^Not valid JSON/).count(), { timeout: 15_000 }).toBe(1);
    expect(await dialog.getByLabel("Name", { exact: true }).inputValue()).toBe("invoice.paid");
    expect(await dialog.getByLabel("Sample payload").textContent()).toBe(SAMPLE);
    // The schema is edited in a code editor that marks where the JSON breaks, before anything is sent.
    await expect.poll(() => dialog.locator(".cm-lint-marker-error").count()).toBe(1);
    await screenshot(page, "21-event-type-invalid-json");
    await dialog.getByLabel("JSON Schema").fill(SCHEMA);
    await dialog.getByRole("button", { name: "Create event type" }).click();
    await page.waitForURL(/\/event-types\/evt_/, { timeout: 15_000 });
    await expect.poll(() => page.getByTestId("event-type-version").count()).toBe(1);
    await screenshot(page, "22-event-type");
    await page.getByRole("button", { name: "Add version" }).click();
    await expect.poll(() => page.getByTestId("event-type-version").count(), { timeout: 15_000 }).toBe(2);

    // Import a second type from an OpenAPI document, then archive it: the catalog hides it.
    await page.goto(`${base}/event-types`);
    await page.getByRole("button", { name: "Import OpenAPI" }).click();
    await dialog.getByLabel("OpenAPI 3.1 document (JSON)").fill(JSON.stringify(OPENAPI));
    await dialog.getByRole("button", { name: "Import" }).click();
    await expect.poll(() => dialog.getByText("Created: invoice.refunded").count(), { timeout: 15_000 }).toBe(1);
    await screenshot(page, "22a-openapi-imported");
    await dialog.getByRole("button", { name: "Done" }).click();
    await dialogGone(page);
    await expect.poll(() => page.getByTestId("event-type-row").count()).toBe(2);
    await page.getByRole("link", { name: "invoice.refunded" }).click();
    await page.getByRole("button", { name: "Archive" }).click();
    await expect.poll(() => page.getByText(/^Archived: sending a message/).count(), { timeout: 15_000 }).toBe(1);
    await page.goto(`${base}/event-types`);
    await expect.poll(() => page.getByTestId("event-type-row").count()).toBe(1);
    await screenshot(page, "22b-event-types");

    // An endpoint at the loopback receiver, subscribed to every type.
    await page.goto(`${base}/endpoints`);
    await expect.poll(() => page.getByText("No endpoints yet").count()).toBe(1);
    await screenshot(page, "23-endpoints-empty");
    await page.getByRole("button", { name: "Add endpoint" }).first().click();
    await dialog.getByLabel("URL", { exact: true }).fill(receiver.url);
    await dialog.getByLabel("Description").fill("Billing receiver");
    await dialog.getByText("Filtering, headers, auth and retries").click();
    await dialog.getByLabel("Content filter (JSON)").fill('{"path": "amount", "op": "bogus", "value": 1}');
    await dialog.getByRole("button", { name: "Add endpoint" }).click();
    // A malformed filter is explained under its field; the URL typed above is still there.
    await expect.poll(() => dialog.getByText(/^Not a valid filter/).count(), { timeout: 15_000 }).toBe(1);
    expect(await dialog.getByLabel("URL", { exact: true }).inputValue()).toBe(receiver.url);
    await screenshot(page, "24-add-endpoint-filter-error");
    await dialog.getByLabel("Content filter (JSON)").fill('{"path": "amount", "op": "gte", "value": 100}');
    await dialog.getByRole("button", { name: "Add endpoint" }).click();
    await page.waitForURL(/\/endpoints\/ep_/, { timeout: 15_000 });
    const endpointPage = page.url();
    expect(await page.getByTestId("endpoint-url").textContent()).toBe(receiver.url);
    expect(await page.getByText("A content filter applies.").count()).toBe(1);
    await expect.poll(() => page.getByText("No attempts yet").count()).toBe(1);
    await screenshot(page, "25-endpoint");

    // The secret, revealed, is the one the receiver can verify deliveries with.
    await page.getByRole("button", { name: "Reveal" }).click();
    const secret = (await page.getByTestId("signing-secret").first().textContent({ timeout: 15_000 }))!.trim();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/=]+$/);
    expect(await page.getByTestId("verify-sample").textContent()).toContain("new Webhook(");

    // Send a test event with the type's sample payload; the worker delivers it and the page refreshes itself.
    await page.getByRole("button", { name: "Send test event" }).click();
    await expect.poll(() => receiver.requests.length, { timeout: 20_000 }).toBe(1);
    const delivered = receiver.requests[0];
    expect(JSON.parse(delivered.body)).toMatchObject({ type: "invoice.paid", data: { invoiceId: "inv_e2e_1", amount: 4200 } });
    expect(new Webhook(secret).verify(delivered.body, delivered.headers)).toMatchObject({ type: "invoice.paid" });
    await expect.poll(() => page.getByTestId("attempt-row").count(), { timeout: 20_000 }).toBe(1);
    const attempt = page.getByTestId("attempt-row").first();
    expect(await attempt.getAttribute("data-status")).toBe("200");
    await attempt.locator("summary").click();
    expect(await attempt.getByTestId("attempt-response-status").textContent()).toBe("200");
    expect(await attempt.getByTestId("attempt-response-body").textContent()).toContain("e2e-receiver-ok");
    // The request body as sent: byte for byte what the receiver got (and verified the signature over).
    expect(await attempt.getByTestId("attempt-request-body").textContent()).toBe(delivered.body);
    expect(await attempt.textContent()).toContain(delivered.headers["webhook-id"]);
    await expect.poll(() => page.getByTestId("stat-success-rate").textContent()).toBe("100%");
    await screenshot(page, "26-endpoint-attempt");

    // The message page shows the payload, the delivery and the same attempt.
    await page.getByTestId("test-message-link").click();
    await page.waitForURL(/\/messages\/msg_/);
    expect(page.url()).toContain(delivered.headers["webhook-id"]);
    expect(await page.getByTestId("message-payload").textContent()).toContain("inv_e2e_1");
    expect(await page.getByTestId("delivery-status").first().textContent()).toBe("succeeded");
    await expect.poll(() => page.getByTestId("attempt-row").count()).toBe(1);
    await page.getByTestId("attempt-row").first().locator("summary").click();
    expect(await page.getByTestId("attempt-response-body").first().textContent()).toContain("e2e-receiver-ok");
    await screenshot(page, "27-message");

    // Replay: a second, manual attempt with the same webhook-id.
    // It asks first, naming where the copy goes; cancelling sends nothing.
    await page.getByRole("button", { name: "Replay", exact: true }).click();
    await expect.poll(() => dialog.getByText("Replay this message?").count()).toBe(1);
    expect(await dialog.textContent()).toContain(receiver.url);
    await screenshot(page, "27a-replay-confirm");
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await dialogGone(page);
    await page.getByRole("button", { name: "Replay", exact: true }).click();
    await dialog.getByRole("button", { name: "Replay", exact: true }).click();
    await expect.poll(() => receiver.requests.length, { timeout: 20_000 }).toBe(2);
    expect(receiver.requests[1].headers["webhook-id"]).toBe(delivered.headers["webhook-id"]);
    await expect.poll(() => page.getByTestId("attempt-row").count(), { timeout: 20_000 }).toBe(2);
    const replayed = page.getByTestId("attempt-row").first();
    expect(await replayed.getAttribute("data-status")).toBe("200");
    expect(await replayed.textContent()).toContain("manual");
    await replayed.locator("summary").click();
    expect(await replayed.getByTestId("attempt-response-body").textContent()).toContain('"n": 2');
    await screenshot(page, "28-message-replayed");

    // The logs list what happened.
    await page.goto(`${base}/messages`);
    await expect.poll(() => page.getByTestId("message-row").count()).toBe(1);
    await screenshot(page, "29-messages");
    await page.goto(`${base}/endpoints`);
    await expect.poll(() => page.getByTestId("endpoint-row").count()).toBe(1);
    expect(await page.getByTestId("endpoint-row").textContent()).toContain("100%");
    await screenshot(page, "30-endpoints");

    // A failure, then recovery. A custom schedule puts the automatic retry an hour away, so only recovery resends it.
    await page.getByRole("link", { name: receiver.url }).click();
    await page.waitForURL(/\/endpoints\/ep_/);
    await page.getByText("Filtering, headers, auth and retries").click();
    await page.getByLabel("Retry schedule").fill("0, 1h");
    await page.getByRole("button", { name: "Save settings" }).click();
    await expect.poll(() => page.getByText("2 attempts, custom").count(), { timeout: 15_000 }).toBe(1);
    receiver.answer.status = 500;
    await page.getByRole("button", { name: "Send test event" }).click();
    await expect.poll(() => receiver.requests.length, { timeout: 20_000 }).toBe(3);
    await expect.poll(() => page.getByTestId("attempt-row").first().getAttribute("data-status"), { timeout: 20_000 }).toBe("500");
    receiver.answer.status = 200;
    await page.getByRole("button", { name: "Recover failed deliveries" }).click();
    await page.waitForURL(/recoverSince=/, { timeout: 15_000 });
    expect(await page.getByTestId("recovery-progress").textContent()).toContain("Re-sending 1 delivery");
    await expect.poll(() => receiver.requests.length, { timeout: 20_000 }).toBe(4);
    await expect.poll(() => page.getByTestId("recovery-progress").textContent(), { timeout: 20_000 }).toContain("All sent");
    await expect.poll(() => page.getByTestId("attempt-row").first().getAttribute("data-status"), { timeout: 20_000 }).toBe("200");
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(page, "31-endpoint-recovered");

    // Bulk resend: the failed attempt's checkbox selects its message; a confirmation, then progress, then one more
    // manual attempt arrives at the receiver. The attempts chart says what it shows.
    expect(await page.getByTestId("attempts-chart").getAttribute("aria-label")).toContain("succeeded and failed");
    expect(await page.getByTestId("attempts-chart").textContent()).toContain("Succeeded");
    await page.getByRole("checkbox", { name: /^Select attempt \d+ of msg_/ }).first().click();
    await expect.poll(() => page.getByTestId("bulk-bar").textContent()).toContain("1 message selected");
    await page.getByRole("button", { name: "Resend…" }).click();
    await expect.poll(() => dialog.getByText("Resend 1 message?").count()).toBe(1);
    await screenshot(page, "31a-bulk-resend-confirm");
    await dialog.getByRole("button", { name: "Resend 1 message" }).click();
    await expect.poll(() => dialog.getByText("Resend finished").count(), { timeout: 15_000 }).toBe(1);
    expect(await dialog.getByTestId("bulk-progress").textContent()).toContain("1 of 1 message · 1 delivery queued");
    await screenshot(page, "31b-bulk-resend-done");
    await dialog.getByRole("button", { name: "Done" }).click();
    await dialogGone(page);
    await expect.poll(() => receiver.requests.length, { timeout: 20_000 }).toBe(5);

    // Rotating with an overlap lists both secrets until the old one retires.
    await page.goto(endpointPage);
    await page.getByRole("button", { name: "Rotate…" }).click();
    await dialog.getByRole("button", { name: "Rotate secret" }).click();
    const rotated = (await dialog.getByTestId("signing-secret").textContent({ timeout: 15_000 }))!.trim();
    expect(rotated).not.toBe(secret);
    await dialog.getByRole("button", { name: "Done" }).click();
    await dialogGone(page);
    await expect.poll(() => page.getByTestId("secret-list").locator("li").count()).toBe(2);
    expect(await page.getByTestId("secret-list").textContent()).toContain("Retiring");
    await screenshot(page, "32-secret-rotated");

    // Disable with a reason, enable again, then delete.
    await page.getByRole("button", { name: "Disable…" }).click();
    await dialog.getByLabel("Reason (shown on the endpoint)").fill("Receiver moving to a new host");
    await dialog.getByRole("button", { name: "Disable endpoint" }).click();
    await expect.poll(() => page.getByTestId("endpoint-status").textContent(), { timeout: 15_000 }).toBe("Disabled");
    expect(await page.getByText("Receiver moving to a new host").count()).toBe(1);
    await dialogGone(page);
    await screenshot(page, "33-endpoint-disabled");
    await page.getByRole("button", { name: "Enable", exact: true }).click();
    await expect.poll(() => page.getByTestId("endpoint-status").textContent(), { timeout: 15_000 }).toBe("Enabled");
    await page.getByRole("button", { name: "Delete…" }).click();
    await dialog.getByRole("button", { name: "Delete endpoint" }).click();
    await page.waitForURL(/\/endpoints$/, { timeout: 15_000 });
    await expect.poll(() => page.getByText("No endpoints yet").count()).toBe(1);
  });
});
