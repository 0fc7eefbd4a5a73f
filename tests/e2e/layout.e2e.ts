// Tables and the endpoint page fit a 1366 px laptop and a 390 px phone: no page-wide horizontal scroll and no table
// whose columns run past its box; long values wrap or truncate with the full value on hover.
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { setupAppWithMail } from "../helpers/app-server";
import { screenshot } from "../helpers/browser";
import { seedDashboard } from "../helpers/dashboard-seed";
import { signIn } from "../helpers/sign-in";

const env = setupAppWithMail();
const EMAIL = "lena@example.test";

/** What overflows: the page itself, and each table wider than its container (columns cut off or scrolled away). */
function overflow(page: Page) {
  return page.evaluate(() => ({
    page: document.documentElement.scrollWidth - window.innerWidth,
    tables: [...document.querySelectorAll<HTMLElement>("[data-slot=table-container]")].map((t) => t.scrollWidth - t.clientWidth).filter((d) => d > 1),
  }));
}

describe("layout", () => {
  it("serves the favicon and app icons from public/, linked from every page's head, signed out too", async () => {
    for (const [path, type] of [["/favicon.ico", "image/x-icon"], ["/icon.svg", "image/svg+xml"], ["/apple-touch-icon.png", "image/png"]]) {
      const response = await fetch(`${env.app().url}${path}`, { redirect: "manual" });
      expect(response.status, path).toBe(200);
      expect(response.headers.get("content-type"), path).toContain(type);
    }
    const page = await env.browser().newPage();
    await page.goto(`${env.app().url}/sign-in`);
    const links = await page.locator("head link[rel=icon], head link[rel=apple-touch-icon]").evaluateAll((els) => els.map((e) => e.getAttribute("href")));
    expect(links).toEqual(expect.arrayContaining(["/favicon.ico", "/icon.svg", "/apple-touch-icon.png"]));
    await page.close();
  });

  it("fits the endpoint page, the audit log, keys and messages at 1366 px and 390 px", async () => {
    const setup = await env.browser().newPage();
    await signIn(setup, env.app().url, env.smtp(), EMAIL);
    await setup.waitForURL(/\/lena-s-workspace$/);
    const ids = await seedDashboard(EMAIL);
    const cookies = await setup.context().cookies();
    await setup.close();

    const base = `${env.app().url}/lena-s-workspace`;
    const pages = { endpoint: `${base}/endpoints/${ids.endpointId}`, audit: `${base}/audit`, keys: `${base}/keys`, messages: `${base}/messages`, endpoints: `${base}/endpoints` };
    for (const width of [1366, 390]) {
      const context = await env.browser().newContext({ viewport: { width, height: 900 }, isMobile: width < 500, hasTouch: width < 500 });
      await context.addCookies(cookies);
      const page = await context.newPage();
      for (const [name, url] of Object.entries(pages)) {
        await page.goto(url);
        await page.waitForLoadState("networkidle");
        await screenshot(page, `layout-${width}-${name}`);
        expect(await overflow(page), `${name} at ${width} px`).toEqual({ page: 0, tables: [] });
      }
      // The endpoint's long URL wraps in the title and is truncated, whole on hover, where it is one line.
      await page.goto(pages.endpoints);
      const link = page.getByTestId("endpoint-row").getByRole("link").first();
      expect(await link.getAttribute("title")).toContain("a-rather-long-path-that-must-wrap-or-truncate-on-a-phone");
      await context.close();
    }
  });
});
