// The "Failed deliveries → Slack alert" recipe end to end: installed (two rules on the workspace's Slack connection,
// one transaction, one recipe.install audit row), then a delivery to a loopback receiver answering 500 spends its short
// retry schedule, the evaluation sends ONE alert to the Slack stand-in, and the endpoint's next success resolves it
// with one "resolved" post. The rules stay editable; a workspace without Slack is told to connect it.
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/db";
import { alertIncidents, auditLog, deliveries } from "@/db/schema";
import { evaluateAlerts, getAlertRule, updateAlertRule } from "@/lib/alerts";
import { ALERT_RECIPES } from "@/lib/integrations/recipes/catalog";
import { installAlertRecipe } from "@/lib/integrations/recipes/install";
import { attemptDelivery } from "@/lib/outbound/attempt";
import { resetEnvForTests } from "@/lib/platform/env";
import { createOwner } from "@/tests/helpers/factories";
import { startSlackStandIn, type SlackStandIn } from "@/tests/helpers/slack-stand-in";
import { alertWorkspace, deliverOnce, startStatusReceiver, webhookEndpoint } from "./helpers";

let slack: SlackStandIn;
let target: Awaited<ReturnType<typeof startStatusReceiver>>;

beforeAll(async () => {
  slack = await startSlackStandIn();
  target = await startStatusReceiver(500);
  Object.assign(process.env, slack.env("recipe-test-signing-secret"));
  resetEnvForTests();
});

afterAll(async () => {
  await Promise.all([slack.close(), target.close()]);
});

describe("recipe failed-deliveries-slack-alert", () => {
  it("installs its rules on the workspace's Slack, alerts once when a delivery is exhausted, and once when it resolves", async () => {
    const ws = await alertWorkspace(slack);
    const installed = await installAlertRecipe({ recipe: "failed-deliveries-slack-alert" }, ws.ctx);
    expect(installed.recipe).toEqual({ id: "failed-deliveries-slack-alert", version: ALERT_RECIPES[0].version, name: ALERT_RECIPES[0].name });
    expect(installed.rules.map((r) => [r.kind, r.channels])).toEqual([
      ["delivery_exhausted", [{ type: "slack", endpointId: ws.slackEndpoint.id }]],
      ["endpoint_disabled", [{ type: "slack", endpointId: ws.slackEndpoint.id }]],
    ]);
    const [audit] = await db().select().from(auditLog).where(and(eq(auditLog.workspaceId, ws.workspace.id), eq(auditLog.action, "recipe.install")));
    expect(audit.after).toMatchObject({ recipe: "failed-deliveries-slack-alert", ruleIds: installed.rules.map((r) => r.id), slackEndpointId: ws.slackEndpoint.id });

    // A receiver answering 500 and a two-attempt schedule: the first attempt fails, the retry (made due now instead
    // of in a second) fails too, and the delivery is exhausted.
    const ep = await webhookEndpoint(ws, `${target.url}/orders`, { retrySchedule: [0, 1] });
    const { deliveryId, messageId } = await deliverOnce(ws, ep.id);
    await db().update(deliveries).set({ nextAttemptAt: new Date() }).where(eq(deliveries.id, deliveryId));
    expect(await attemptDelivery(deliveryId)).toMatchObject({ status: "exhausted" });
    expect(target.hits).toBe(2);

    const posts = () => slack.messages.filter((m) => m.text.includes("Delivery exhausted"));
    await evaluateAlerts();
    await evaluateAlerts();
    expect(posts()).toHaveLength(1);
    const [firing] = posts();
    expect(firing.channel).toBe("C0ALERTS");
    expect(firing.text).toMatch(/^Firing: Delivery exhausted: 1 delivery to endpoint ep_/);
    expect(JSON.stringify(firing.blocks)).toContain(`/${ws.workspace.slug}/messages/${messageId}`);

    target.status = 200;
    await deliverOnce(ws, ep.id);
    await evaluateAlerts();
    await evaluateAlerts();
    expect(posts().map((m) => m.text.split(":")[0])).toEqual(["Firing", "Resolved"]);
    const incidents = await db().select().from(alertIncidents).where(eq(alertIncidents.ruleId, installed.rules[0].id));
    expect(incidents.map((i) => i.state)).toEqual(["resolved"]);

    // Ordinary rules afterwards: edited where rules are.
    await updateAlertRule({ id: installed.rules[1].id, name: "Endpoint switched off", cooldownSeconds: 60 }, ws.ctx);
    expect(await getAlertRule({ id: installed.rules[1].id }, ws.ctx)).toMatchObject({ name: "Endpoint switched off", cooldownSeconds: 60, kind: "endpoint_disabled" });
  });

  it("asks a workspace without Slack to connect it, and makes nothing", async () => {
    const { ctx } = await createOwner();
    await expect(installAlertRecipe({ recipe: "failed-deliveries-slack-alert" }, ctx)).rejects.toMatchObject({ issues: [expect.objectContaining({ path: ["slackEndpointId"], message: expect.stringContaining("Connect Slack") })] });
    expect(await db().select().from(auditLog).where(and(eq(auditLog.workspaceId, ctx.workspaceId), eq(auditLog.action, "recipe.install")))).toEqual([]);
  });
});
