// The first five minutes of a new user, in the production build and the embedded mode (as `npm start` runs it):
// signed-out visits land on sign-in with their callback kept, an invitee joins from a fresh browser, the README's API
// walk-through works with a key made the way the key dialog suggests, a loopback endpoint is refused with a hint and
// then allowed by Local testing, and the rough edges found on the way (source form losing its provider, bad cursors,
// 200 for unknown ids, an Audit log link a developer cannot open, library wording in errors) stay fixed.
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { Page, Response } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setupAppWithMail } from "../helpers/app-server";
import { screenshot } from "../helpers/browser";
import { signIn as signInAs } from "../helpers/sign-in";
import { firstLink } from "../helpers/smtp";

// Embedded, with private targets closed as on a laptop: loopback endpoints need the workspace's Local testing switch.
const env = setupAppWithMail({ SWITCHBOARD_EMBEDDED: "1", ALLOW_PRIVATE_TARGETS: "0" });
const signIn = (page: Page, email: string) => signInAs(page, env.app().url, env.smtp(), email);

/** A receiver on 127.0.0.1 that records each request and answers 204. */
async function startReceiver() {
  const bodies: string[] = [];
  const waiters: (() => void)[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      bodies.push(Buffer.concat(chunks).toString("utf8"));
      waiters.splice(0).forEach((wake) => wake());
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks`,
    bodies,
    /** Resolves once `count` requests have arrived. */
    received: (count: number) =>
      new Promise<void>((resolve) => {
        const check = () => (bodies.length >= count ? resolve() : waiters.push(check));
        check();
      }),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

let receiver: Awaited<ReturnType<typeof startReceiver>>;
beforeAll(async () => {
  receiver = await startReceiver();
});
afterAll(async () => {
  await receiver?.close();
});

/** A GET with the Host header a browser on that name would send, redirects not followed. */
function getWithHost(url: string, host: string): Promise<{ status: number; location?: string }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers: { host } }, (res) => {
        res.resume();
        resolve({ status: res.statusCode ?? 0, location: res.headers.location });
      })
      .on("error", reject);
  });
}

/** Every response of 500 or more the page receives, prefetches included. */
function serverErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("response", (response: Response) => {
    if (response.status() >= 500) errors.push(`${response.status()} ${response.url()}`);
  });
  return errors;
}

const callbackOf = (page: Page) => new URL(page.url()).searchParams.get("callbackUrl");

describe("signed out", () => {
  it("redirects / and deep dashboard URLs to sign-in, on the host the browser used, with the callback kept", async () => {
    const { url } = env.app();
    const port = new URL(url).port;
    for (const [path, host] of [["/", `127.0.0.1:${port}`], ["/acme/endpoints/ep_123?tab=attempts", `localhost:${port}`]]) {
      const answer = await getWithHost(`${url}${path}`, host);
      expect(answer.status, path).toBe(307);
      // Next turns a same-origin Location into a relative one, which the browser resolves against the host it used.
      const location = new URL(answer.location!, `http://${host}`);
      expect(location.host).toBe(host);
      expect(location.pathname).toBe("/sign-in");
      expect(location.searchParams.get("callbackUrl")).toBe(path);
    }

    const page = await env.browser().newPage();
    const errors = serverErrors(page);
    await page.goto(`${url}/`);
    await page.waitForURL(/\/sign-in\?/);
    expect(callbackOf(page)).toBe("/");
    await expect.poll(() => page.getByRole("button", { name: /sign-in link/i }).count()).toBe(1);
    await screenshot(page, "60-signed-out-root");

    await page.goto(`${url}/acme/messages?cursor=abc`);
    await page.waitForURL(/\/sign-in\?/);
    expect(callbackOf(page)).toBe("/acme/messages?cursor=abc");
    await page.waitForLoadState("networkidle");
    expect(errors).toEqual([]);
    await page.close();
  });
});

describe("signed in", () => {
  let alice: Page;
  let workspace: string;

  beforeAll(async () => {
    alice = await (await env.browser().newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    await signIn(alice, "alice@example.test");
    await alice.waitForURL(/\/alice-s-workspace$/);
    workspace = `${env.app().url}/alice-s-workspace`;
  });

  it("lets an invitee join from a fresh browser: sign-in first, then back to the invitation", async () => {
    await alice.goto(`${workspace}/settings`);
    await alice.getByLabel("Email").fill("bob@example.test");
    await alice.getByRole("button", { name: "Send invitation" }).click();
    await expect.poll(() => alice.getByTestId("invitation-row").count()).toBe(1);
    const inviteUrl = firstLink(await env.smtp().waitForMail("bob@example.test", /invited you/), /http:\/\/127\.0\.0\.1:\d+\/invite\/\w+/);

    const bobContext = await env.browser().newContext({ viewport: { width: 1280, height: 900 } });
    const bob = await bobContext.newPage();
    const errors = serverErrors(bob);
    await bob.goto(inviteUrl);
    await bob.waitForURL(/\/sign-in\?/);
    expect(callbackOf(bob)).toBe(new URL(inviteUrl).pathname);
    await bob.getByLabel("Email").fill("bob@example.test");
    await bob.getByRole("button", { name: /sign-in link/i }).click();
    await bob.waitForURL(/\/verify-request/);
    const mail = await env.smtp().waitForMail("bob@example.test", /Sign in/);
    await bob.goto(firstLink(mail, /http:\/\/127\.0\.0\.1:\d+\/api\/auth\/callback\/nodemailer\S+/));
    await bob.waitForURL(/\/invite\//);
    await screenshot(bob, "61-invitation-after-sign-in");
    await bob.getByRole("button", { name: "Accept invitation" }).click();
    await bob.waitForURL(/\/alice-s-workspace$/);

    // A developer's sidebar offers only what a developer may open; the owner's has the audit log.
    const nav = (page: Page) => page.getByRole("navigation", { name: "Workspace" }).getByRole("link").allTextContents();
    await expect.poll(() => nav(bob)).toContain("Settings");
    expect(await nav(bob)).not.toContain("Audit log");
    expect(await nav(alice)).toContain("Audit log");
    await screenshot(bob, "62-developer-sidebar");
    expect(errors).toEqual([]);
    await bobContext.close();
  });

  it("does the README's API walk-through with a Full access key made in the dialog", async () => {
    const { url } = env.app();
    await alice.goto(`${workspace}/keys`);
    await alice.getByRole("button", { name: "Create key" }).first().click();
    const dialog = alice.getByRole("dialog");
    // Library wording never reaches the form: the name's length limit reads as a sentence.
    await dialog.getByLabel("Name").fill("x".repeat(101));
    await dialog.getByRole("button", { name: "Create key" }).click();
    await expect.poll(() => dialog.getByText("Use at most 100 characters").count()).toBe(1);
    await dialog.getByLabel("Name").fill("Backend");
    await dialog.getByLabel("Full access").check();
    await screenshot(alice, "63-key-dialog-full-access");
    await dialog.getByRole("button", { name: "Create key" }).click();
    const key = (await alice.getByTestId("new-key").textContent({ timeout: 15_000 }))!.trim();
    await alice.getByRole("button", { name: "Done" }).click();

    const call = async (path: string, body?: unknown, headers: Record<string, string> = {}) => {
      const response = await fetch(`${url}${path}`, {
        method: body === undefined ? "GET" : "POST",
        headers: { authorization: `Bearer ${key}`, ...(body === undefined ? {} : { "content-type": "application/json" }), ...headers },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: response.status, json: (await response.json()) as { error?: { code: string; message: string; issues?: { path: string; message: string }[] } } & Record<string, unknown> };
    };
    expect((await call("/api/v1/ping")).status).toBe(200);
    const schema = { type: "object", required: ["amount"], properties: { amount: { type: "integer" } } };
    expect((await call("/api/v1/event-types", { name: "invoice.paid", schema })).status).toBe(201);

    // A receiver on this machine is refused, with the way to allow it in the message.
    const refused = await call("/api/v1/endpoints", { url: receiver.url, eventTypes: ["invoice.paid"] });
    expect(refused.status).toBe(422);
    const urlIssue = refused.json.error!.issues!.find((i) => i.path === "url")!;
    expect(urlIssue.message).toMatch(/loopback address.*Local testing.*ALLOW_PRIVATE_TARGETS=1 \(development only\)/);

    await alice.goto(`${workspace}/settings`);
    const localTesting = alice.getByRole("switch", { name: "Local testing" });
    expect(await localTesting.getAttribute("aria-checked")).toBe("false");
    await localTesting.click();
    await expect.poll(() => localTesting.getAttribute("aria-checked"), { timeout: 15_000 }).toBe("true");
    await screenshot(alice, "64-settings-local-testing");

    expect((await call("/api/v1/endpoints", { url: receiver.url, eventTypes: ["invoice.paid"] })).status).toBe(201);
    const sent = await call("/api/v1/messages", { eventType: "invoice.paid", payload: { amount: 4200 } }, { "idempotency-key": "order-1234" });
    expect(sent.status).toBe(202);
    // The embedded mode's in-process worker delivers it to the loopback receiver.
    await receiver.received(1);
    expect(JSON.parse(receiver.bodies[0])).toMatchObject({ type: "invoice.paid", data: { amount: 4200 } });

    await alice.goto(`${workspace}/audit`);
    await expect.poll(() => alice.getByTestId("audit-row").filter({ hasText: "workspace.local_testing" }).count()).toBe(1);
  });

  it("keeps the New source form's provider and secret after a validation error", async () => {
    await alice.goto(`${workspace}/sources`);
    await alice.getByRole("button", { name: "New source" }).first().click();
    const dialog = alice.getByRole("dialog");
    await dialog.locator("#source-provider").click();
    await alice.getByRole("option", { name: "GitHub" }).click();
    await dialog.getByLabel("Secret").fill("gh-webhook-secret");
    await dialog.getByRole("button", { name: "Create source" }).click();
    await expect.poll(() => dialog.getByText("Give the source a name").count(), { timeout: 15_000 }).toBe(1);
    expect(await dialog.locator("#source-provider").textContent()).toBe("GitHub");
    expect(await dialog.getByLabel("Secret").inputValue()).toBe("gh-webhook-secret");
    await screenshot(alice, "65-new-source-error-keeps-provider");

    await dialog.getByLabel("Name").fill("GitHub production");
    await dialog.getByRole("button", { name: "Create source" }).click();
    await alice.waitForURL(/\/sources\/src_/, { timeout: 15_000 });
    await alice.goto(`${workspace}/sources`);
    await expect.poll(() => alice.getByRole("row").filter({ hasText: "GitHub production" }).filter({ hasText: "GitHub" }).count()).toBe(1);
    expect(await alice.getByRole("row").filter({ hasText: "GitHub production" }).textContent()).not.toContain("Standard Webhooks");
  });

  it("ignores a malformed cursor with a notice instead of failing the page", async () => {
    for (const section of ["messages", "sources", "endpoints"]) {
      const response = await alice.goto(`${workspace}/${section}?cursor=not-a-cursor`);
      expect(response?.status(), section).toBe(200);
      await expect.poll(() => alice.getByText("The page link was not valid, so this shows the newest entries.").count(), { message: section }).toBe(1);
      expect(await alice.getByText("Something went wrong").count()).toBe(0);
    }
    await screenshot(alice, "66-bad-cursor-notice");
  });

  it("answers 404 for detail pages of unknown ids, and 200 for known ones", async () => {
    for (const path of ["endpoints/ep_nope", "messages/msg_nope", "sources/src_nope", "event-types/no.such.type", "testing/src_nope"]) {
      const response = await alice.goto(`${workspace}/${path}`);
      expect(response?.status(), path).toBe(404);
    }
    await screenshot(alice, "67-unknown-detail-404");
    expect((await alice.goto(`${workspace}/event-types/invoice.paid`))?.status()).toBe(200);
  });
});
