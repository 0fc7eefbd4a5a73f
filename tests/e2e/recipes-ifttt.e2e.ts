// Recipes and IFTTT's sign-in through the production build. A member installs the Stripe → Slack recipe from the
// Integrations page's Recipes section; a signed payment_intent.succeeded posted to the source it made reaches a
// loopback "Slack" receiver as Block Kit, through the worker. Then IFTTT's OAuth: the member opens the authorize
// page IFTTT would send them to, allows it for an application, comes back to a loopback "IFTTT" with a code, and the
// code buys an access token that IFTTT's user/info accepts. Screenshots are saved under test-results/screenshots.
import { createHmac } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApplication } from "@/lib/applications/applications";
import { startWorker, type WorkerHandle } from "@/lib/outbound/worker";
import { validateOutput } from "@/lib/payloads";
import { startApp } from "../helpers/app-server";
import { launchBrowser, screenshot } from "../helpers/browser";
import { createOwner } from "../helpers/factories";
import { signIn } from "../helpers/sign-in";
import { startSmtpServer } from "../helpers/smtp";

let app: Awaited<ReturnType<typeof startApp>>;
let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
let worker: WorkerHandle;
let browser: Browser;
let owner: Awaited<ReturnType<typeof createOwner>>;
let receiver: http.Server;
let receiverUrl: string;
const received: { url: string; body: string }[] = [];
let waiting: (() => void) | null = null;

beforeAll(async () => {
  receiver = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      received.push({ url: req.url ?? "", body: Buffer.concat(chunks).toString("utf8") });
      res.writeHead(200, { "content-type": "text/html" }).end("<p>back at IFTTT</p>");
      waiting?.();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  smtp = await startSmtpServer();
  app = await startApp({ EMAIL_SERVER: smtp.url, IFTTT_SERVICE_KEY: "e2e-service-key", IFTTT_CLIENT_ID: "ifttt-e2e", IFTTT_CLIENT_SECRET: "ifttt-e2e-secret", IFTTT_REDIRECT_URI_PREFIX: `${receiverUrl}/ifttt/` });
  worker = startWorker({ pollIntervalMs: 250 });
  browser = await launchBrowser();
  owner = await createOwner();
  await createApplication({ name: "Globex Corp", uid: "globex" }, owner.ctx);
});

afterAll(async () => {
  await browser?.close();
  await worker?.stop();
  await app?.stop();
  await smtp?.close();
  receiver?.closeAllConnections();
  await new Promise<void>((resolve) => receiver?.close(() => resolve()));
});

/** Resolves once the receiver has a request whose URL starts with `prefix` (a positive signal, never a sleep). */
async function receivedAt(prefix: string) {
  while (!received.some((r) => r.url.startsWith(prefix))) await new Promise<void>((resolve) => (waiting = resolve));
  return received.find((r) => r.url.startsWith(prefix))!;
}

describe("recipes and IFTTT", () => {
  it("installs the Stripe → Slack recipe from the page, and a signed payment reaches Slack as Block Kit", async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 1100 } });
    const page = await context.newPage();
    await signIn(page, app.url, smtp, owner.user.email);
    await page.goto(`${app.url}/${owner.workspace.slug}/integrations`);
    const card = page.getByTestId("recipe-stripe-payment-to-slack");
    await card.scrollIntoViewIfNeeded();
    await screenshot(page, "recipes-section");
    await card.getByRole("button", { name: "Install" }).click();
    await card.getByText("Paste the destination's webhook URL").waitFor();
    await screenshot(page, "recipes-field-error");
    await card.getByLabel("Slack URL").fill(`${receiverUrl}/slack`);
    await card.getByLabel("Signing secret (optional)").fill("whsec_e2e_stripe");
    await card.getByRole("button", { name: "Install" }).click();
    const installed = card.getByTestId("recipe-installed");
    await installed.waitFor();
    await screenshot(page, "recipes-installed");
    const sourceUrl = (await installed.locator("code").textContent())!;

    const body = JSON.stringify({ id: "evt_e2e", type: "payment_intent.succeeded", data: { object: { id: "pi_e2e", amount: 4200, currency: "eur", customer: "cus_1" } } });
    const t = Math.floor(Date.now() / 1000);
    const signature = createHmac("sha256", "whsec_e2e_stripe").update(`${t}.${body}`).digest("hex");
    const posted = await fetch(sourceUrl.replace(/^https?:\/\/[^/]+/, app.url), { method: "POST", headers: { "content-type": "application/json", "stripe-signature": `t=${t},v1=${signature}` }, body });
    expect(posted.status).toBe(200);
    const slack = await receivedAt("/slack");
    expect(validateOutput("slack", slack.body)).toEqual({ ok: true });
    await context.close();
  });

  it("signs a member in to IFTTT: allow for an application, back to IFTTT with a code that buys a working token", async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await signIn(page, app.url, smtp, owner.user.email);
    const redirect = `${receiverUrl}/ifttt/authorize`;
    await page.goto(`${app.url}/portal/integrations/ifttt/authorize?client_id=ifttt-e2e&response_type=code&state=s1&redirect_uri=${encodeURIComponent(redirect)}`);
    await page.getByRole("button", { name: "Allow" }).waitFor();
    await page.getByLabel("Application").selectOption({ label: `${owner.workspace.name} / Globex Corp (globex)` });
    await screenshot(page, "ifttt-authorize");
    await page.getByRole("button", { name: "Allow" }).click();
    const back = new URL((await receivedAt("/ifttt/authorize")).url, receiverUrl);
    expect(back.searchParams.get("state")).toBe("s1");
    const form = new URLSearchParams({ grant_type: "authorization_code", code: back.searchParams.get("code")!, client_id: "ifttt-e2e", client_secret: "ifttt-e2e-secret", redirect_uri: redirect });
    const exchanged = (await (await fetch(`${app.url}/api/integrations/ifttt/v1/oauth/token`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: form })).json()) as { access_token: string };
    const info = await fetch(`${app.url}/api/integrations/ifttt/v1/user/info`, { headers: { authorization: `Bearer ${exchanged.access_token}` } });
    expect(await info.json()).toMatchObject({ data: { name: expect.stringContaining("Globex Corp") } });
    await page.goto(`${app.url}/portal/integrations/ifttt/authorize?client_id=wrong&redirect_uri=${encodeURIComponent(redirect)}`);
    await page.getByText("unknown client").waitFor();
    await screenshot(page, "ifttt-authorize-refused");
    await context.close();
  });
});
