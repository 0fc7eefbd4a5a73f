// Payload templates in the dashboard: write a template in the editor and watch its live preview (an error with its
// line and column, then valid output), publish v1 and v2, pin an endpoint to v1 on its page, send an event: the
// loopback receiver gets the v1 rendering, not v2's. The delivery worker runs in this process against the app's database.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { eq } from "drizzle-orm";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/db";
import { memberships, users } from "@/db/schema";
import { createEndpoint } from "@/lib/outbound/endpoints";
import { createEventType } from "@/lib/outbound/event-types";
import { sendMessage } from "@/lib/outbound/send";
import { startWorker, type WorkerHandle } from "@/lib/outbound/worker";
import { setupAppWithMail } from "../helpers/app-server";
import { screenshot } from "../helpers/browser";
import { contextFor } from "../helpers/factories";
import { signIn } from "../helpers/sign-in";

async function startReceiver() {
  const requests: { headers: http.IncomingHttpHeaders; body: string }[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      requests.push({ headers: req.headers, body: Buffer.concat(chunks).toString("utf8") });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/orders`, requests, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

const V1 = '{"version": 1, "order": {{ event.data.order | json }}, "type": {{ event.type | json }}}';
const V2 = '{"version": 2, "order": {{ event.data.order | upcase | json }}}';

const env = setupAppWithMail();
let receiver: Awaited<ReturnType<typeof startReceiver>>;
let worker: WorkerHandle;

beforeAll(async () => {
  receiver = await startReceiver();
  worker = startWorker({ pollIntervalMs: 250 });
});

afterAll(async () => {
  await worker?.stop();
  await receiver?.close();
});

/** Replaces the editor's whole text, as typing would. */
async function setSource(page: Page, text: string) {
  const editor = page.getByTestId("template-source").locator(".cm-content");
  await editor.click();
  await page.keyboard.press("ControlOrMeta+a");
  await page.keyboard.press("Delete");
  await editor.fill(text);
}

const previewStatus = (page: Page) => page.getByTestId("preview-status").textContent();

describe("payload templates, end to end", () => {
  it("edits and previews a template, publishes v1 and v2, pins an endpoint to v1, and the receiver gets the v1 rendering", async () => {
    const app = env.app();
    const page = await (await env.browser().newContext({ viewport: { width: 1400, height: 1000 } })).newPage();
    await signIn(page, app.url, env.smtp(), "tara@example.test");
    await page.waitForURL(/\/tara-s-workspace$/);
    const base = `${app.url}/tara-s-workspace`;
    const [user] = await db().select().from(users).where(eq(users.email, "tara@example.test"));
    const [membership] = await db().select().from(memberships).where(eq(memberships.userId, user.id));
    const ctx = contextFor(membership.workspaceId, user, "owner");
    await createEventType({ name: "order.shipped", samplePayload: { order: "ord_sample" } }, ctx);
    const { endpoint } = await createEndpoint({ url: receiver.url, description: "Orders receiver" }, ctx);

    await page.goto(`${base}/templates`);
    await expect.poll(() => page.getByText("No templates yet").count()).toBe(1);
    expect(await page.getByTestId("built-in-template").count()).toBe(7);
    await screenshot(page, "templates-01-list-empty");

    await page.getByRole("button", { name: "New template" }).first().click();
    const dialog = page.getByRole("dialog");
    await dialog.getByRole("button", { name: "Create template" }).click();
    await expect.poll(() => dialog.getByText("Name the template").count(), { timeout: 15_000 }).toBe(1);
    await dialog.getByLabel("Name").fill("Order alerts");
    await dialog.getByRole("button", { name: "Create template" }).click();
    await page.waitForURL(/\/templates\/tpl_/, { timeout: 15_000 });

    // The live preview renders the catalog's sample; a broken template is answered with its line and column.
    await setSource(page, "{\n  \"order\": {{ event.data.order | nope }}\n}");
    await expect.poll(() => previewStatus(page), { timeout: 15_000 }).toContain("Template error at line 2, column 12: undefined filter: nope");
    await expect.poll(() => page.locator(".cm-lint-marker-error").count()).toBe(1);
    await screenshot(page, "templates-02-editor-error");
    await setSource(page, V1);
    await expect.poll(() => previewStatus(page), { timeout: 15_000 }).toContain("Valid output · application/json");
    expect(JSON.parse((await page.getByTestId("preview-output").textContent())!)).toEqual({ version: 1, order: "ord_sample", type: "order.shipped" });
    await screenshot(page, "templates-03-editor-preview");

    await page.getByLabel("Changelog").fill("First version");
    await page.getByRole("button", { name: "Publish v1" }).click();
    await expect.poll(() => page.getByTestId("template-version").count(), { timeout: 15_000 }).toBe(1);
    await setSource(page, V2);
    await expect.poll(() => page.getByTestId("preview-output").textContent(), { timeout: 15_000 }).toContain('"ORD_SAMPLE"');
    await page.getByLabel("Changelog").fill("Upper-case order ids");
    await page.getByRole("button", { name: "Publish v2" }).click();
    await expect.poll(() => page.getByTestId("template-version").count(), { timeout: 15_000 }).toBe(2);
    expect(await page.getByRole("button", { name: "Roll back to v1" }).count()).toBe(1);
    await screenshot(page, "templates-04-published");

    // Pin the endpoint to v1 on its page.
    await page.goto(`${base}/endpoints/${endpoint.id}`);
    await page.getByLabel("Template", { exact: true }).click();
    await page.getByRole("option", { name: "Order alerts" }).click();
    await page.getByLabel("Version", { exact: true }).click();
    await page.getByRole("option", { name: "v1", exact: true }).click();
    await page.getByRole("button", { name: "Save template" }).click();
    await expect.poll(() => page.getByText("Template saved: deliveries render it").count(), { timeout: 15_000 }).toBe(1);
    await page.locator("#template").scrollIntoViewIfNeeded();
    await screenshot(page, "templates-05-endpoint-pinned");

    await sendMessage({ eventType: "order.shipped", payload: { order: "ord_42" } }, ctx);
    await expect.poll(() => receiver.requests.length, { timeout: 20_000 }).toBe(1);
    const [delivered] = receiver.requests;
    expect(delivered.headers["content-type"]).toBe("application/json");
    expect(JSON.parse(delivered.body)).toEqual({ version: 1, order: "ord_42", type: "order.shipped" });
    await page.goto(`${base}/templates`);
    await expect.poll(() => page.getByTestId("template-row").count()).toBe(1);
    await screenshot(page, "templates-06-list");
  });
});
