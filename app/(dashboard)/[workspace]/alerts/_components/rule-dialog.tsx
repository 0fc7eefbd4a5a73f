"use client";

import { Pencil, Plus } from "lucide-react";
import { useState } from "react";
import { ActionForm, fieldError } from "@/components/action-form";
import { CloseOnSuccess, FormDialog } from "@/components/form-dialog";
import { CopyableValue } from "@/components/secret-reveal";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Checkbox } from "@/components/ui/checkbox";
import { DialogClose, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { FormField } from "@/components/ui/form";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import type { AlertFormOptions } from "@/lib/alerts/options";
import { ALERT_KIND_LABELS, ALERT_RULE_KINDS, type AlertRuleKind, type AlertRuleView, KIND_SCOPES } from "@/lib/alerts/schemas";
import { createAlertRuleAction, updateAlertRuleAction } from "../actions";

/** Each kind's threshold fields: name, label, unit and default (the defaults ALERT_PARAM_SCHEMAS fills in). */
const PARAM_FIELDS: Record<AlertRuleKind, { name: string; label: string; unit: string; fallback: number }[]> = {
  failure_rate: [
    { name: "thresholdPercent", label: "Failure rate above", unit: "%", fallback: 50 },
    { name: "windowMinutes", label: "Over the last", unit: "minutes", fallback: 15 },
    { name: "minAttempts", label: "With at least", unit: "attempts", fallback: 10 },
  ],
  consecutive_failures: [{ name: "count", label: "Failed attempts in a row", unit: "attempts", fallback: 5 }],
  endpoint_disabled: [],
  delivery_exhausted: [{ name: "windowMinutes", label: "Looking back", unit: "minutes", fallback: 1440 }],
  inbound_verification_failures: [
    { name: "count", label: "Verification failures", unit: "requests", fallback: 10 },
    { name: "windowMinutes", label: "Within", unit: "minutes", fallback: 15 },
  ],
  api_key_expiring: [{ name: "days", label: "Expires within", unit: "days", fallback: 7 }],
  delivery_lag: [{ name: "lagSeconds", label: "Oldest due delivery waiting over", unit: "seconds", fallback: 300 }],
};

const KIND_HELP: Record<AlertRuleKind, string> = {
  failure_rate: "Per endpoint, from the per-minute rollups (the current minute counts once it has ended).",
  consecutive_failures: "An endpoint's latest attempts all failed; resolves at its next success.",
  endpoint_disabled: "An endpoint disabled automatically for failing; resolves when it is enabled again.",
  delivery_exhausted: "A delivery spent every retry; resolves when the endpoint delivers successfully again.",
  inbound_verification_failures: "Requests to a source rejected for their signature, timestamp or credentials.",
  api_key_expiring: "A key that is not revoked expires soon; resolves when it is revoked or its expiry is past the window.",
  delivery_lag: "The oldest delivery due in the scope has waited too long past its time (the worker is behind or down).",
};

const selectClass = "h-9 w-full rounded-md border border-input bg-transparent px-3 text-sm shadow-xs outline-none focus-visible:border-ring focus-visible:ring-[3px] focus-visible:ring-ring/50 aria-invalid:border-destructive";

function Picker({ id, name, label, options, value, error, none }: { id: string; name: string; label: string; options: { id: string; label: string }[]; value?: string | null; error?: string[]; none: string }) {
  return (
    <FormField label={label} htmlFor={id} error={error}>
      <select id={id} name={name} defaultValue={value ?? ""} className={selectClass}>
        <option value="">{none}</option>
        {options.map((o) => <option key={o.id} value={o.id}>{o.label}</option>)}
      </select>
    </FormField>
  );
}

function RuleForm({ workspace, options, rule, close }: { workspace: string; options: AlertFormOptions; rule?: AlertRuleView; close: () => void }) {
  const [kind, setKind] = useState<AlertRuleKind>(rule?.kind ?? "delivery_exhausted");
  const scopes = KIND_SCOPES[kind];
  const email = rule?.channels.find((c) => c.type === "email");
  const slack = rule?.channels.find((c) => c.type === "slack");
  const webhook = rule?.channels.find((c) => c.type === "webhook");
  return (
    <ActionForm action={rule ? updateAlertRuleAction : createAlertRuleAction} workspace={workspace} resetOnSuccess={false} className="space-y-4">
      {(state, pending) => {
        // A generated webhook secret keeps the dialog open until it is copied; any other save closes it.
        const secret = state?.ok ? state.data?.secret : null;
        return (
          <>
            <CloseOnSuccess ok={Boolean(state?.ok && !secret)} close={close} />
            <DialogHeader>
              <DialogTitle>{rule ? `Edit ${rule.name}` : "New alert rule"}</DialogTitle>
              <DialogDescription>Rules are checked every minute. One incident sends one alert when it starts and one when it resolves.</DialogDescription>
            </DialogHeader>
            {rule ? <input type="hidden" name="id" value={rule.id} /> : null}
            {secret ? (
              <Alert>
                <AlertDescription className="space-y-2">
                  <p>The operational webhook signs alerts with this secret (Standard Webhooks). Copy it now: it is not shown again.</p>
                  <CopyableValue value={secret} testId="alert-webhook-secret" copyLabel="Copy secret" />
                </AlertDescription>
              </Alert>
            ) : null}
            <FormField label="Name" htmlFor="rule-name" error={fieldError(state, "name")}>
              <Input name="name" defaultValue={rule?.name} placeholder="Payments endpoint failing" autoComplete="off" />
            </FormField>
            {rule ? (
              <input type="hidden" name="kind" value={rule.kind} />
            ) : (
              <FormField label="Watch" htmlFor="rule-kind" error={fieldError(state, "kind")} description={KIND_HELP[kind]}>
                <select name="kind" value={kind} onChange={(e) => setKind(e.target.value as AlertRuleKind)} className={selectClass}>
                  {ALERT_RULE_KINDS.map((k) => <option key={k} value={k}>{ALERT_KIND_LABELS[k]}</option>)}
                </select>
              </FormField>
            )}
            {PARAM_FIELDS[kind].length ? (
              <div className="grid gap-3 sm:grid-cols-3">
                {PARAM_FIELDS[kind].map((p) => (
                  <FormField key={`${kind}-${p.name}`} label={`${p.label} (${p.unit})`} htmlFor={`rule-${p.name}`} error={fieldError(state, `params.${p.name}`)}>
                    <Input name={`params.${p.name}`} inputMode="decimal" defaultValue={String(rule?.params[p.name] ?? p.fallback)} />
                  </FormField>
                ))}
              </div>
            ) : null}
            {scopes.length ? (
              <div className="grid gap-3 sm:grid-cols-2">
                {scopes.includes("applicationId") ? <Picker id="rule-application" name="applicationId" label="Application" options={options.applications} value={rule?.applicationId} error={fieldError(state, "applicationId")} none="Every application" /> : null}
                {scopes.includes("endpointId") ? <Picker id="rule-endpoint" name="endpointId" label="Endpoint" options={options.endpoints} value={rule?.endpointId} error={fieldError(state, "endpointId")} none="Every endpoint" /> : null}
                {scopes.includes("sourceId") ? <Picker id="rule-source" name="sourceId" label="Source" options={options.sources} value={rule?.sourceId} error={fieldError(state, "sourceId")} none="Every source" /> : null}
              </div>
            ) : null}
            <fieldset className="space-y-3 rounded-md border p-3">
              <legend className="px-1 text-sm font-medium">Channels</legend>
              {fieldError(state, "channels") ? <p className="text-sm text-destructive">{fieldError(state, "channels")![0]}</p> : null}
              <FormField label="Email" htmlFor="rule-email" error={fieldError(state, "emailTo")} description="Addresses, separated by commas.">
                <Input name="emailTo" defaultValue={email?.type === "email" ? email.to.join(", ") : ""} placeholder="oncall@example.com" />
              </FormField>
              <Picker id="rule-slack" name="slackEndpointId" label="Slack" options={options.slackConnections} value={slack?.type === "slack" ? slack.endpointId : null} error={fieldError(state, "slackEndpointId")} none={options.slackConnections.length ? "No Slack alert" : "No Slack connection (Integrations → Add to Slack)"} />
              <FormField label="Operational webhook" htmlFor="rule-webhook" error={fieldError(state, "webhookUrl")} description={webhook?.type === "webhook" ? `Signed with ${webhook.secretStart} (kept while the URL stays).` : "Signed with Standard Webhooks; the secret is shown once, after saving."}>
                <Input name="webhookUrl" defaultValue={webhook?.type === "webhook" ? webhook.url : ""} placeholder="https://ops.example.com/switchboard-alerts" />
              </FormField>
            </fieldset>
            <div className="grid gap-3 sm:grid-cols-2">
              <FormField label="Cooldown (minutes)" htmlFor="rule-cooldown" error={fieldError(state, "cooldownMinutes")} description="After an incident resolves, a new one on the same subject waits this long before alerting.">
                <Input name="cooldownMinutes" inputMode="numeric" defaultValue={String(Math.round((rule?.cooldownSeconds ?? 900) / 60))} />
              </FormField>
              <Label className="flex items-center gap-2 self-center font-normal">
                <Checkbox name="enabled" defaultChecked={rule?.enabled ?? true} aria-label="Enabled" /> Enabled
              </Label>
            </div>
            <DialogFooter>
              {secret ? (
                // Saved: submitting again would make a second rule (or a new secret); Done closes the dialog.
                <DialogClose asChild><Button type="button">Done</Button></DialogClose>
              ) : (
                <Button type="submit" disabled={pending}>{pending ? "Saving…" : rule ? "Save rule" : "Create rule"}</Button>
              )}
            </DialogFooter>
          </>
        );
      }}
    </ActionForm>
  );
}

export function NewRuleDialog({ workspace, options }: { workspace: string; options: AlertFormOptions }) {
  return (
    <FormDialog className="max-h-[90vh] overflow-y-auto sm:max-w-2xl" trigger={<Button><Plus aria-hidden /> New rule</Button>}>
      {(close) => <RuleForm workspace={workspace} options={options} close={close} />}
    </FormDialog>
  );
}

export function EditRuleDialog({ workspace, options, rule }: { workspace: string; options: AlertFormOptions; rule: AlertRuleView }) {
  return (
    <FormDialog className="max-h-[90vh] overflow-y-auto sm:max-w-2xl" trigger={<Button variant="outline" size="sm" aria-label={`Edit ${rule.name}`}><Pencil aria-hidden /> Edit</Button>}>
      {(close) => <RuleForm workspace={workspace} options={options} rule={rule} close={close} />}
    </FormDialog>
  );
}
