// The consumer portal in a real browser against the production build: a link made through the API opens once in a
// fresh context (no Switchboard session); the customer adds an endpoint at a loopback receiver that verifies
// signatures, sends an example, sees the attempt, rotates the secret; a read-only link offers no change and a forged
// server action with its cookie is refused; another application's objects are not found; the portal shows inside an
// iframe on a listed origin and is refused on another; portal changes are audited as the portal session; and no page
// but the portal can be framed at all.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { and, eq } from "drizzle-orm";
import type { Browser, BrowserContext, Frame, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/db";
import { auditLog, endpoints, workspaces } from "@/db/schema";
import { createEndpoint, activeSigningSecrets } from "@/lib/outbound/endpoints";
import { createEventType } from "@/lib/outbound/event-types";
import { sendMessage } from "@/lib/outbound/send";
import { startWorker, type WorkerHandle } from "@/lib/outbound/worker";
import { createApiKey } from "@/lib/keys/service";
import { updatePortalSettings } from "@/lib/workspaces/portal-settings";
import { startApp } from "../helpers/app-server";
import { launchBrowser, screenshot } from "../helpers/browser";
import { createOwner } from "../helpers/factories";
import { startSmtpServer } from "../helpers/smtp";
import { startVerifyingReceiver, type VerifyingReceiver } from "../helpers/verifying-receiver";
import type { Id } from "@/lib/platform/id-types";

type Answer = { status: number; headers: http.IncomingHttpHeaders; text: string };

/** One request over a fresh loopback socket with exactly these headers, as a forger's script would send it. */
function send(url: string, options: { method?: string; headers?: Record<string, string>; body?: Buffer | string } = {}): Promise<Answer> {
  const target = new URL(url);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: "127.0.0.1", port: target.port, path: target.pathname + target.search, method: options.method ?? "GET", headers: options.headers, agent: false }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (text += chunk));
      res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers, text }));
    });
    req.on("error", reject);
    req.end(options.body);
  });
}

/** A page of "the customer's own product" on its own loopback port (its own origin), framing the portal link it is given, and serving the logo. */
async function startHostPage(name: string) {
  const state = { link: "" };
  const server = http.createServer((req, res) => {
    if (req.url === "/logo.svg") {
      res.writeHead(200, { "content-type": "image/svg+xml" }).end('<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64"><rect width="64" height="64" rx="14" fill="#0f766e"/><path d="M16 40 L32 18 L48 40 Z" fill="#fff"/></svg>');
      return;
    }
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(`<!doctype html>
<html><head><title>${name}</title></head>
<body style="font-family: sans-serif; margin: 16px; background: #f1f5f9">
<h1 style="font-size: 18px">${name}: Settings → Webhooks</h1>
<iframe id="portal" title="Webhooks" src="${state.link}" style="width: 100%; height: 760px; border: 1px solid #94a3b8; background: #fff"></iframe>
<script>
  // The iframe's load event fires for a rendered portal and for a frame the browser refused alike.
  document.getElementById("portal").addEventListener("load", () => { document.body.dataset.frameLoaded = "1"; });
</script>
</body></html>`);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { origin, state, close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }) };
}

let app: Awaited<ReturnType<typeof startApp>>;
let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
let receiver: VerifyingReceiver;
let worker: WorkerHandle;
let browser: Browser;
let allowedHost: Awaited<ReturnType<typeof startHostPage>>;
let refusedHost: Awaited<ReturnType<typeof startHostPage>>;
let owner: Awaited<ReturnType<typeof createOwner>>;
let apiKey: string;
let acme: { id: string; uid: string };
let other: { endpointId: string; messageId: string };

const api = (path: string, body: unknown) =>
  fetch(`${app.url}${path}`, { method: "POST", headers: { authorization: `Bearer ${apiKey}`, "content-type": "application/json" }, body: JSON.stringify(body) });

async function portalLink(readOnly = false): Promise<string> {
  const response = await api(`/api/v1/applications/${acme.uid}/portal-access`, { expiresIn: 3600, readOnly });
  expect(response.status).toBe(201);
  const { url } = (await response.json()) as { url: string };
  expect(url.startsWith(`${app.url}/portal/access/`)).toBe(true);
  return url;
}

/** What the receiver got for the portal's application (Initech's message, sent at the start, goes to /initech). */
const globexRequests = () => receiver.requests.filter((r) => r.body.includes("inv_1"));

const dialogGone = (page: Page) => page.getByRole("dialog").waitFor({ state: "detached" });

async function endpointStatus(id: Id<"ep">) {
  const [row] = await db().select({ status: endpoints.status }).from(endpoints).where(eq(endpoints.id, id));
  return row.status;
}

beforeAll(async () => {
  receiver = await startVerifyingReceiver();
  [allowedHost, refusedHost] = await Promise.all([startHostPage("Acme Cloud"), startHostPage("Elsewhere")]);
  // Self-hosted sign-in needs mail, though nobody here signs in: the portal needs no Switchboard account.
  smtp = await startSmtpServer();
  app = await startApp({ EMAIL_SERVER: smtp.url });
  worker = startWorker({ pollIntervalMs: 250 });
  browser = await launchBrowser();

  owner = await createOwner();
  // The workspace's backend holds a key that may make portal links and nothing else.
  apiKey = (await createApiKey({ name: "portal links", scopes: ["applications:write", "endpoints:write", "messages:write", "event_types:read"], ipAllowlist: "" }, owner.ctx)).key;
  await createEventType({ name: "invoice.paid", featureGroup: "Billing", description: "An invoice was paid in full.", schema: { type: "object", properties: { invoiceId: { type: "string" }, amount: { type: "integer" } } }, samplePayload: { invoiceId: "inv_1", amount: 4200 } }, owner.ctx);
  await createEventType({ name: "invoice.refunded", featureGroup: "Billing", description: "A paid invoice was refunded.", samplePayload: { invoiceId: "inv_1" } }, owner.ctx);
  await db().transaction((tx) =>
    updatePortalSettings({ displayName: "Acme Cloud", logoUrl: "", accentColor: "#0f766e", accentColorDark: "#2dd4bf", frameOrigins: allowedHost.origin }, owner.ctx, tx),
  );
  // Logos must be https when saved; nothing here can serve https, so the stored URL is the host page's own.
  await db().update(workspaces).set({ portalLogoUrl: `${allowedHost.origin}/logo.svg` }).where(eq(workspaces.id, owner.ctx.workspaceId));

  for (const [name, uid] of [["Globex Corp", "globex"], ["Initech", "initech"]]) {
    const response = await api("/api/v1/applications", { name, uid });
    expect(response.status).toBe(201);
    const created = (await response.json()) as { id: string; uid: string };
    if (uid === "globex") acme = created;
    else {
      // Another customer of the same workspace, with an endpoint and a message the portal must never show.
      const { endpoint } = await createEndpoint({ url: `${receiver.url}/initech`, application: created.id }, owner.ctx);
      const { message } = await sendMessage({ eventType: "invoice.paid", payload: { invoiceId: "inv_9", amount: 1 }, application: created.id }, owner.ctx);
      other = { endpointId: endpoint.id, messageId: message.id };
    }
  }
});

afterAll(async () => {
  await browser?.close();
  await worker?.stop();
  await app?.stop();
  await Promise.all([receiver?.close(), allowedHost?.close(), refusedHost?.close(), smtp?.close()]);
});

describe("consumer portal, end to end", () => {
  let writer: BrowserContext;
  let endpointId: Id<"ep">;
  let pauseRequest: { url: string; headers: Record<string, string>; body: Buffer };

  it("opens a link once in a fresh browser, with the workspace's branding and no dashboard", async () => {
    const link = await portalLink();
    writer = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await writer.newPage();
    await page.goto(link);
    await page.waitForURL(`${app.url}/portal`);
    expect(await page.getByTestId("portal-brand").textContent()).toBe("Acme Cloud");
    await expect.poll(() => page.getByText("No endpoints yet").count()).toBe(1);
    expect(await page.getByText("Webhooks for Globex Corp").count()).toBe(1);
    // The logo loaded (from the host page's server) and the accent colour is the primary colour.
    await expect.poll(() => page.locator("header img").evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
    expect(await page.getByRole("button", { name: "Add endpoint" }).evaluate((b) => [getComputedStyle(b).backgroundColor, getComputedStyle(b).color])).toEqual(["rgb(15, 118, 110)", "rgb(255, 255, 255)"]);
    // Nothing of the dashboard: no workspace navigation, no Switchboard name.
    expect(await page.getByRole("link", { name: "Settings" }).count()).toBe(0);
    expect(await page.locator("body").innerText()).not.toContain("Switchboard");
    expect(await page.title()).toBe("Endpoints · Webhooks");
    await screenshot(page, "70-portal-endpoints-empty");

    // The same link again, in another fresh browser: it has been used.
    const second = await (await browser.newContext()).newPage();
    await second.goto(link);
    await second.waitForURL(`${app.url}/portal/ended?reason=link`);
    expect(await second.getByText("Your portal session has ended").count()).toBe(1);
    expect(await second.getByText(/already been used/).count()).toBe(1);
    await screenshot(second, "71-portal-link-used");
    await second.context().close();
  });

  it("adds an endpoint at a loopback receiver, with field errors first", async () => {
    const page = writer.pages()[0];
    await page.getByRole("button", { name: "Add endpoint" }).first().click();
    const dialog = page.getByRole("dialog");
    await dialog.getByLabel("URL", { exact: true }).fill("not a url");
    await dialog.getByLabel("Description").fill("Globex billing");
    await dialog.getByRole("button", { name: "Add endpoint" }).click();
    await expect.poll(() => dialog.locator("#new-url").getAttribute("aria-invalid"), { timeout: 15_000 }).toBe("true");
    expect(await dialog.getByLabel("Description").inputValue()).toBe("Globex billing");
    await screenshot(page, "72-portal-add-endpoint-error");

    await dialog.getByLabel("URL", { exact: true }).fill(`${receiver.url}/globex`);
    await dialog.getByRole("button", { name: "Add endpoint" }).click();
    await page.waitForURL(/\/portal\/endpoints\/ep_/, { timeout: 15_000 });
    endpointId = new URL(page.url()).pathname.split("/").pop() as Id<"ep">;
    expect(await page.getByTestId("portal-endpoint-url").textContent()).toBe(`${receiver.url}/globex`);
    const [row] = await db().select().from(endpoints).where(eq(endpoints.id, endpointId));
    expect(row.applicationId).toBe(acme.id);
  });

  it("reveals the secret, sends an example that arrives signed and shows as an attempt, rotates with an overlap", async () => {
    const page = writer.pages()[0];
    await page.getByRole("button", { name: "Reveal secret" }).click();
    const revealed = page.getByTestId("signing-secret");
    await revealed.waitFor({ timeout: 15_000 });
    const secret = (await revealed.textContent())!;
    expect(secret).toMatch(/^whsec_/);
    receiver.secrets = [secret];

    await page.getByRole("button", { name: "Send example" }).click();
    await expect.poll(() => page.getByTestId("example-sent").count(), { timeout: 15_000 }).toBe(1);
    // The attempt shows inline in the example's card and in the endpoint's attempts, as soon as the worker made it.
    await expect.poll(() => page.getByTestId("example-attempt").getAttribute("data-succeeded"), { timeout: 30_000 }).toBe("true");
    await expect.poll(() => page.getByTestId("attempt-row").count(), { timeout: 30_000 }).toBe(1);
    expect(await page.getByTestId("attempt-row").getAttribute("data-succeeded")).toBe("true");
    expect(globexRequests()).toHaveLength(1);
    expect(globexRequests()[0].verifiedBy).toEqual([0]);
    await screenshot(page, "73-portal-endpoint-example-sent");

    await page.getByRole("button", { name: "Rotate…" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByRole("button", { name: "Rotate secret" }).click();
    const rotated = dialog.getByTestId("signing-secret");
    await rotated.waitFor({ timeout: 15_000 });
    const next = (await rotated.textContent())!;
    expect(next).toMatch(/^whsec_/);
    expect(next).not.toBe(secret);
    expect(await dialog.getByText(/The old secret keeps signing until/).count()).toBe(1);
    await screenshot(page, "74-portal-secret-rotated");
    expect((await activeSigningSecrets(endpointId)).sort()).toEqual([secret, next].sort());
    await dialog.getByRole("button", { name: "Done" }).click();
    await dialogGone(page);
    expect(await page.getByText(/A previous secret, signing until/).count()).toBe(1);
    // The secret revealed before the rotation is no longer on the page: it is the previous one now.
    expect(await page.getByTestId("signing-secret").count()).toBe(0);

    // During the overlap a delivery verifies with either secret.
    receiver.secrets = [secret, next];
    await page.getByRole("button", { name: "Send example" }).click();
    await expect.poll(() => globexRequests().length, { timeout: 30_000 }).toBe(2);
    expect(globexRequests()[1].verifiedBy).toEqual([0, 1]);
  });

  it("pauses and resumes, and the attempts list the messages page links to shows it too", async () => {
    const page = writer.pages()[0];
    const captured = page.waitForRequest((r) => r.method() === "POST" && Boolean(r.headers()["next-action"]));
    await page.getByRole("button", { name: "Pause" }).click();
    const request = await captured;
    pauseRequest = { url: request.url(), headers: request.headers(), body: request.postDataBuffer()! };
    await expect.poll(() => endpointStatus(endpointId), { timeout: 15_000 }).toBe("paused");
    await page.getByRole("button", { name: "Resume" }).click();
    await expect.poll(() => endpointStatus(endpointId), { timeout: 15_000 }).toBe("enabled");

    await page.getByRole("link", { name: "Messages" }).click();
    await page.waitForURL(`${app.url}/portal/messages`);
    expect(await page.getByRole("navigation", { name: "Portal" }).locator("[aria-current=page]").textContent()).toBe("Messages");
    // Only this application's messages: the two examples, not Initech's.
    await expect.poll(() => page.getByTestId("portal-message-row").count()).toBe(2);
    await screenshot(page, "75-portal-messages");
    await page.getByTestId("portal-message-row").first().getByRole("link").click();
    await page.waitForURL(/\/portal\/messages\/msg_/);
    await expect.poll(() => page.getByTestId("attempt-row").count(), { timeout: 15_000 }).toBe(1);
    await screenshot(page, "76-portal-message");

    await page.getByRole("link", { name: "Event types" }).click();
    await page.waitForURL(`${app.url}/portal/event-types`);
    await page.getByTestId("portal-event-type").first().locator("summary").click();
    await screenshot(page, "77-portal-event-types");
  });

  it("looks right in dark mode with the dark accent", async () => {
    const dark = await browser.newContext({ viewport: { width: 1280, height: 900 }, colorScheme: "dark" });
    await dark.addCookies(await writer.cookies());
    const page = await dark.newPage();
    await page.goto(`${app.url}/portal/endpoints/${endpointId}`);
    await page.getByTestId("portal-brand").waitFor();
    expect(await page.locator("html").getAttribute("class")).toContain("dark");
    // The pale dark-mode accent carries dark text, the light mode's deep one white.
    expect(await page.getByRole("button", { name: "Send example" }).evaluate((b) => [getComputedStyle(b).backgroundColor, getComputedStyle(b).color])).toEqual(["rgb(45, 212, 191)", "rgb(10, 10, 10)"]);
    await screenshot(page, "78-portal-endpoint-dark");
    await dark.close();
  });

  it("never shows another application's endpoint or message", async () => {
    const page = writer.pages()[0];
    for (const path of [`/portal/endpoints/${other.endpointId}`, `/portal/messages/${other.messageId}`]) {
      const response = await page.goto(`${app.url}${path}`);
      expect(response?.status()).toBe(404);
      expect(await page.getByText("There is nothing here for your account.").count()).toBe(1);
      expect(await page.locator("body").innerText()).not.toContain("initech");
    }
    await screenshot(page, "79-portal-not-found");
  });

  it("read-only: offers no change, and refuses a forged server action with its cookie", async () => {
    const reader = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await reader.newPage();
    await page.goto(await portalLink(true));
    await page.waitForURL(`${app.url}/portal`);
    expect(await page.getByTestId("portal-read-only").count()).toBe(1);
    await expect.poll(() => page.getByTestId("portal-endpoint-row").count()).toBe(1);
    const mutations = /add endpoint|pause|resume|delete|rotate|reveal|send|resend|recover|save/i;
    const buttonNames = () => page.getByRole("button").evaluateAll((buttons) => buttons.map((b) => b.getAttribute("aria-label") ?? b.textContent ?? ""));
    expect((await buttonNames()).filter((n) => mutations.test(n))).toEqual([]);
    await screenshot(page, "80-portal-read-only");

    await page.goto(`${app.url}/portal/endpoints/${endpointId}`);
    await page.getByTestId("portal-endpoint-url").waitFor();
    expect((await buttonNames()).filter((n) => mutations.test(n))).toEqual([]);
    expect(await page.locator("form").count()).toBe(1); // log-out only
    await screenshot(page, "81-portal-read-only-endpoint");
    const [messageLink] = await page.getByTestId("attempt-row").first().locator("a[href^='/portal/messages/']").all();
    await page.goto(`${app.url}${await messageLink.getAttribute("href")}`);
    await page.getByTestId("attempt-row").first().waitFor();
    expect((await buttonNames()).filter((n) => mutations.test(n))).toEqual([]);

    // The pause the writer submitted, replayed from a script with the read-only session's cookie: refused.
    const readOnlyCookie = (await reader.cookies()).find((c) => c.name === "sb_portal")!;
    const writerCookie = (await writer.cookies()).find((c) => c.name === "sb_portal")!;
    const forge = (cookie: string) => {
      const headers: Record<string, string> = { ...pauseRequest.headers, host: new URL(app.url).host, "content-length": String(pauseRequest.body.length) };
      delete headers.cookie;
      if (cookie) headers.cookie = cookie;
      return send(pauseRequest.url, { method: "POST", headers, body: pauseRequest.body });
    };
    const auditCount = async () => (await db().select().from(auditLog).where(eq(auditLog.workspaceId, owner.ctx.workspaceId))).length;
    const before = await auditCount();
    const refused = await forge(`sb_portal=${readOnlyCookie.value}`);
    expect(refused.status).toBe(200);
    expect(refused.text).toContain("This portal link is read-only");
    const anonymous = await forge("");
    expect(anonymous.text).toContain("This portal session has ended");
    expect(await endpointStatus(endpointId)).toBe("enabled");
    expect(await auditCount()).toBe(before);
    // The same bytes with the writer's cookie do pause it: the forgery was a well-formed action, refused for its session.
    const accepted = await forge(`sb_portal=${writerCookie.value}`);
    expect(accepted.status).toBe(200);
    expect(await endpointStatus(endpointId)).toBe("paused");
    await reader.close();
  });

  it("audits every portal change as the portal session and its application", async () => {
    const rows = await db()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.workspaceId, owner.ctx.workspaceId), eq(auditLog.actorType, "portal_session")));
    const actions = rows.map((r) => r.action);
    for (const action of ["portal_session.open", "endpoint.create", "endpoint.secret_reveal", "endpoint.send_test", "endpoint.secret_rotate", "endpoint.pause", "endpoint.resume"]) {
      expect(actions).toContain(action);
    }
    const created = rows.find((r) => r.action === "endpoint.create")!;
    expect(created.actorLabel).toBe("Portal: Globex Corp");
    expect(created.actorId).toMatch(/^ps_/);
    expect(created.targetId).toBe(endpointId);
  });

  it("shows inside an iframe on a listed origin, with its cookie, and is refused on any other", async () => {
    const portalPolicies = (page: Page) => {
      const seen: string[] = [];
      page.on("response", (r) => {
        if (r.url().startsWith(`${app.url}/portal`) && r.request().resourceType() === "document") seen.push(r.headers()["content-security-policy"] ?? "");
      });
      return seen;
    };
    const childFrame = (page: Page): Frame => page.frames().find((f) => f !== page.mainFrame())!;

    allowedHost.state.link = await portalLink();
    const embedded = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    const allowedPolicies = portalPolicies(embedded);
    await embedded.goto(allowedHost.origin);
    await embedded.waitForFunction(() => document.body.dataset.frameLoaded === "1");
    const frame = childFrame(embedded);
    expect(frame.url()).toBe(`${app.url}/portal`);
    expect(await frame.getByTestId("portal-brand").textContent()).toBe("Acme Cloud");
    expect(allowedPolicies.length).toBeGreaterThanOrEqual(2);
    for (const policy of allowedPolicies) expect(policy).toBe(`frame-ancestors 'self' ${allowedHost.origin}`);
    // The Lax cookie travels inside the frame (another port of 127.0.0.1 is the same site): navigating works.
    await frame.getByRole("link", { name: "Messages" }).click();
    await frame.waitForURL(`${app.url}/portal/messages`);
    await expect.poll(() => frame.getByTestId("portal-message-row").count()).toBe(2);
    await frame.goto(`${app.url}/portal/endpoints/${endpointId}`);
    await frame.getByTestId("portal-endpoint-url").waitFor();
    await frame.goto(`${app.url}/portal`);
    await frame.getByTestId("portal-endpoint-row").waitFor();
    await screenshot(embedded, "82-portal-embedded-allowed");
    // Log-out inside the frame ends the session; the page a reload lands on explains it, framed.
    await frame.getByRole("button", { name: "Log out" }).click();
    await frame.waitForURL(`${app.url}/portal/ended?reason=logout`);
    await frame.getByText("You have logged out of the portal.").waitFor();
    await frame.goto(`${app.url}/portal`);
    await frame.waitForURL(`${app.url}/portal/ended`);
    await frame.getByText("Your portal session has ended").waitFor();
    await screenshot(embedded, "82a-portal-embedded-logged-out");

    refusedHost.state.link = await portalLink();
    const elsewhere = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    const refusedPolicies = portalPolicies(elsewhere);
    await elsewhere.goto(refusedHost.origin);
    await elsewhere.waitForFunction(() => document.body.dataset.frameLoaded === "1");
    const refusedFrame = childFrame(elsewhere);
    expect(refusedFrame.url()).toMatch(/^chrome-error:/);
    expect(await refusedFrame.locator("[data-testid=portal-brand]").count()).toBe(0);
    expect(refusedPolicies.length).toBeGreaterThanOrEqual(1);
    for (const policy of refusedPolicies) {
      expect(policy).toMatch(/^frame-ancestors /);
      expect(policy).not.toContain(refusedHost.origin);
    }
    await screenshot(elsewhere, "83-portal-embedded-refused");
    await embedded.context().close();
    await elsewhere.context().close();
  });

  it("lets no page but the portal be framed", async () => {
    for (const path of ["/", "/sign-in", `/${"any-workspace"}/settings`, "/api/health", "/portal/access/nope"]) {
      const answer = await send(`${app.url}${path}`);
      if (path.startsWith("/portal")) {
        expect(answer.headers["x-frame-options"]).toBeUndefined();
        expect(answer.headers["content-security-policy"]).toBe("frame-ancestors 'self'");
      } else {
        expect([path, answer.headers["content-security-policy"], answer.headers["x-frame-options"]]).toEqual([path, "frame-ancestors 'none'", "DENY"]);
      }
    }
  });
});
