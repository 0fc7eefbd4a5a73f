import { and, asc, desc, eq, sql } from "drizzle-orm";
import { db, type Tx } from "@/db";
import { ALERT_NOTIFICATION_MAX_TRIES, alertIncidents, alertNotifications, alertRules, type AlertEvidence, workspaces } from "@/db/schema";
import { env } from "@/lib/platform";
import { log } from "@/lib/monitoring";
import { findFiring } from "@/lib/alerts/conditions";
import { ALERT_KIND_LABELS } from "@/lib/alerts/schemas";
import { evidenceView } from "@/lib/alerts/links";
import { type AlertMessage, sendAlert } from "@/lib/alerts/notify";

/**
 * The scheduled evaluation of every enabled alert rule (lib/platform/jobs.ts, every minute, on the worker timers or
 * Inngest cron). Two steps, each one transaction under the same advisory lock, so one run happens at a time and a
 * second worker's run finds the lock taken and skips:
 *
 * 1. Evaluate. For each rule, its condition's query (lib/alerts/conditions.ts) gives the subjects it is true of now.
 *    A subject without a firing incident opens one (the unique index alert_incidents_open keeps it to one per rule
 *    and subject); a firing incident whose subject is no longer returned resolves. An incident writes its "firing"
 *    notifications, one per channel, once it is open at its notify_after: normally at once, but when the subject's
 *    previous incident under the rule resolved less than the rule's cooldown ago, only once that cooldown is over,
 *    and not at all if it resolves first (flapping is one alert, not one per flap). A resolving incident that sent
 *    "firing" writes "resolved" to the same channels. Notifications are unique per (incident, event, channel):
 *    however many runs see an incident, it sends one "firing" and one "resolved".
 * 2. Send. Pending notifications are sent (lib/alerts/notify.ts) and marked sent, or retried by the next runs up to
 *    ALERT_NOTIFICATION_MAX_TRIES and then marked failed. A run that dies between sending and committing sends that
 *    notification again next time: at least once, and the webhook's id (the notification's) lets receivers drop it.
 *
 * `now` is the evaluation time, for tests and replays; every condition reads it instead of the database's clock.
 */

// pg_try_advisory_xact_lock's key for the alert evaluation (any constant no other lock uses; the rollup's is 7_316_001).
const LOCK_KEY = 7_316_002;
const SEND_BATCH = 100;

export interface AlertRun {
  /** False when another run held the lock. */
  ran: boolean;
  rules: number;
  opened: number;
  resolved: number;
  sent: number;
  failed: number;
  /** Rules whose query failed (logged); the others were evaluated. */
  errors: number;
}

type Rule = typeof alertRules.$inferSelect;
type Incident = typeof alertIncidents.$inferSelect;

const lock = async (tx: Tx) => (await tx.execute<{ locked: boolean }>(sql`select pg_try_advisory_xact_lock(${LOCK_KEY}) as locked`))[0].locked;

/** Writes one pending notification per channel of the rule (for "firing") or of the incident's firing ones (for "resolved"). */
async function writeNotifications(tx: Tx, incident: Incident, event: "firing" | "resolved", channels: { channel: Rule["channels"][number]; index: number }[]) {
  if (channels.length === 0) return;
  await tx
    .insert(alertNotifications)
    .values(channels.map(({ channel, index }) => ({ workspaceId: incident.workspaceId, incidentId: incident.id, event, channel, channelIndex: index })))
    .onConflictDoNothing();
}

async function evaluateRule(rule: Rule, now: Date, tx: Tx, run: AlertRun) {
  const firing = await findFiring(rule, now, tx);
  const open = await tx.select().from(alertIncidents).where(and(eq(alertIncidents.ruleId, rule.id), eq(alertIncidents.state, "firing")));
  const openBySubject = new Map(open.map((i) => [i.subject, i]));

  for (const incident of open) {
    if (firing.has(incident.subject)) continue;
    const resolution: AlertEvidence = { summary: `${ALERT_KIND_LABELS[rule.kind]} on ${incident.subject} is back to normal.`, figures: { resolvedAt: now.toISOString() }, refs: incident.evidence.refs };
    await tx.update(alertIncidents).set({ state: "resolved", resolvedAt: now, resolution }).where(eq(alertIncidents.id, incident.id));
    if (incident.firingNotifiedAt) {
      const sentFiring = await tx.select().from(alertNotifications).where(and(eq(alertNotifications.incidentId, incident.id), eq(alertNotifications.event, "firing")));
      await writeNotifications(tx, incident, "resolved", sentFiring.map((n) => ({ channel: n.channel, index: n.channelIndex })));
    }
    run.resolved++;
  }

  const toNotify: Incident[] = open.filter((i) => firing.has(i.subject) && !i.firingNotifiedAt);
  for (const [subject, evidence] of firing) {
    if (openBySubject.has(subject)) continue;
    // The cooldown: the subject's previous incident under this rule (alert_incidents_rule_subject_resolved).
    const [previous] = await tx
      .select({ resolvedAt: alertIncidents.resolvedAt })
      .from(alertIncidents)
      .where(and(eq(alertIncidents.ruleId, rule.id), eq(alertIncidents.subject, subject), eq(alertIncidents.state, "resolved")))
      .orderBy(desc(alertIncidents.resolvedAt))
      .limit(1);
    const cooledAt = previous?.resolvedAt ? new Date(previous.resolvedAt.getTime() + rule.cooldownSeconds * 1000) : now;
    const [incident] = await tx
      .insert(alertIncidents)
      .values({ workspaceId: rule.workspaceId, ruleId: rule.id, ruleName: rule.name, kind: rule.kind, subject, evidence, openedAt: now, notifyAfter: cooledAt > now ? cooledAt : now })
      .onConflictDoNothing()
      .returning();
    if (!incident) continue;
    run.opened++;
    toNotify.push(incident);
  }

  const due = toNotify.filter((i) => i.notifyAfter <= now);
  for (const incident of due) {
    await writeNotifications(tx, incident, "firing", rule.channels.map((channel, index) => ({ channel, index })));
    await tx.update(alertIncidents).set({ firingNotifiedAt: now }).where(eq(alertIncidents.id, incident.id));
  }
}

/** Step 1: every enabled rule, each in its own savepoint so one failing query does not stop the others. */
async function evaluateRules(now: Date, tx: Tx, run: AlertRun) {
  const rules = await tx.select().from(alertRules).where(eq(alertRules.enabled, true)).orderBy(asc(alertRules.workspaceId), asc(alertRules.id));
  run.rules = rules.length;
  for (const rule of rules) {
    try {
      await tx.transaction((t) => evaluateRule(rule, now, t, run));
    } catch (error) {
      run.errors++;
      log().error({ kind: "scheduled_job", job: "evaluate-alerts", err: error, ruleId: rule.id, workspaceId: rule.workspaceId }, "alert rule evaluation failed");
    }
  }
}

/** Step 2: pending notifications, oldest first (alert_notifications_pending), each sent and its outcome stored. */
async function sendPending(tx: Tx, run: AlertRun) {
  const pending = await tx
    .select({ notification: alertNotifications, incident: alertIncidents, workspace: { id: workspaces.id, slug: workspaces.slug, name: workspaces.name } })
    .from(alertNotifications)
    .innerJoin(alertIncidents, eq(alertIncidents.id, alertNotifications.incidentId))
    .innerJoin(workspaces, eq(workspaces.id, alertNotifications.workspaceId))
    .where(eq(alertNotifications.status, "pending"))
    .orderBy(asc(alertNotifications.createdAt))
    .limit(SEND_BATCH)
    .for("update", { of: alertNotifications, skipLocked: true });
  const origin = env().APP_URL.replace(/\/+$/, "");
  for (const { notification, incident, workspace } of pending) {
    const message: AlertMessage = {
      id: notification.id,
      event: notification.event,
      workspace,
      incident,
      evidence: evidenceView(incident.evidence, workspace.slug, origin),
      resolution: incident.resolution ? evidenceView(incident.resolution, workspace.slug, origin) : null,
      historyUrl: `${origin}/${workspace.slug}/alerts?alert=${incident.id}`,
    };
    const result = await sendAlert(notification.channel, message);
    const tries = notification.tries + 1;
    if (result.ok) {
      await tx.update(alertNotifications).set({ status: "sent", tries, sentAt: new Date(), lastError: null }).where(eq(alertNotifications.id, notification.id));
      run.sent++;
    } else {
      const givenUp = !result.retryable || tries >= ALERT_NOTIFICATION_MAX_TRIES;
      await tx.update(alertNotifications).set({ status: givenUp ? "failed" : "pending", tries, lastError: result.error }).where(eq(alertNotifications.id, notification.id));
      if (givenUp) run.failed++;
    }
  }
}

/** One run of the alert job (see above). */
export async function evaluateAlerts(options: { now?: Date } = {}, database: Tx = db()): Promise<AlertRun> {
  const now = options.now ?? new Date();
  const run: AlertRun = { ran: true, rules: 0, opened: 0, resolved: 0, sent: 0, failed: 0, errors: 0 };
  const evaluated = await database.transaction(async (tx) => {
    if (!(await lock(tx))) return false;
    await evaluateRules(now, tx, run);
    return true;
  });
  if (!evaluated) return { ...run, ran: false };
  await database.transaction(async (tx) => {
    if (await lock(tx)) await sendPending(tx, run);
  });
  return run;
}

