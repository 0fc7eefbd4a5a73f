import { and, desc, eq } from "drizzle-orm";
import { z } from "zod";
import { db, type Tx } from "@/db";
import { alertIncidents, alertRules, applications, endpoints, sources, type StoredAlertChannel } from "@/db/schema";
import { authorize, notFound, olderThan, pageQuerySchema, type RequestContext, toPage } from "@/lib/api";
import { recordAudit } from "@/lib/audit";
import { decryptSecret, encryptSecret } from "@/lib/platform";
import { generateEndpointSecret } from "@/lib/signing";
import {
  ALERT_PARAM_SCHEMAS,
  type AlertChannelInput,
  type AlertChannelView,
  type AlertRuleKind,
  type AlertRuleView,
  alertRule as alertRuleOut,
  createAlertRuleSchema,
  KIND_SCOPES,
  updateAlertRuleSchema,
} from "@/lib/alerts/schemas";

/**
 * A workspace's alert rules: what to watch (a kind with its thresholds, optionally scoped to an application,
 * endpoint or source) and where alerts go (email, the workspace's Slack connection, an operational webhook). Every
 * change is audited in its transaction. lib/alerts/evaluate.ts reads the enabled ones.
 */

type RuleRow = typeof alertRules.$inferSelect;

const auditBase = (ctx: RequestContext) => ({ workspaceId: ctx.workspaceId, actor: ctx.actor, request: ctx.request });
const fieldError = (path: (string | number)[], message: string) => new z.ZodRealError([{ code: "custom", path, message, input: undefined }]);

/** A channel as shown: a webhook's secret by its first characters, and whole only when `revealed` (just generated). */
function channelView(channel: StoredAlertChannel, revealed?: string): AlertChannelView {
  if (channel.type !== "webhook") return channel;
  const secret = decryptSecret(channel.secretEncrypted);
  return { type: "webhook", url: channel.url, secretStart: `${secret.slice(0, 12)}…`, ...(revealed ? { secret: revealed } : {}) };
}

export function toRuleView(row: RuleRow, revealed: Map<number, string> = new Map()): AlertRuleView {
  return alertRuleOut.parse({ ...row, channels: row.channels.map((c, i) => channelView(c, revealed.get(i))) });
}

async function findRule(tx: Tx, ctx: RequestContext, id: string, lock = false): Promise<RuleRow> {
  const query = tx.select().from(alertRules).where(and(eq(alertRules.id, id as RuleRow["id"]), eq(alertRules.workspaceId, ctx.workspaceId)));
  const [row] = lock ? await query.for("update") : await query;
  if (!row) throw notFound("The alert rule");
  return row;
}

/** The kind's thresholds, defaults filled in; a bad one is a field error under params. */
function parseParams(kind: AlertRuleKind, params: Record<string, unknown>) {
  const parsed = ALERT_PARAM_SCHEMAS[kind].safeParse(params);
  if (!parsed.success) throw new z.ZodRealError(parsed.error.issues.map((issue) => ({ ...issue, path: ["params", ...issue.path] })));
  return parsed.data as Record<string, number>;
}

type Scope = { applicationId: RuleRow["applicationId"]; endpointId: RuleRow["endpointId"]; sourceId: RuleRow["sourceId"] };

/** Checks the scope fits the kind and names the workspace's own records. */
async function checkScope(tx: Tx, ctx: RequestContext, kind: AlertRuleKind, scope: Scope) {
  for (const field of ["applicationId", "endpointId", "sourceId"] as const) {
    if (scope[field] && !KIND_SCOPES[kind].includes(field)) throw fieldError([field], `A ${kind.replaceAll("_", " ")} rule cannot be scoped to ${field === "sourceId" ? "a source" : field === "endpointId" ? "an endpoint" : "an application"}`);
  }
  if (scope.applicationId) {
    const [row] = await tx.select({ id: applications.id }).from(applications).where(and(eq(applications.id, scope.applicationId), eq(applications.workspaceId, ctx.workspaceId)));
    if (!row) throw fieldError(["applicationId"], "No such application in this workspace");
  }
  if (scope.endpointId) {
    const [row] = await tx.select({ applicationId: endpoints.applicationId }).from(endpoints).where(and(eq(endpoints.id, scope.endpointId), eq(endpoints.workspaceId, ctx.workspaceId)));
    if (!row) throw fieldError(["endpointId"], "No such endpoint in this workspace");
    if (scope.applicationId && row.applicationId !== scope.applicationId) throw fieldError(["endpointId"], "The endpoint is not the application's");
  }
  if (scope.sourceId) {
    const [row] = await tx.select({ id: sources.id }).from(sources).where(and(eq(sources.id, scope.sourceId), eq(sources.workspaceId, ctx.workspaceId)));
    if (!row) throw fieldError(["sourceId"], "No such source in this workspace");
  }
}

/**
 * Channels as stored: a Slack channel must be one of the workspace's Slack connections; a webhook's secret is sealed,
 * kept from the rule's channel of the same URL when none is given, generated otherwise (returned once, in `revealed`).
 */
async function storeChannels(tx: Tx, ctx: RequestContext, input: AlertChannelInput[], previous: StoredAlertChannel[] = []) {
  const revealed = new Map<number, string>();
  const stored: StoredAlertChannel[] = [];
  for (const [i, channel] of input.entries()) {
    if (channel.type === "email") stored.push({ type: "email", to: [...new Set(channel.to.map((a) => a.toLowerCase()))] });
    else if (channel.type === "slack") {
      const [row] = await tx.select({ kind: endpoints.kind }).from(endpoints).where(and(eq(endpoints.id, channel.endpointId), eq(endpoints.workspaceId, ctx.workspaceId)));
      if (row?.kind !== "slack") throw fieldError(["channels", i, "endpointId"], "Pick one of the workspace's Slack connections (Integrations → Add to Slack)");
      stored.push({ type: "slack", endpointId: channel.endpointId });
    } else {
      const kept = previous.find((p): p is Extract<StoredAlertChannel, { type: "webhook" }> => p.type === "webhook" && p.url === channel.url);
      let secretEncrypted: string;
      if (channel.secret) secretEncrypted = encryptSecret(channel.secret);
      else if (kept) secretEncrypted = kept.secretEncrypted;
      else {
        const secret = generateEndpointSecret();
        revealed.set(i, secret);
        secretEncrypted = encryptSecret(secret);
      }
      stored.push({ type: "webhook", url: channel.url, secretEncrypted });
    }
  }
  return { stored, revealed };
}

export async function createAlertRule(input: z.input<typeof createAlertRuleSchema>, ctx: RequestContext, tx: Tx = db()): Promise<AlertRuleView> {
  authorize(ctx, "alerts:write");
  const data = createAlertRuleSchema.parse(input);
  const params = parseParams(data.kind, data.params);
  const scope = { applicationId: data.applicationId ?? null, endpointId: data.endpointId ?? null, sourceId: data.sourceId ?? null };
  return tx.transaction(async (t) => {
    await checkScope(t, ctx, data.kind, scope);
    const { stored, revealed } = await storeChannels(t, ctx, data.channels);
    const [row] = await t
      .insert(alertRules)
      .values({ workspaceId: ctx.workspaceId, name: data.name, kind: data.kind, ...scope, params, channels: stored, cooldownSeconds: data.cooldownSeconds, enabled: data.enabled })
      .returning();
    await recordAudit(t, { ...auditBase(ctx), action: "alert_rule.create", target: { type: "alert_rule", id: row.id }, after: toRuleView(row) });
    return toRuleView(row, revealed);
  });
}

export async function getAlertRule(input: { id: string }, ctx: RequestContext, tx: Tx = db()): Promise<AlertRuleView> {
  authorize(ctx, "alerts:read");
  return toRuleView(await findRule(tx, ctx, input.id));
}

export const listAlertRulesSchema = pageQuerySchema;

/** The workspace's rules, newest first, keyset-paged over alert_rules_workspace_created. */
export async function listAlertRules(input: z.input<typeof listAlertRulesSchema>, ctx: RequestContext, tx: Tx = db()) {
  authorize(ctx, "alerts:read");
  const { cursor, limit } = listAlertRulesSchema.parse(input);
  const rows = await tx
    .select()
    .from(alertRules)
    .where(and(eq(alertRules.workspaceId, ctx.workspaceId), olderThan(cursor, alertRules.createdAt, alertRules.id)))
    .orderBy(desc(alertRules.createdAt), desc(alertRules.id))
    .limit(limit + 1);
  const page = toPage(rows, limit);
  return { data: page.data.map((r) => toRuleView(r)), nextCursor: page.nextCursor };
}

/**
 * Closes a rule's firing incidents without a "resolved" alert: the rule was disabled or deleted, so nothing says the
 * trouble is over. A firing alert already sent stays in the history with this resolution.
 */
async function closeOpenIncidents(tx: Tx, ruleId: RuleRow["id"], why: string) {
  await tx
    .update(alertIncidents)
    .set({ state: "resolved", resolvedAt: new Date(), resolution: { summary: why, figures: {}, refs: [] } })
    .where(and(eq(alertIncidents.ruleId, ruleId), eq(alertIncidents.state, "firing")));
}

/** Changes any field but the kind; params are merged over the rule's and checked for its kind. */
export async function updateAlertRule(input: z.input<typeof updateAlertRuleSchema>, ctx: RequestContext, tx: Tx = db()): Promise<AlertRuleView> {
  authorize(ctx, "alerts:write");
  const { id, params, channels, applicationId, endpointId, sourceId, ...changes } = updateAlertRuleSchema.parse(input);
  return tx.transaction(async (t) => {
    const before = await findRule(t, ctx, id, true);
    const scope = {
      applicationId: applicationId === undefined ? before.applicationId : applicationId,
      endpointId: endpointId === undefined ? before.endpointId : endpointId,
      sourceId: sourceId === undefined ? before.sourceId : sourceId,
    };
    await checkScope(t, ctx, before.kind, scope);
    const nextParams = params === undefined ? before.params : parseParams(before.kind, { ...before.params, ...params });
    const { stored, revealed } = channels ? await storeChannels(t, ctx, channels, before.channels) : { stored: before.channels, revealed: new Map<number, string>() };
    const [after] = await t
      .update(alertRules)
      .set({ ...changes, ...scope, params: nextParams, channels: stored, updatedAt: new Date() })
      .where(eq(alertRules.id, id))
      .returning();
    if (before.enabled && !after.enabled) await closeOpenIncidents(t, id, "The rule was disabled.");
    await recordAudit(t, { ...auditBase(ctx), action: "alert_rule.update", target: { type: "alert_rule", id }, before: toRuleView(before), after: toRuleView(after) });
    return toRuleView(after, revealed);
  });
}

/** Deletes a rule. Its incidents stay in the history (rule_id becomes null; the name and kind were copied). */
export async function deleteAlertRule(input: { id: string }, ctx: RequestContext, tx: Tx = db()): Promise<void> {
  authorize(ctx, "alerts:write");
  await tx.transaction(async (t) => {
    const before = await findRule(t, ctx, input.id, true);
    await closeOpenIncidents(t, before.id, "The rule was deleted.");
    await t.delete(alertRules).where(eq(alertRules.id, before.id));
    await recordAudit(t, { ...auditBase(ctx), action: "alert_rule.delete", target: { type: "alert_rule", id: before.id }, before: toRuleView(before) });
  });
}
