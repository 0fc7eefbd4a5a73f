// Create an API key, copy it, call /api/v1/ping with it, roll it, and see both keys listed.
import { describe, expect, it } from "vitest";
import { setupAppWithMail } from "../helpers/app-server";
import { screenshot } from "../helpers/browser";
import { signIn } from "../helpers/sign-in";

const env = setupAppWithMail();

describe("API keys, end to end", () => {
  it("creates, copies, uses, and rolls a key", async () => {
    const [app, smtp, browser] = [env.app(), env.smtp(), env.browser()];
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: app.url });
    const page = await context.newPage();
    await signIn(page, app.url, smtp, "kim@example.test");
    await page.waitForURL(/\/kim-s-workspace$/);
    await page.goto(`${app.url}/kim-s-workspace/keys`);
    await expect.poll(() => page.getByText("No API keys yet").count()).toBe(1);
    await screenshot(page, "10-keys-empty");

    await page.getByRole("button", { name: "Create key" }).first().click();
    await page.getByRole("button", { name: "Create key" }).last().click();
    await expect.poll(() => page.getByText("Give the key a name").count()).toBe(1); // field error, nothing created
    await page.getByLabel("Name").fill("Backend");
    await page.getByRole("button", { name: "Create key" }).last().click();
    const shown = (await page.getByTestId("new-key").textContent({ timeout: 15_000 }))!.trim();
    expect(shown).toMatch(/^sb_live_[0-9A-Za-z]{49}$/);
    await screenshot(page, "11-key-created");
    await page.getByRole("button", { name: "Copy key" }).click();
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toBe(shown);
    await page.getByRole("button", { name: "Done" }).click();

    const ping = await fetch(`${app.url}/api/v1/ping`, { headers: { authorization: `Bearer ${copied}` } });
    expect(ping.status).toBe(200);
    expect(await ping.json()).toMatchObject({ workspace: { slug: "kim-s-workspace" }, key: { name: "Backend", environment: "live" } });

    await page.getByRole("button", { name: "Actions for Backend" }).click();
    await page.getByRole("menuitem", { name: "Roll key…" }).click();
    await page.getByRole("button", { name: "Roll key" }).click();
    const rolled = (await page.getByTestId("new-key").textContent({ timeout: 15_000 }))!.trim();
    expect(rolled).not.toBe(shown);
    await page.getByRole("button", { name: "Done" }).click();
    await page.getByRole("dialog").waitFor({ state: "detached" });

    await expect.poll(() => page.getByTestId("key-row").count()).toBe(2);
    const rows = page.getByTestId("key-row");
    expect(await rows.filter({ hasText: "Expiring" }).count()).toBe(1);
    expect(await rows.filter({ hasText: "Active" }).count()).toBe(1);
    expect(await rows.filter({ hasText: "rolled from" }).count()).toBe(1);
    await screenshot(page, "12-keys-rolled");

    for (const key of [shown, rolled]) {
      expect((await fetch(`${app.url}/api/v1/ping`, { headers: { authorization: `Bearer ${key}` } })).status).toBe(200);
    }

    await page.goto(`${app.url}/kim-s-workspace/keys/reference`);
    await expect.poll(() => page.getByText("/api/v1/ping").count()).toBeGreaterThan(0);
    await screenshot(page, "13-api-reference");
    await context.close();
  });
});
