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
    // Each key shows the rotation: how, who, when and the overlap's end; the old key says what replaced it.
    const old = rows.filter({ hasText: "Expiring" });
    expect(await old.getByTestId("key-expires").textContent()).toMatch(/replaced by sb_live_\w+…/);
    expect(await old.getByTestId("key-expires").textContent()).not.toContain("next");
    await old.getByText("Rotation history (1)").click();
    const entry = await old.getByTestId("key-history-entry").textContent();
    expect(entry).toMatch(/^Manual\s*Replaced by sb_live_\w+… on .+ by kim@example\.test · overlap ends .+$/);
    await rows.filter({ hasText: "Active" }).getByText("Rotation history (1)").click();
    expect(await rows.filter({ hasText: "Active" }).getByTestId("key-history-entry").textContent()).toMatch(/^Manual\s*Made from sb_live_\w+…/);
    await screenshot(page, "12-keys-rolled");

    for (const key of [shown, rolled]) {
      expect((await fetch(`${app.url}/api/v1/ping`, { headers: { authorization: `Bearer ${key}` } })).status).toBe(200);
    }

    await page.goto(`${app.url}/kim-s-workspace/keys/reference`);
    // Scalar renders the OpenAPI document: resources in the navigation, each operation with its examples and a
    // "Test Request" button for trying it with a key.
    const reference = page.getByTestId("api-reference");
    await expect.poll(() => reference.getByRole("heading", { name: "Check an API key" }).count(), { timeout: 20_000 }).toBeGreaterThan(0);
    expect(await reference.getByRole("button", { name: /Test Request/ }).count()).toBeGreaterThan(0);
    expect(await reference.textContent()).toContain("/ping");
    await screenshot(page, "13-api-reference");

    // Try it: the rolled key as the bearer token, "Test Request" on GET /ping, and the API's own answer comes back.
    await reference.getByPlaceholder("Token").first().fill(rolled);
    await reference.getByRole("button", { name: /Test Request/ }).first().click();
    const client = page.getByRole("dialog").filter({ hasText: "Check an API key" });
    await client.getByRole("button", { name: /^Send/ }).first().click();
    await expect.poll(() => client.textContent(), { timeout: 20_000 }).toContain('"slug": "kim-s-workspace"');
    expect(await client.textContent()).toContain("200");
    await screenshot(page, "13b-api-reference-try-it");
    await context.close();
  });
});
