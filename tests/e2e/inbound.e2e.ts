// Inbound webhooks against the production build:
//  - `switchboard listen` as a child process forwards requests posted to the source URL to a local target with the same
//    body and headers, the inspector shows the target's answer, and a kill and restart mid-stream loses and repeats
//    nothing;
//  - in the browser: create a source, post one valid and one invalid request to it, and see both in the live
//    inspector with their verdicts, and the reason for the rejection.
import { createHmac } from "node:crypto";
import type { Page } from "playwright-core";
import { Webhook } from "standardwebhooks";
import { describe, expect, it } from "vitest";
import { createApiKey } from "@/lib/keys/service";
import { sql } from "drizzle-orm";
import { db } from "@/db";
import { getInboundRequest } from "@/lib/inbound/requests";
import { purgeExpiredData } from "@/lib/retention";
import { setupAppWithMail } from "../helpers/app-server";
import { screenshot } from "../helpers/browser";
import { createOwner } from "../helpers/factories";
import { signIn } from "../helpers/sign-in";
import { runCli, startLocalTarget } from "../cli/cli-process";
import type { Id } from "@/lib/platform/id-types";

const env = setupAppWithMail();

async function until(predicate: () => boolean | Promise<boolean>, what: string, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe("switchboard listen against the built app", () => {
  it("forwards exactly, reports answers, and survives a kill and restart without loss or repeats", async () => {
    const { ctx } = await createOwner();
    const { key } = await createApiKey({ name: "laptop", scopes: ["sources:write"], ipAllowlist: "" }, ctx);
    const target = await startLocalTarget();
    const start = () => runCli(["listen", "e2e-tunnel", "--forward-to", `${target.state.url}/hooks`, "--api-url", env.app().url, "--name", "e2e"], { SWITCHBOARD_API_KEY: key });
    try {
      const first = start();
      await first.waitFor(/Ready\./, 30_000);
      const url = (await first.waitFor(/URL:\s+(\S+)/))[1];
      const secret = (await first.waitFor(/Secret:\s+(\S+)/))[1];
      expect(url.startsWith(`${env.app().url}/in/`)).toBe(true);

      let n = 0;
      const post = async (suffix = "") => {
        const id = `msg_e2e_${++n}`;
        const body = JSON.stringify({ type: "order.paid", n, note: "é ✓" });
        const response = await fetch(`${url}${suffix}`, {
          method: "POST",
          headers: { "content-type": "application/json", "x-trace": `t-${n}`, "webhook-id": id, "webhook-timestamp": String(Math.floor(Date.now() / 1000)), "webhook-signature": new Webhook(secret).sign(id, new Date(), body) },
          body,
        });
        expect(response.status).toBe(200);
        return { id, body, requestId: ((await response.json()) as { id: Id<"req"> }).id };
      };
      const received = (id: string) => target.state.requests.filter((r) => r.headers["webhook-id"] === id);

      const a = await post("/orders?x=1");
      await until(() => received(a.id).length === 1, "a at the target");
      const got = received(a.id)[0];
      expect(got.url).toBe("/hooks/orders?x=1");
      expect(got.body.toString()).toBe(a.body);
      expect(got.headers["x-trace"]).toBe("t-1");
      expect(got.headers["content-type"]).toBe("application/json");
      expect(() => new Webhook(secret).verify(got.body.toString(), got.headers as Record<string, string>)).not.toThrow();
      await until(async () => (await getInboundRequest({ id: a.requestId }, ctx)).tunnelResponses.length === 1, "a's answer in the inspector");
      expect((await getInboundRequest({ id: a.requestId }, ctx)).tunnelResponses[0]).toMatchObject({ status: 201, body: "hello from local", listener: "e2e" });

      first.child.kill("SIGKILL");
      await first.exited;
      const whileDown = [await post(), await post()];
      const second = start();
      await second.waitFor(/Ready\./, 30_000);
      expect((await second.waitFor(/Secret:\s+(\S+)/))[1]).toBe(secret);
      const after = await post();
      await until(() => [...whileDown, after].every((r) => received(r.id).length === 1), "the requests sent while the CLI was down");
      await new Promise((r) => setTimeout(r, 1_000));
      for (const r of [a, ...whileDown, after]) expect(received(r.id)).toHaveLength(1);
      second.child.kill("SIGTERM");
      expect(await second.exited).toBe(0);
    } finally {
      await target.close();
    }
  });
});

async function choose(page: Page, label: string, option: string) {
  await page.getByLabel(label, { exact: true }).click();
  await page.getByRole("option", { name: option, exact: true }).click();
}

describe("sources in the dashboard", () => {
  it("creates a source and shows a valid and an invalid request in the inspector with verdicts", async () => {
    const page = await env.browser().newPage({ viewport: { width: 1360, height: 900 } });
    await signIn(page, env.app().url, env.smtp(), "ines@example.test");
    await page.waitForURL(/\/ines-s-workspace/);
    await page.goto(`${env.app().url}/ines-s-workspace/sources`);
    await expect.poll(() => page.getByText("No sources yet").count()).toBe(1);
    await screenshot(page, "40-sources-empty");

    await page.getByRole("button", { name: "New source" }).first().click();
    await page.getByRole("button", { name: "Create source" }).click();
    await expect.poll(() => page.getByText("Give the source a name").count()).toBe(1);
    await page.getByLabel("Name", { exact: true }).fill("GitHub repo hooks");
    await choose(page, "Provider", "GitHub");
    await page.getByLabel("Secret", { exact: true }).fill("e2e github secret");
    await screenshot(page, "41-new-source");
    await page.getByRole("button", { name: "Create source" }).click();
    await page.waitForURL(/\/sources\/src_/);
    const url = (await page.getByTestId("source-url").textContent())!.trim();
    expect(url).toMatch(/\/in\/[0-9A-Za-z]{22,}$/);

    await page.getByRole("link", { name: "Live inspector" }).click();
    await page.waitForURL(/\/testing\/src_/);
    await expect.poll(() => page.getByTestId("live-status").textContent()).toContain("Live");

    // Two requests as curl would send them: one signed as GitHub signs, one with a signature over other bytes.
    const body = JSON.stringify({ action: "opened", issue: { number: 42, title: "Inbound works" } });
    const signature = `sha256=${createHmac("sha256", "e2e github secret").update(body).digest("hex")}`;
    const valid = await fetch(url, { method: "POST", headers: { "content-type": "application/json", "x-github-event": "issues", "x-github-delivery": "d-1", "x-hub-signature-256": signature }, body });
    expect(valid.status).toBe(200);
    const reserialized = JSON.stringify(JSON.parse(body), null, 2);
    const invalid = await fetch(url, { method: "POST", headers: { "content-type": "application/json", "x-github-event": "issues", "x-github-delivery": "d-2", "x-hub-signature-256": signature }, body: reserialized });
    expect(invalid.status).toBe(401);

    await expect.poll(() => page.getByTestId("inspector-request").count(), { timeout: 15_000 }).toBe(2);
    expect(await page.locator('[data-testid="inspector-request"][data-verdict="accepted"]').count()).toBe(1);
    expect(await page.locator('[data-testid="inspector-request"][data-verdict="rejected"]').count()).toBe(1);
    await page.locator('[data-testid="inspector-request"][data-verdict="accepted"]').click();
    await expect.poll(() => page.getByTestId("request-body").textContent()).toContain('"title": "Inbound works"');
    await screenshot(page, "42-inspector-accepted");
    await page.locator('[data-testid="inspector-request"][data-verdict="rejected"]').click();
    await expect.poll(() => page.getByTestId("why").textContent()).toContain("signature computed over re-serialized JSON");
    await screenshot(page, "43-inspector-rejected");

    await page.getByRole("link", { name: "Source settings" }).click();
    await page.waitForURL(/\/sources\/src_/);
    await expect.poll(() => page.getByTestId("request-row").count()).toBe(2);
    expect(await page.locator('[data-testid="request-row"][data-verdict="rejected"]').getByText("reserialized_json").count()).toBe(1);
    await screenshot(page, "44-source-requests");

    // The retention purge clears an old request's body but keeps the request: the inspector says so, not "Empty".
    const sourceId = page.url().match(/\/sources\/(src_[^/?#]+)/)![1];
    await db().execute(sql`update inbound_requests set created_at = now() - interval '40 days' where source_id = ${sourceId} and verdict = 'accepted'`);
    const [workspace] = await db().execute<{ id: string }>(sql`select id from workspaces where slug = 'ines-s-workspace'`);
    expect(await purgeExpiredData({ workspaceId: workspace.id })).toMatchObject({ inboundBodiesPurged: 1 });
    await page.goto(`${env.app().url}/ines-s-workspace/testing/${sourceId}`);
    await page.locator('[data-testid="inspector-request"][data-verdict="accepted"]').click();
    await expect.poll(() => page.getByTestId("request-body-empty").textContent()).toContain("Purged");
    await screenshot(page, "44b-inspector-purged");

    await page.goto(`${env.app().url}/ines-s-workspace/testing`);
    await page.getByRole("button", { name: "New request bin" }).first().click();
    await page.waitForURL(/\/testing\/src_/);
    const binUrl = (await page.getByTestId("inspector-url").textContent())!.trim();
    await expect.poll(() => page.getByTestId("live-status").textContent()).toContain("Live");
    expect((await fetch(`${binUrl}/anything?q=1`, { method: "PUT", body: "plain text" })).status).toBe(200);
    await expect.poll(() => page.getByTestId("inspector-request").count(), { timeout: 15_000 }).toBe(1);
    await expect.poll(() => page.getByTestId("request-body").textContent()).toBe("plain text");
    await screenshot(page, "45-request-bin");
    await page.close();
  });
});
