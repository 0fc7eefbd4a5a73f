// Sign in through a magic link caught by a real SMTP server, land in the personal workspace, create a second
// workspace, invite a member, and see both changes on the audit page. Screenshots go to test-results/screenshots.
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { setupAppWithMail } from "../helpers/app-server";
import { screenshot } from "../helpers/browser";
import { signIn as signInAs } from "../helpers/sign-in";
import { firstLink } from "../helpers/smtp";

const env = setupAppWithMail();
const signIn = (page: Page, email: string) => signInAs(page, env.app().url, env.smtp(), email);

describe("foundation, end to end", () => {
  it("rejects a malformed email with a field error", async () => {
    const page = await env.browser().newPage();
    await page.goto(`${env.app().url}/sign-in`);
    await page.getByLabel("Email").fill("not-an-email");
    await page.getByRole("button", { name: /sign-in link/i }).click();
    await expect.poll(() => page.getByText("Enter a valid email address").count()).toBe(1);
    await screenshot(page, "01-sign-in-field-error");
    await page.close();
  });

  it("signs in, creates a workspace, invites a member and shows both in the audit log", async () => {
    const page = await env.browser().newPage({ viewport: { width: 1280, height: 800 } });
    await signIn(page, "alice@example.test");
    await page.waitForURL(/\/alice-s-workspace/);
    await expect.poll(() => page.getByRole("heading", { name: "alice's workspace" }).count()).toBe(1);
    await screenshot(page, "02-personal-workspace");

    await page.getByRole("button", { name: /alice's workspace/i }).first().click();
    await page.getByRole("menuitem", { name: /create workspace/i }).click();
    await page.waitForURL(/\/workspaces\/new/);
    await page.getByLabel("Name").fill("Acme Prod");
    await page.getByRole("button", { name: "Create workspace" }).click();
    await page.waitForURL(/\/acme-prod$/);
    await expect.poll(() => page.getByRole("heading", { name: "Acme Prod" }).count()).toBe(1);

    await page.goto(`${env.app().url}/acme-prod/settings`);
    await page.getByLabel("Email").fill("bob@example.test");
    await page.getByRole("button", { name: "Send invitation" }).click();
    await expect.poll(() => page.getByTestId("invitation-row").filter({ hasText: "bob@example.test" }).count()).toBe(1);
    await screenshot(page, "03-settings-invited");
    const invite = await env.smtp().waitForMail("bob@example.test", /invited you/);
    const inviteUrl = firstLink(invite, /http:\/\/127\.0\.0\.1:\d+\/invite\/\w+/);

    await page.goto(`${env.app().url}/acme-prod/audit`);
    const actions = await page.getByTestId("audit-row").locator("td:nth-child(3)").allTextContents();
    expect(actions).toEqual(["member.invite", "workspace.create"]);
    await screenshot(page, "04-audit-log");

    // Bob follows the invitation in his own browser context and joins as a developer.
    const bobContext = await env.browser().newContext();
    const bob = await bobContext.newPage();
    await signIn(bob, "bob@example.test");
    await bob.waitForURL(/\/bob-s-workspace/);
    await bob.goto(inviteUrl);
    await bob.getByRole("button", { name: "Accept invitation" }).click();
    await bob.waitForURL(/\/acme-prod$/);
    await bobContext.close();

    await page.goto(`${env.app().url}/acme-prod/settings`);
    await expect.poll(() => page.getByTestId("member-row").count()).toBe(2);
    await page.goto(`${env.app().url}/acme-prod/audit?action=member`);
    expect(await page.getByTestId("audit-row").locator("td:nth-child(3)").allTextContents()).toEqual(["member.join", "member.invite"]);
    await page.close();
  });

  it("answers 404 for a workspace the user is not a member of", async () => {
    const context = await env.browser().newContext();
    const page = await context.newPage();
    await signIn(page, "carol@example.test");
    await page.waitForURL(/\/carol-s-workspace/);
    const response = await page.goto(`${env.app().url}/acme-prod/settings`);
    expect(response?.status()).toBe(404);
    await context.close();
  });
});
