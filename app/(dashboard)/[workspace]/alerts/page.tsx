import { BellRing, History } from "lucide-react";
import Link from "next/link";
import { notFound } from "next/navigation";
import { EmptyState } from "@/components/empty-state";
import { DataTable } from "@/components/list-page/data-table";
import { IgnoredCursorNotice, KeysetPager } from "@/components/list-page/keyset-pager";
import { PageHeader } from "@/components/page-header";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Time } from "@/components/ui/time";
import { getAlert, listAlerts } from "@/lib/alerts/history";
import { type AlertFormOptions, alertFormOptions } from "@/lib/alerts/options";
import { listAlertRules } from "@/lib/alerts/rules";
import { ALERT_KIND_LABELS, type AlertRuleView, type AlertView } from "@/lib/alerts/schemas";
import { pageCursor } from "@/lib/api/pagination";
import { can } from "@/lib/auth/permissions";
import { requireWorkspace } from "@/lib/auth/session";
import { ALERT_RECIPES } from "@/lib/integrations/recipes/catalog";
import { isId } from "@/lib/platform/id-types";
import { cn } from "@/lib/ui/cn";
import { DeleteRuleDialog } from "./_components/delete-rule-dialog";
import { InstallAlertRecipe } from "./_components/install-recipe";
import { EditRuleDialog, NewRuleDialog } from "./_components/rule-dialog";

const STATES = [
  { value: undefined, label: "All" },
  { value: "firing", label: "Firing" },
  { value: "resolved", label: "Resolved" },
] as const;

function StateBadge({ alert }: { alert: AlertView }) {
  if (alert.state === "firing") return <Badge variant="destructive" data-testid="alert-state">firing</Badge>;
  return alert.notified ? <Badge variant="success" data-testid="alert-state">resolved</Badge> : <Badge variant="secondary" data-testid="alert-state" title="It resolved inside the rule's cooldown, before alerting">resolved, not alerted</Badge>;
}

/** The channels a rule alerts, in a few words. */
function channelSummary(rule: AlertRuleView, slackNames: Map<string, string>) {
  return rule.channels.map((c) => (c.type === "email" ? `Email ${c.to.join(", ")}` : c.type === "slack" ? `Slack ${slackNames.get(c.endpointId) ?? c.endpointId}` : `Webhook ${new URL(c.url).host}`));
}

/**
 * What a rule watches, by name and linked to its page: an endpoint, application or source, or the whole workspace.
 * A record past the form's pick list is shown by its id.
 */
function Scope({ rule, options, slug }: { rule: AlertRuleView; options: AlertFormOptions; slug: string }) {
  const [id, list, path] = rule.endpointId
    ? [rule.endpointId, options.endpoints, "endpoints"]
    : rule.applicationId
      ? [rule.applicationId, options.applications, "applications"]
      : rule.sourceId
        ? [rule.sourceId, options.sources, "sources"]
        : [null, [], ""];
  if (!id) return <span className="text-muted-foreground">whole workspace</span>;
  const label = list.find((o) => o.id === id)?.label;
  return (
    <Link href={`/${slug}/${path}/${id}`} title={label ? `${label} (${id})` : id} className={cn("block max-w-64 truncate hover:underline", !label && "font-mono")}>
      {label ?? id}
    </Link>
  );
}

function thresholds(rule: AlertRuleView) {
  const p = rule.params;
  switch (rule.kind) {
    case "failure_rate":
      return `> ${p.thresholdPercent}% over ${p.windowMinutes} min (≥ ${p.minAttempts} attempts)`;
    case "consecutive_failures":
      return `${p.count} in a row`;
    case "delivery_exhausted":
      return `within ${p.windowMinutes} min`;
    case "inbound_verification_failures":
      return `≥ ${p.count} in ${p.windowMinutes} min`;
    case "api_key_expiring":
      return `within ${p.days} days`;
    case "delivery_lag":
      return `> ${p.lagSeconds} s`;
    case "endpoint_disabled":
      return "automatically disabled";
  }
}

function Evidence({ alert }: { alert: AlertView }) {
  return (
    <div className="space-y-1 whitespace-normal">
      <p className="text-sm">{alert.evidence.summary}</p>
      {alert.resolution ? <p className="text-xs text-muted-foreground">{alert.resolution.summary}</p> : null}
      <div className="flex flex-wrap gap-x-3 gap-y-1 text-xs">
        {alert.evidence.refs.map((ref) =>
          ref.url ? (
            <Link key={`${ref.type}-${ref.id}`} href={ref.url} className="font-mono underline decoration-muted-foreground/50 underline-offset-2 hover:decoration-current" data-testid="alert-evidence-link">{ref.type.replace("_", " ")} {ref.id}</Link>
          ) : (
            <span key={`${ref.type}-${ref.id}`} className="font-mono text-muted-foreground">{ref.type} {ref.id}</span>
          ),
        )}
      </div>
    </div>
  );
}

function notificationSummary(alert: AlertView) {
  const by = (status: string) => alert.notifications.filter((n) => n.status === status).length;
  const parts = [by("sent") && `${by("sent")} sent`, by("pending") && `${by("pending")} pending`, by("failed") && `${by("failed")} failed`].filter(Boolean);
  return parts.length ? parts.join(", ") : "none";
}

export default async function AlertsPage({ params, searchParams }: { params: Promise<{ workspace: string }>; searchParams: Promise<{ cursor?: string; state?: string; alert?: string }> }) {
  const { workspace: slug } = await params;
  const search = await searchParams;
  const { role, ctx } = await requireWorkspace(slug, "alerts:read");
  const state = search.state === "firing" || search.state === "resolved" ? search.state : undefined;
  const { cursor, ignored } = pageCursor(search.cursor);
  if (search.alert !== undefined && !isId("inc", search.alert)) notFound();
  const [rules, history, options, focused] = await Promise.all([
    listAlertRules({ limit: 100 }, ctx),
    listAlerts({ cursor, limit: 50, state }, ctx),
    alertFormOptions(ctx),
    // A link from an alert (its history URL) to an alert that is gone, or another workspace's, is a 404.
    search.alert
      ? getAlert({ id: search.alert }, ctx).catch((error: unknown) => {
          if ((error as { code?: string }).code === "not_found") notFound();
          throw error;
        })
      : Promise.resolve(null),
  ]);
  const canWrite = can(role, "alerts:write");
  const slackNames = new Map(options.slackConnections.map((c) => [c.id, c.label]));
  const newButton = canWrite ? <NewRuleDialog workspace={slug} options={options} /> : undefined;

  return (
    <div className="space-y-8">
      <PageHeader
        title="Alerts"
        description="Rules checked every minute against deliveries, endpoints, sources and keys. Each incident alerts once when it starts and once when it resolves, by email, Slack or a signed operational webhook."
        actions={newButton}
      />

      {focused ? (
        <Card data-testid="focused-alert">
          <CardHeader>
            <CardTitle className="flex items-center gap-2 text-base"><StateBadge alert={focused} /> {focused.ruleName}</CardTitle>
            <CardDescription>{ALERT_KIND_LABELS[focused.kind]} · opened <Time value={focused.openedAt} />{focused.resolvedAt ? <> · resolved <Time value={focused.resolvedAt} /></> : null} · {focused.id}</CardDescription>
          </CardHeader>
          <CardContent className="space-y-2">
            <Evidence alert={focused} />
            <h3 className="pt-2 text-xs font-medium">Notifications</h3>
            <ul className="text-xs text-muted-foreground">
              {focused.notifications.length ? focused.notifications.map((n) => <li key={n.id}>{n.event} → {n.channel.type} {n.channel.target}: {n.status}{n.lastError ? ` (${n.lastError})` : ""}</li>) : <li>None: the cooldown held the alert back{focused.state === "resolved" ? ", and it resolved first" : ""}.</li>}
            </ul>
          </CardContent>
        </Card>
      ) : null}

      <section className="space-y-3" aria-labelledby="alert-rules">
        <h2 id="alert-rules" className="text-sm font-semibold">Rules</h2>
        <DataTable
          rows={rules.data}
          rowKey={(r) => r.id}
          rowProps={() => ({ "data-testid": "alert-rule-row" })}
          empty={<EmptyState icon={BellRing} title="No alert rules yet" description="Create a rule, or install the recipe below to hear on Slack about deliveries that failed for good and endpoints that were disabled." action={newButton} />}
          columns={[
            {
              header: "Rule",
              cell: (r) => (
                <>
                  <div className="font-medium">{r.name} {r.enabled ? null : <Badge variant="secondary">off</Badge>}</div>
                  <div className="text-xs text-muted-foreground">{ALERT_KIND_LABELS[r.kind]}: {thresholds(r)}</div>
                </>
              ),
            },
            { header: "Scope", label: "Scope", className: "text-xs", cell: (r) => <Scope rule={r} options={options} slug={slug} /> },
            { header: "Channels", label: "Channels", className: "whitespace-normal text-xs", cell: (r) => channelSummary(r, slackNames).map((c) => <div key={c}>{c}</div>) },
            { header: "Cooldown", label: "Cooldown", className: "text-muted-foreground", cell: (r) => `${Math.round(r.cooldownSeconds / 60)} min` },
            canWrite && {
              header: <span className="sr-only">Actions</span>,
              className: "text-right",
              cell: (r) => (
                <div className="flex justify-end gap-2">
                  <EditRuleDialog workspace={slug} options={options} rule={r} />
                  <DeleteRuleDialog workspace={slug} id={r.id} name={r.name} />
                </div>
              ),
            },
          ]}
        />
      </section>

      {canWrite ? (
        <section className="space-y-3" aria-labelledby="alert-recipes">
          <h2 id="alert-recipes" className="text-sm font-semibold">Recipes</h2>
          {ALERT_RECIPES.map((recipe) => (
            <Card key={recipe.id} data-testid="alert-recipe">
              <CardHeader>
                <CardTitle className="text-base">{recipe.name}</CardTitle>
                <CardDescription>{recipe.summary} Makes the rules {recipe.rules.map((r) => r.name).join(" and ")}; edit or delete them above afterwards.</CardDescription>
              </CardHeader>
              <CardContent>
                <InstallAlertRecipe workspace={slug} recipe={recipe.id} slackConnections={options.slackConnections} />
              </CardContent>
            </Card>
          ))}
        </section>
      ) : null}

      <section className="space-y-3" aria-labelledby="alert-history">
        <div className="flex flex-wrap items-center justify-between gap-2">
          <h2 id="alert-history" className="text-sm font-semibold">History</h2>
          <nav className="flex gap-1 text-sm" aria-label="Filter by state">
            {STATES.map((s) => (
              <Link
                key={s.label}
                href={s.value ? `/${slug}/alerts?state=${s.value}` : `/${slug}/alerts`}
                aria-current={state === s.value ? "page" : undefined}
                className="rounded-md px-2 py-1 text-muted-foreground hover:bg-accent aria-[current=page]:bg-accent aria-[current=page]:text-foreground"
              >
                {s.label}
              </Link>
            ))}
          </nav>
        </div>
        <IgnoredCursorNotice ignored={ignored} />
        <DataTable
          rows={history.data}
          rowKey={(a) => a.id}
          rowProps={() => ({ "data-testid": "alert-row" })}
          empty={<EmptyState icon={History} title={cursor ? "No more alerts" : state ? `No ${state} alerts` : "No alerts yet"} description="An alert appears here when a rule's condition becomes true, with the records that show it." />}
          columns={[
            { header: "State", cell: (a) => <StateBadge alert={a} /> },
            { header: "Rule", cell: (a) => <><div className="font-medium">{a.ruleName}</div><div className="text-xs text-muted-foreground">{ALERT_KIND_LABELS[a.kind]}</div></> },
            { header: "Evidence", className: "min-w-72", cell: (a) => <Evidence alert={a} /> },
            { header: "Opened", label: "Opened", className: "whitespace-nowrap text-muted-foreground", cell: (a) => <Time value={a.openedAt} /> },
            { header: "Resolved", label: "Resolved", className: "whitespace-nowrap text-muted-foreground", cell: (a) => (a.resolvedAt ? <Time value={a.resolvedAt} /> : "—") },
            { header: "Notifications", label: "Notifications", className: "text-xs text-muted-foreground", cell: (a) => <Link href={`/${slug}/alerts?alert=${a.id}`} className="underline decoration-muted-foreground/50 underline-offset-2 hover:decoration-current" title="The alert and where each notification went">{notificationSummary(a)}</Link> },
          ]}
        />
        <KeysetPager path={`/${slug}/alerts`} filters={{ state }} cursor={cursor} nextCursor={history.nextCursor} />
      </section>
    </div>
  );
}
