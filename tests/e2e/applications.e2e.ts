// Applications in the dashboard: the empty state that explains them, creating one (field errors first), a new
// endpoint asked for its application, search, and the application page with its endpoints, messages and chart.
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "@/db";
import { endpoints, memberships, users } from "@/db/schema";
import { createApplication } from "@/lib/applications";
import { createEventType } from "@/lib/outbound/event-types";
import { sendMessage } from "@/lib/outbound/send";
import { setupAppWithMail } from "../helpers/app-server";
import { screenshot } from "../helpers/browser";
import { contextFor } from "../helpers/factories";
import { signIn } from "../helpers/sign-in";
import type { Id } from "@/lib/platform/id-types";

const env = setupAppWithMail();
const EMAIL = "ada@example.test";

async function ownerContext(email: string) {
  const [user] = await db().select().from(users).where(eq(users.email, email));
  const [membership] = await db().select().from(memberships).where(eq(memberships.userId, user.id));
  return contextFor(membership.workspaceId, user, "owner");
}

describe("applications pages", () => {
  it("explains applications, creates one, adds an endpoint to it, searches, and shows its page", async () => {
    const context = await env.browser().newContext({ viewport: { width: 1366, height: 900 } });
    const page = await context.newPage();
    await signIn(page, env.app().url, env.smtp(), EMAIL);
    await page.waitForURL(/\/ada-s-workspace$/);
    const ctx = await ownerContext(EMAIL);
    await createEventType({ name: "invoice.paid", samplePayload: { amount: 4200 } }, ctx);
    const base = `${env.app().url}/ada-s-workspace`;

    // The nav leads there, and a workspace without applications is told what they are.
    await page.getByRole("navigation", { name: "Workspace" }).getByRole("link", { name: "Applications" }).click();
    await page.waitForURL(/\/applications$/);
    await expect.poll(() => page.getByText("No applications yet").count()).toBe(1);
    expect(await page.getByText(/An application is one of your customers/).count()).toBe(1);
    await screenshot(page, "60-applications-empty");

    // New application: a blank name and bad metadata are explained beside their fields, then it is created.
    await page.getByRole("button", { name: "New application" }).first().click();
    const dialog = page.getByRole("dialog");
    await dialog.getByLabel("UID").fill("acme");
    await dialog.getByLabel("Metadata").fill('{"plan": 3}');
    await dialog.getByRole("button", { name: "Create application" }).click();
    await expect.poll(() => dialog.getByText("Enter a name, such as your customer's company").count(), { timeout: 15_000 }).toBe(1);
    await expect.poll(() => dialog.getByText(/^plan: /).count()).toBe(1);
    expect(await dialog.getByLabel("UID").inputValue()).toBe("acme");
    await screenshot(page, "61-new-application-errors");
    await dialog.getByLabel("Name").fill("Acme Corp");
    await dialog.getByLabel("Metadata").fill('{"plan": "pro"}');
    await dialog.getByRole("button", { name: "Create application" }).click();
    await page.waitForURL(/\/applications\/app_/, { timeout: 15_000 });
    const acmeId = page.url().split("/").pop()!;
    expect(await page.getByTestId("application-name").textContent()).toBe("Acme Corp");
    expect(await page.getByTestId("application-uid").textContent()).toBe("acme");
    expect(await page.getByTestId("application-metadata").textContent()).toContain("pro");
    await expect.poll(() => page.getByText("No endpoints yet").count()).toBe(1);
    expect(await page.getByTestId("deliveries-chart-empty").count()).toBe(1);
    await screenshot(page, "62-application-new");

    // A second application by the API; its uid is taken by the first, which the form says beside the uid.
    await createApplication({ name: "Beta Ltd", uid: "beta" }, ctx);
    await page.goto(`${base}/applications`);
    await page.getByRole("button", { name: "New application" }).click();
    await dialog.getByLabel("Name").fill("Acme again");
    await dialog.getByLabel("UID").fill("acme");
    await dialog.getByRole("button", { name: "Create application" }).click();
    await expect.poll(() => dialog.getByText("An application with uid acme already exists in this workspace.").count(), { timeout: 15_000 }).toBe(1);
    await page.keyboard.press("Escape");

    // New endpoint, from the endpoints list filtered to Acme: the form asks for the application, preset to Acme.
    await page.goto(`${base}/endpoints?application=acme`);
    await page.getByRole("button", { name: "Add endpoint" }).first().click();
    await expect.poll(() => dialog.getByRole("combobox", { name: "Application" }).textContent()).toBe("Acme Corp (acme)");
    await dialog.getByRole("combobox", { name: "Application" }).click();
    expect(await page.getByRole("option").allTextContents()).toEqual(["Default", "Beta Ltd (beta)", "Acme Corp (acme)"]);
    await page.getByRole("option", { name: "Acme Corp (acme)" }).click();
    await dialog.getByLabel("URL", { exact: true }).fill("http://127.0.0.1:9/hooks/acme");
    // A new endpoint receives every event type unless told otherwise.
    expect(await dialog.getByLabel("Receive every event type").getAttribute("aria-checked")).toBe("true");
    await screenshot(page, "63-new-endpoint-application");
    await dialog.getByRole("button", { name: "Add endpoint" }).click();
    await page.waitForURL(/\/endpoints\/ep_/, { timeout: 15_000 });
    const endpointId = page.url().split("/").pop() as Id<"ep">;
    const [stored] = await db().select({ applicationId: endpoints.applicationId }).from(endpoints).where(eq(endpoints.id, endpointId));
    expect(stored.applicationId).toBe(acmeId);

    // The endpoints list names its application and filters by it.
    await page.goto(`${base}/endpoints`);
    await expect.poll(() => page.getByTestId("endpoint-application").first().getByRole("link").textContent()).toBe("Acme Corp");
    await screenshot(page, "63b-endpoints-application-column");
    await page.goto(`${base}/endpoints?application=beta`);
    await expect.poll(() => page.getByText("No endpoints match").count()).toBe(1);

    // A message to Acme (pending: nothing listens there) and a workspace-wide one.
    const { message } = await sendMessage({ eventType: "invoice.paid", payload: { amount: 1 }, application: "acme" }, ctx);
    await sendMessage({ eventType: "invoice.paid", payload: { amount: 2 } }, ctx);

    // Search: a name's beginning, then an exact uid; each application row shows its endpoints and deliveries.
    await page.goto(`${base}/applications`);
    await expect.poll(() => page.getByTestId("application-row").count()).toBe(2);
    await page.getByLabel("Name or uid").fill("acm");
    await page.getByRole("button", { name: "Filter" }).click();
    await page.waitForURL(/search=acm/);
    await expect.poll(() => page.getByTestId("application-row").count()).toBe(1);
    const row = page.getByTestId("application-row");
    expect(await row.getByTestId("application-endpoints").textContent()).toBe("1");
    expect(await row.getByTestId("application-deliveries").textContent()).toContain("2 pending");
    expect(await row.getByTestId("application-health").textContent()).toBe("Healthy");
    await screenshot(page, "64-applications-search");
    await page.getByLabel("Name or uid").fill("beta");
    await page.getByRole("button", { name: "Filter" }).click();
    await page.waitForURL(/search=beta/);
    await expect.poll(() => page.getByTestId("application-row").textContent()).toContain("Beta Ltd");
    await page.getByLabel("Name or uid").fill("nobody");
    await page.getByRole("button", { name: "Filter" }).click();
    await expect.poll(() => page.getByText("No applications match").count()).toBe(1);

    // The application page: its endpoint, the message sent to it (not the workspace-wide one), and the chart.
    await page.goto(`${base}/applications/${acmeId}`);
    await expect.poll(() => page.getByTestId("application-endpoint-row").count()).toBe(1);
    expect(await page.getByTestId("application-endpoint-row").textContent()).toContain("http://127.0.0.1:9/hooks/acme");
    await expect.poll(() => page.getByTestId("application-message-row").count()).toBe(1);
    expect(await page.getByTestId("application-message-row").textContent()).toContain(message.id);
    await expect.poll(() => page.getByTestId("deliveries-chart").getAttribute("aria-label")).toContain("2 deliveries in the last 24 hours");
    await screenshot(page, "65-application-page");
    await page.getByRole("link", { name: "7d" }).click();
    await page.waitForURL(/range=7d/);
    await expect.poll(() => page.getByTestId("deliveries-chart").getAttribute("aria-label")).toContain("in the last 7 days");
    await screenshot(page, "66-application-page-week");

    // Delete says what goes with it, and takes the endpoint.
    await page.getByRole("button", { name: "Delete…" }).click();
    await expect.poll(() => dialog.getByText(/Its endpoint is deleted with it, with the endpoint/).count()).toBe(1);
    await screenshot(page, "67-application-delete-confirm");
    await dialog.getByRole("button", { name: "Delete application" }).click();
    await page.waitForURL(/\/applications$/, { timeout: 15_000 });
    await expect.poll(() => page.getByTestId("application-row").count()).toBe(1);
    expect(await db().select().from(endpoints).where(eq(endpoints.id, endpointId))).toEqual([]);

    // A phone: the list stacks.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${base}/applications`);
    await screenshot(page, "68-applications-phone");
    await context.close();
  });
});
