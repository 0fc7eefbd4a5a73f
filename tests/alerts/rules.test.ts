// Every alert rule kind against real data (deliveries through the real attempt path to loopback receivers, inbound
// requests through /in/<token>, API keys), evaluated by calling evaluateAlerts() at chosen times: each fires once on
// the right evidence, stays one incident while it holds, then resolves once. Every alert is checked where it lands:
// the mail in a real SMTP server, the post in the Slack stand-in, the operational webhook in a receiver that verifies
// its Standard Webhooks signature. Also the cooldown, the advisory lock, and the rules' API with its audit rows.
import { and, eq, inArray, sql } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { GET as getAlertRoute } from "@/app/api/v1/alerts/[id]/route";
import { GET as listAlertsRoute } from "@/app/api/v1/alerts/route";
import { DELETE as deleteRuleRoute, GET as getRuleRoute, PATCH as patchRuleRoute } from "@/app/api/v1/alert-rules/[id]/route";
import { GET as listRulesRoute, POST as createRuleRoute } from "@/app/api/v1/alert-rules/route";
import { db } from "@/db";
import { ALERT_RULE_KINDS as STORED_KINDS, alertIncidents, alertRules, alertNotifications, auditLog, deliveries, endpoints } from "@/db/schema";
import { ALERT_RULE_KINDS, type AlertChannelInput, createAlertRule, deleteAlertRule, evaluateAlerts, listAlerts, updateAlertRule } from "@/lib/alerts";
import { createSource } from "@/lib/inbound/sources";
import { createApiKey, revokeApiKey } from "@/lib/keys/service";
import { rollUpAttempts } from "@/lib/monitoring";
import { attemptDelivery } from "@/lib/outbound/attempt";
import { enableEndpoint } from "@/lib/outbound/endpoints";
import { sendMessage } from "@/lib/outbound/send";
import { resetEnvForTests } from "@/lib/platform/env";
import { generateEndpointSecret, signatureHeaders } from "@/lib/signing";
import { apiRequest, noParams } from "@/tests/helpers/api";
import { createOwnerWithKey } from "@/tests/helpers/factories";
import { startSlackStandIn, type SlackStandIn } from "@/tests/helpers/slack-stand-in";
import { startSmtpServer } from "@/tests/helpers/smtp";
import { startVerifyingReceiver, type VerifyingReceiver } from "@/tests/helpers/verifying-receiver";
import { postInbound } from "@/tests/inbound/helpers";
import { type AlertWorkspace, alertWorkspace, allChannels, deliverOnce, received, type Smtp, startStatusReceiver, webhookEndpoint } from "./helpers";

const MAILBOX = "oncall@example.test";
let smtp: Smtp;
let slack: SlackStandIn;
let receiver: VerifyingReceiver;
let target: Awaited<ReturnType<typeof startStatusReceiver>>;

beforeAll(async () => {
  smtp = await startSmtpServer();
  slack = await startSlackStandIn();
  receiver = await startVerifyingReceiver([generateEndpointSecret()]);
  target = await startStatusReceiver(500);
  Object.assign(process.env, slack.env("alerts-test-signing-secret"), { EMAIL_SERVER: smtp.url });
  resetEnvForTests();
});

afterAll(async () => {
  await Promise.all([smtp.close(), slack.close(), receiver.close(), target.close()]);
});

const channels = () => ({ smtp, mailbox: MAILBOX, slack, receiver });
const seconds = (n: number) => n * 1000;
const later = (ms: number, from = new Date()) => new Date(from.getTime() + ms);

async function incidentsOf(ruleId: string) {
  return db().select().from(alertIncidents).where(eq(alertIncidents.ruleId, ruleId as never)).orderBy(alertIncidents.createdAt);
}

/** Fires, holds (a second run adds nothing), and checks the one firing alert on all three channels and its evidence. */
async function expectFiredOnce(ws: AlertWorkspace, rule: { id: string; name: string }, now: Date, evidence: { type: string; id: string }[]) {
  const first = await evaluateAlerts({ now });
  expect(first).toMatchObject({ ran: true, errors: 0 });
  await evaluateAlerts({ now: later(seconds(30), now) });
  const incidents = await incidentsOf(rule.id);
  expect(incidents.map((i) => i.state)).toEqual(["firing"]);
  expect(incidents[0].evidence.refs).toEqual(expect.arrayContaining(evidence.map((e) => expect.objectContaining(e))));
  expect(received(rule.name, channels()).firing).toEqual({ email: 1, slack: 1, webhook: 1 });
  expect(received(rule.name, channels()).resolved).toEqual({ email: 0, slack: 0, webhook: 0 });
  const webhook = received(rule.name, channels()).webhooks[0];
  expect(webhook.verifiedBy).toEqual([0]);
  expect(webhook.headers["webhook-id"]).toMatch(/^ntf_/);
  expect(webhook.json.data.alertId).toBe(incidents[0].id);
  // Evidence travels with its dashboard links.
  for (const e of evidence.filter((x) => ["endpoint", "source", "message"].includes(x.type))) {
    expect(webhook.json.data.evidence.refs).toContainEqual(expect.objectContaining({ ...e, url: expect.stringContaining(`/${ws.workspace.slug}/`) }));
  }
  const mail = smtp.mails.find((m) => m.text.includes(`Firing: ${rule.name}`))!;
  expect(mail.text).toContain(incidents[0].id);
  return incidents[0];
}

/** Resolves, and a later run sends nothing more: one resolved alert per channel, to where the firing one went. */
async function expectResolvedOnce(rule: { id: string; name: string }, now: Date) {
  const run = await evaluateAlerts({ now });
  expect(run.errors).toBe(0);
  await evaluateAlerts({ now: later(seconds(30), now) });
  const incidents = await incidentsOf(rule.id);
  expect(incidents.map((i) => i.state)).toEqual(["resolved"]);
  expect(incidents[0].resolvedAt?.getTime()).toBe(now.getTime());
  expect(received(rule.name, channels()).resolved).toEqual({ email: 1, slack: 1, webhook: 1 });
  expect(received(rule.name, channels()).firing).toEqual({ email: 1, slack: 1, webhook: 1 });
  const notifications = await db().select().from(alertNotifications).where(eq(alertNotifications.incidentId, incidents[0].id));
  expect(notifications.map((n) => `${n.event}:${n.channel.type}:${n.status}`).sort()).toEqual([
    "firing:email:sent", "firing:slack:sent", "firing:webhook:sent", "resolved:email:sent", "resolved:slack:sent", "resolved:webhook:sent",
  ]);
}

const rulesMade: string[] = [];

async function rule(ws: AlertWorkspace, input: Omit<Parameters<typeof createAlertRule>[0], "channels" | "cooldownSeconds"> & { channels?: AlertChannelInput[]; cooldownSeconds?: number }) {
  const made = await createAlertRule({ channels: allChannels(ws, MAILBOX, receiver), cooldownSeconds: 0, ...input }, ws.ctx);
  rulesMade.push(made.id);
  return made;
}

// Every run evaluates every enabled rule: a finished test's rules are switched off, so a later test's clock (an
// evaluation minutes ahead, or back at the real time) cannot make them fire or resolve again.
afterEach(async () => {
  await db().update(alertRules).set({ enabled: false }).where(inArray(alertRules.id, rulesMade.splice(0) as never[]));
});

describe("each rule fires once, then resolves once", () => {
  it("failure rate above the threshold over the window (per-minute rollups), with a minimum count", async () => {
    const ws = await alertWorkspace(slack);
    const ep = await webhookEndpoint(ws, `${target.url}/rate`, { retrySchedule: [0] });
    const r = await rule(ws, { name: "Rate over 50%", kind: "failure_rate", endpointId: ep.id, params: { thresholdPercent: 50, windowMinutes: 5, minAttempts: 4 } });
    target.status = 500;
    const failures = [];
    for (let i = 0; i < 3; i++) failures.push(await deliverOnce(ws, ep.id));
    const t1 = later(seconds(60));
    await rollUpAttempts({ now: t1 });
    // Three failed attempts are under the minimum count: nothing yet.
    await evaluateAlerts({ now: t1 });
    expect(await incidentsOf(r.id)).toEqual([]);
    failures.push(await deliverOnce(ws, ep.id));
    await rollUpAttempts({ now: t1 });
    const incident = await expectFiredOnce(ws, r, t1, [{ type: "endpoint", id: ep.id }, { type: "message", id: failures[3].messageId }]);
    expect(incident.evidence.figures).toMatchObject({ failureRatePercent: 100, attempts: 4, failed: 4 });

    target.status = 200;
    for (let i = 0; i < 5; i++) await deliverOnce(ws, ep.id);
    await rollUpAttempts({ now: later(seconds(60), t1) });
    await expectResolvedOnce(r, later(seconds(60), t1));
  });

  it("N consecutive failures on an endpoint", async () => {
    const ws = await alertWorkspace(slack);
    const ep = await webhookEndpoint(ws, `${target.url}/consecutive`, { retrySchedule: [0] });
    const r = await rule(ws, { name: "Three in a row", kind: "consecutive_failures", endpointId: ep.id, params: { count: 3 } });
    target.status = 500;
    await deliverOnce(ws, ep.id);
    await deliverOnce(ws, ep.id);
    await evaluateAlerts({ now: later(seconds(1)) });
    expect(await incidentsOf(r.id)).toEqual([]);
    const third = await deliverOnce(ws, ep.id);
    const incident = await expectFiredOnce(ws, r, later(seconds(1)), [{ type: "endpoint", id: ep.id }, { type: "message", id: third.messageId }]);
    expect(incident.evidence.figures).toMatchObject({ consecutiveFailures: 3, lastStatus: 500 });
    target.status = 200;
    await deliverOnce(ws, ep.id);
    await expectResolvedOnce(r, later(seconds(2)));
  });

  it("endpoint disabled automatically (the endpoint.disabled operational event), resolved when enabled again", async () => {
    const ws = await alertWorkspace(slack);
    const ep = await webhookEndpoint(ws, `${target.url}/disabled`, { retrySchedule: [0], autoDisableAfterSeconds: 60 });
    const r = await rule(ws, { name: "Disabled", kind: "endpoint_disabled", applicationId: ws.app.id });
    target.status = 500;
    await deliverOnce(ws, ep.id);
    // A failure run that began longer ago than the endpoint's window: the next failure disables it.
    await db().update(endpoints).set({ firstFailureAt: later(-seconds(120)) }).where(eq(endpoints.id, ep.id));
    await evaluateAlerts({ now: later(seconds(1)) });
    expect(await incidentsOf(r.id)).toEqual([]);
    await deliverOnce(ws, ep.id);
    const [row] = await db().select().from(endpoints).where(eq(endpoints.id, ep.id));
    expect(row.status).toBe("disabled");
    await expectFiredOnce(ws, r, later(seconds(1)), [{ type: "endpoint", id: ep.id }]);
    await enableEndpoint({ id: ep.id }, ws.ctx);
    await expectResolvedOnce(r, later(seconds(2)));
  });

  it("delivery exhausted (message.attempt.exhausted), resolved by the endpoint's next success", async () => {
    const ws = await alertWorkspace(slack);
    const ep = await webhookEndpoint(ws, `${target.url}/exhausted`, { retrySchedule: [0] });
    const r = await rule(ws, { name: "Exhausted", kind: "delivery_exhausted", endpointId: ep.id });
    target.status = 500;
    const failed = await deliverOnce(ws, ep.id);
    const incident = await expectFiredOnce(ws, r, later(seconds(1)), [{ type: "endpoint", id: ep.id }, { type: "message", id: failed.messageId }, { type: "delivery", id: failed.deliveryId }]);
    expect(incident.evidence.figures).toMatchObject({ exhaustedDeliveries: 1, lastStatus: 500, attempts: 1 });
    target.status = 200;
    await deliverOnce(ws, ep.id);
    await expectResolvedOnce(r, later(seconds(2)));
  });

  it("inbound verification failures spiking on a source (a count over a window), resolved once the window has passed", async () => {
    const ws = await alertWorkspace(slack);
    const secret = generateEndpointSecret();
    const source = await createSource({ name: "Billing", verification: { provider: "standard_webhooks", secret } }, ws.ctx);
    const r = await rule(ws, { name: "Bad signatures", kind: "inbound_verification_failures", sourceId: source.id, params: { count: 3, windowMinutes: 10 } });
    const body = JSON.stringify({ type: "invoice.paid" });
    const forged = (i: number) => signatureHeaders({ id: `msg_forged_${i}`, timestamp: Math.floor(Date.now() / 1000), body, secrets: [generateEndpointSecret()] });
    // A correctly signed request is no failure.
    const good = await postInbound(source.url, { body, headers: { "content-type": "application/json", ...signatureHeaders({ id: "msg_good", timestamp: Math.floor(Date.now() / 1000), body, secrets: [secret] }) } });
    expect(good.response.status).toBe(200);
    for (let i = 0; i < 2; i++) expect((await postInbound(source.url, { body, headers: { "content-type": "application/json", ...forged(i) } })).response.status).toBe(401);
    await evaluateAlerts({ now: later(seconds(1)) });
    expect(await incidentsOf(r.id)).toEqual([]);
    const third = await postInbound(source.url, { body, headers: { "content-type": "application/json", ...forged(2) } });
    const requestId = third.response.headers.get("x-switchboard-request-id");
    const start = new Date();
    const incident = await expectFiredOnce(ws, r, later(seconds(1), start), [{ type: "source", id: source.id }]);
    expect(incident.evidence.figures).toMatchObject({ failures: 3, lastReason: "no_matching_signature" });
    expect(incident.evidence.refs).toContainEqual({ type: "request", id: requestId });
    await expectResolvedOnce(r, later(seconds(11 * 60), start));
  });

  it("API key expiring within N days, resolved when the key is revoked", async () => {
    const ws = await alertWorkspace(slack);
    const r = await rule(ws, { name: "Keys expiring", kind: "api_key_expiring", params: { days: 7 } });
    await createApiKey({ name: "long-lived", scopes: ["messages:read"], expiresInDays: 30, ipAllowlist: "" }, ws.ctx);
    const keyId = (await createApiKey({ name: "short-lived", scopes: ["messages:read"], expiresInDays: 3, ipAllowlist: "" }, ws.ctx)).apiKey.id;
    const incident = await expectFiredOnce(ws, r, later(seconds(1)), [{ type: "api_key", id: keyId }]);
    expect(incident.subject).toBe(keyId);
    await revokeApiKey({ keyId }, ws.ctx);
    await expectResolvedOnce(r, later(seconds(2)));
  });

  it("delivery lag above a threshold (the oldest due delivery), resolved once it is delivered", async () => {
    const ws = await alertWorkspace(slack);
    const ep = await webhookEndpoint(ws, `${target.url}/lag`);
    const r = await rule(ws, { name: "Lagging", kind: "delivery_lag", endpointId: ep.id, params: { lagSeconds: 60 } });
    const sent = await sendMessage({ eventType: "invoice.paid", payload: { invoice: "inv_lag" }, application: ws.app.id }, ws.ctx);
    // Due now, waiting 30 s by the evaluation's clock: under the threshold.
    await evaluateAlerts({ now: later(seconds(30)) });
    expect(await incidentsOf(r.id)).toEqual([]);
    const incident = await expectFiredOnce(ws, r, later(seconds(120)), [{ type: "endpoint", id: ep.id }, { type: "message", id: sent.message.id }]);
    expect(incident.subject).toBe(ep.id);
    expect(Number(incident.evidence.figures.lagSeconds)).toBeGreaterThanOrEqual(119);
    target.status = 200;
    const [delivery] = await db().select().from(deliveries).where(and(eq(deliveries.messageId, sent.message.id), eq(deliveries.endpointId, ep.id)));
    await attemptDelivery(delivery.id);
    await expectResolvedOnce(r, later(seconds(180)));
  });
});

describe("behaviour", () => {
  it("a subject flapping inside the cooldown opens incidents that notify nothing until the cooldown is over", async () => {
    const ws = await alertWorkspace(slack);
    const ep = await webhookEndpoint(ws, `${target.url}/flapping`, { retrySchedule: [0] });
    const webhookOnly: AlertChannelInput[] = [{ type: "webhook", url: `${receiver.url}/alerts`, secret: receiver.secrets[0] }];
    const r = await rule(ws, { name: "Flapping", kind: "consecutive_failures", endpointId: ep.id, params: { count: 1 }, channels: webhookOnly, cooldownSeconds: 600 });
    const t = new Date();
    const fail = async () => { target.status = 500; await deliverOnce(ws, ep.id); };
    const succeed = async () => { target.status = 200; await deliverOnce(ws, ep.id); };
    const counts = () => { const got = received(r.name, channels()); return [got.firing.webhook, got.resolved.webhook]; };

    await fail();
    await evaluateAlerts({ now: later(seconds(60), t) });
    expect(counts()).toEqual([1, 0]);
    await succeed();
    await evaluateAlerts({ now: later(seconds(120), t) });
    expect(counts()).toEqual([1, 1]);
    // Fails again 1 minute after resolving: a new incident, held by the 10-minute cooldown.
    await fail();
    await evaluateAlerts({ now: later(seconds(180), t) });
    await evaluateAlerts({ now: later(seconds(240), t) });
    expect(counts()).toEqual([1, 1]);
    // Recovers before the cooldown is over: that incident sent nothing at all.
    await succeed();
    await evaluateAlerts({ now: later(seconds(300), t) });
    expect(counts()).toEqual([1, 1]);
    // Fails again and stays failing past the cooldown (10 minutes after the last resolution): it notifies then.
    await fail();
    await evaluateAlerts({ now: later(seconds(360), t) });
    expect(counts()).toEqual([1, 1]);
    await evaluateAlerts({ now: later(seconds(300 + 601), t) });
    expect(counts()).toEqual([2, 1]);

    const incidents = await incidentsOf(r.id);
    expect(incidents.map((i) => [i.state, i.firingNotifiedAt !== null])).toEqual([["resolved", true], ["resolved", false], ["firing", true]]);
    const { data } = await listAlerts({ rule: r.id }, ws.ctx);
    expect(data.map((a) => a.notified)).toEqual([true, false, true]);
  });

  it("a failing channel is retried by later runs and does not hold up the others; one run at a time", async () => {
    const ws = await alertWorkspace(slack);
    const ep = await webhookEndpoint(ws, `${target.url}/retried`, { retrySchedule: [0] });
    const r = await rule(ws, { name: "Retried", kind: "consecutive_failures", endpointId: ep.id, params: { count: 1 } });
    target.status = 500;
    await deliverOnce(ws, ep.id);
    slack.failNext({ status: 500 });
    await evaluateAlerts({ now: later(seconds(1)) });
    expect(received(r.name, channels()).firing).toEqual({ email: 1, slack: 0, webhook: 1 });
    const [pending] = await db().select().from(alertNotifications).where(and(eq(alertNotifications.workspaceId, ws.workspace.id), eq(alertNotifications.status, "pending")));
    expect(pending).toMatchObject({ tries: 1, lastError: expect.stringContaining("slack_unavailable") });
    await evaluateAlerts({ now: later(seconds(2)) });
    expect(received(r.name, channels()).firing).toEqual({ email: 1, slack: 1, webhook: 1 });

    // A run that finds another holding the lock does nothing.
    await db().transaction(async (tx) => {
      await tx.execute(sql`select pg_advisory_xact_lock(7316002)`);
      expect(await evaluateAlerts({ now: later(seconds(3)) })).toMatchObject({ ran: false, rules: 0 });
    });
  });

  it("disabling or deleting a rule closes its incidents without a resolved alert; the history keeps them", async () => {
    const ws = await alertWorkspace(slack);
    const ep = await webhookEndpoint(ws, `${target.url}/closed`, { retrySchedule: [0] });
    const r = await rule(ws, { name: "Closed", kind: "consecutive_failures", endpointId: ep.id, params: { count: 1 } });
    target.status = 500;
    await deliverOnce(ws, ep.id);
    await evaluateAlerts({ now: later(seconds(1)) });
    await updateAlertRule({ id: r.id, enabled: false }, ws.ctx);
    await evaluateAlerts({ now: later(seconds(2)) });
    expect((await incidentsOf(r.id)).map((i) => [i.state, i.resolution?.summary])).toEqual([["resolved", "The rule was disabled."]]);
    expect(received(r.name, channels()).resolved).toEqual({ email: 0, slack: 0, webhook: 0 });
    await deleteAlertRule({ id: r.id }, ws.ctx);
    const { data } = await listAlerts({}, ws.ctx);
    expect(data).toEqual([expect.objectContaining({ ruleId: null, ruleName: "Closed", state: "resolved" })]);
  });

  it("refuses a scope the kind does not take, another workspace's records, and a Slack channel that is no Slack connection", async () => {
    const ws = await alertWorkspace(slack);
    const other = await alertWorkspace(slack);
    const ep = await webhookEndpoint(ws, `${target.url}/refusals`);
    const issues = (p: Promise<unknown>) => p.then(() => [], (e: { issues?: { path: (string | number)[] }[] }) => (e.issues ?? []).map((i) => i.path.join(".")));
    expect(await issues(rule(ws, { name: "x", kind: "api_key_expiring", endpointId: ep.id }))).toEqual(["endpointId"]);
    expect(await issues(rule(ws, { name: "x", kind: "failure_rate", endpointId: ep.id, params: { thresholdPercent: 120 } }))).toEqual(["params.thresholdPercent"]);
    expect(await issues(rule(other, { name: "x", kind: "endpoint_disabled", endpointId: ep.id }))).toEqual(["endpointId"]);
    expect(await issues(rule(ws, { name: "x", kind: "endpoint_disabled", channels: [{ type: "slack", endpointId: ep.id }] }))).toEqual(["channels.0.endpointId"]);
    expect(await issues(rule(ws, { name: "x", kind: "endpoint_disabled", channels: [{ type: "slack", endpointId: other.slackEndpoint.id }] }))).toEqual(["channels.0.endpointId"]);
  });

  it("the kinds in the database enum are the API's", () => {
    expect([...STORED_KINDS]).toEqual([...ALERT_RULE_KINDS]);
  });
});

describe("API", () => {
  it("creates, reads, updates and deletes rules with audit rows, shows a generated webhook secret once, and lists the history", async () => {
    const { key, workspace, ctx } = await createOwnerWithKey();
    const created = await createRuleRoute(
      apiRequest("/api/v1/alert-rules", { method: "POST", key, body: { name: "Lag", kind: "delivery_lag", params: { lagSeconds: 120 }, channels: [{ type: "webhook", url: "https://ops.example.com/hooks" }, { type: "email", to: ["Ops@Example.com"] }] } }),
      noParams,
    );
    expect(created.status).toBe(201);
    const rule = (await created.json()) as { id: string; params: Record<string, number>; channels: { type: string; secret?: string; secretStart?: string; to?: string[] }[] };
    expect(rule.params).toEqual({ lagSeconds: 120 });
    expect(rule.channels[0].secret).toMatch(/^whsec_/);
    expect(rule.channels[1].to).toEqual(["ops@example.com"]);
    const params = { params: Promise.resolve({ id: rule.id }) };

    const read = (await (await getRuleRoute(apiRequest(`/api/v1/alert-rules/${rule.id}`, { key }), params)).json()) as typeof rule;
    expect(read.channels[0].secret).toBeUndefined();
    expect(read.channels[0].secretStart).toBe(`${rule.channels[0].secret!.slice(0, 12)}…`);

    // Editing keeps the webhook's secret (same URL) and merges params.
    const patched = await patchRuleRoute(apiRequest(`/api/v1/alert-rules/${rule.id}`, { method: "PATCH", key, body: { name: "Lag (2 min)", channels: [{ type: "webhook", url: "https://ops.example.com/hooks" }] } }), params);
    expect(patched.status).toBe(200);
    const after = (await patched.json()) as typeof rule & { name: string };
    expect(after).toMatchObject({ name: "Lag (2 min)", params: { lagSeconds: 120 } });
    expect(after.channels).toEqual([{ type: "webhook", url: "https://ops.example.com/hooks", secretStart: read.channels[0].secretStart }]);
    const refused = await patchRuleRoute(apiRequest(`/api/v1/alert-rules/${rule.id}`, { method: "PATCH", key, body: { params: { lagSeconds: 0 } } }), params);
    expect(refused.status).toBe(422);

    const list = (await (await listRulesRoute(apiRequest("/api/v1/alert-rules", { key }), noParams)).json()) as { data: { id: string }[] };
    expect(list.data.map((r) => r.id)).toEqual([rule.id]);
    const history = await listAlertsRoute(apiRequest("/api/v1/alerts?state=firing", { key }), noParams);
    expect(await history.json()).toEqual({ data: [], nextCursor: null, hasMore: false });
    expect((await getAlertRoute(apiRequest("/api/v1/alerts/inc_nothing", { key }), { params: Promise.resolve({ id: "inc_nothing" }) })).status).toBe(404);
    expect((await getRuleRoute(apiRequest("/api/v1/alert-rules/ep_wrong", { key }), { params: Promise.resolve({ id: "ep_wrong" }) })).status).toBe(404);

    expect((await deleteRuleRoute(apiRequest(`/api/v1/alert-rules/${rule.id}`, { method: "DELETE", key }), params)).status).toBe(204);
    expect((await getRuleRoute(apiRequest(`/api/v1/alert-rules/${rule.id}`, { key }), params)).status).toBe(404);
    const audit = await db().select().from(auditLog).where(and(eq(auditLog.workspaceId, workspace.id), eq(auditLog.targetId, rule.id))).orderBy(auditLog.createdAt);
    expect(audit.map((a) => a.action)).toEqual(["alert_rule.create", "alert_rule.update", "alert_rule.delete"]);
    expect(JSON.stringify(audit)).not.toContain(rule.channels[0].secret!);
    expect(ctx.workspaceId).toBe(workspace.id);
  });
});
