"use client";

import Link from "next/link";
import { useState } from "react";
import { fieldError } from "@/components/action-form";
import { errorsUnder } from "@/components/outbound/field-errors";
import { useDraft } from "@/components/outbound/use-draft";
import { CodeEditor } from "@/components/ui/code-editor";
import { Checkbox } from "@/components/ui/checkbox";
import { FormField } from "@/components/ui/form";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { Switch } from "@/components/ui/switch";
import type { ActionState } from "@/lib/api/actions";
import { formatDuration } from "@/lib/ui/durations";
import type { EndpointView } from "@/lib/outbound/schemas";

export interface CatalogEntry {
  name: string;
  featureGroup: string | null;
  deprecated: boolean;
}

const DEFAULT_SCHEDULE = "0, 5s, 5m, 30m, 2h, 5h, 10h, 10h";
const FILTER_EXAMPLE = '{"and": [{"path": "data.amount", "op": "gte", "value": 1000}, {"path": "data.currency", "op": "in", "value": ["eur", "usd"]}]}';

const AUTH_LABELS = { none: "None", basic: "Basic", bearer: "Bearer token", header: "Custom header" } as const;

function initialValues(endpoint: EndpointView | undefined, catalog: CatalogEntry[]) {
  const names = new Set(catalog.map((t) => t.name));
  const chosen = endpoint?.eventTypes ?? [];
  return {
    text: {
      url: endpoint?.url ?? "",
      description: endpoint?.description ?? "",
      eventTypePatterns: chosen.filter((entry) => !names.has(entry)).join(", "),
      contentFilter: endpoint?.contentFilter ? JSON.stringify(endpoint.contentFilter, null, 2) : "",
      headers: endpoint && Object.keys(endpoint.headers).length ? JSON.stringify(endpoint.headers, null, 2) : "",
      authUsername: endpoint?.auth.type === "basic" ? (endpoint.auth.username ?? "") : "",
      authPassword: "",
      authToken: "",
      authHeaderName: endpoint?.auth.type === "header" ? (endpoint.auth.name ?? "") : "",
      authHeaderValue: "",
      rateLimitPerSecond: endpoint?.rateLimitPerSecond?.toString() ?? "",
      timeoutSeconds: String((endpoint?.timeoutMs ?? 15_000) / 1000),
      versionPin: endpoint?.versionPin?.toString() ?? "",
      retrySchedule: endpoint?.retrySchedule ? endpoint.retrySchedule.map(formatDuration).join(", ") : "",
      autoDisableAfter: formatDuration(endpoint?.autoDisableAfterSeconds ?? 5 * 86_400),
    },
    subscribeAll: endpoint ? endpoint.eventTypes === null : true,
    selected: chosen.filter((entry) => names.has(entry)),
    // An existing credential is never read back, so editing keeps it unless another is chosen.
    authType: endpoint && endpoint.auth.type !== "none" ? "keep" : "none",
  };
}

/**
 * The fields of the create and edit endpoint forms. Values are controlled, so a failed save keeps everything typed;
 * errors from nested JSON (content filter, headers, auth) are listed under their field.
 */
/** The endpoint form's fields, for the dashboard and the consumer portal; `workspace` (the dashboard's) links an empty catalog to its editor. */
export function EndpointFields({ state, catalog, workspace, endpoint }: { state: ActionState<unknown>; catalog: CatalogEntry[]; workspace?: string; endpoint?: EndpointView }) {
  const [initial] = useState(() => initialValues(endpoint, catalog));
  const draft = useDraft(initial.text);
  const [subscribeAll, setSubscribeAll] = useState(initial.subscribeAll);
  const [selected, setSelected] = useState<string[]>(initial.selected);
  const [authType, setAuthType] = useState<string>(initial.authType);
  const [paused, setPaused] = useState(false);
  const [migratedFromSvix, setMigratedFromSvix] = useState(endpoint?.migratedFromSvix ?? false);
  const groups = groupBy(catalog, (t) => t.featureGroup ?? "Other");
  const prefix = endpoint ? "edit" : "new";

  return (
    <div className="space-y-5">
      <div className="grid gap-4 sm:grid-cols-2">
        <FormField label="URL" htmlFor={`${prefix}-url`} error={fieldError(state, "url")} className="sm:col-span-2" description="Where each event is POSTed. HTTPS, on a public address.">
          <Input {...draft.field("url")} placeholder="https://api.example.com/webhooks" autoComplete="off" />
        </FormField>
        <FormField label="Description" htmlFor={`${prefix}-description`} error={fieldError(state, "description")} className="sm:col-span-2">
          <Input {...draft.field("description")} placeholder="Billing service (production)" />
        </FormField>
      </div>

      <fieldset className="space-y-3">
        <legend className="text-sm font-medium">Event types</legend>
        <Label className="flex items-center gap-2 font-normal">
          <Switch name="subscribeAll" checked={subscribeAll} onCheckedChange={setSubscribeAll} aria-label="Receive every event type" />
          Receive every event type, including ones added later
        </Label>
        {subscribeAll ? null : (
          <div className="space-y-3 rounded-md border p-3">
            {catalog.length === 0 ? (
              <p className="text-sm text-muted-foreground">
                The catalog is empty.{" "}
                {workspace ? <><Link className="underline" href={`/${workspace}/event-types`}>Create event types</Link>, or type names below.</> : "Type event type names below."}
              </p>
            ) : (
              [...groups].map(([group, types]) => (
                <div key={group} className="space-y-1.5">
                  <p className="text-xs font-medium text-muted-foreground">{group}</p>
                  <div className="grid gap-1.5 sm:grid-cols-2">
                    {types.map((type) => (
                      <Label key={type.name} className="flex items-center gap-2 font-mono text-xs font-normal">
                        <Checkbox
                          name="eventTypes[]"
                          value={type.name}
                          checked={selected.includes(type.name)}
                          onCheckedChange={(checked) => setSelected((s) => (checked ? [...s, type.name] : s.filter((n) => n !== type.name)))}
                        />
                        {type.name}
                        {type.deprecated ? <span className="font-sans text-muted-foreground">(deprecated)</span> : null}
                      </Label>
                    ))}
                  </div>
                </div>
              ))
            )}
            <FormField label="Other names or groups" htmlFor={`${prefix}-patterns`} description="Comma-separated; invoice.* matches every type under invoice." error={fieldError(state, "eventTypePatterns")}>
              <Input {...draft.field("eventTypePatterns")} placeholder="invoice.*, customer.deleted" className="font-mono text-xs" />
            </FormField>
          </div>
        )}
        {errorsUnder(state, "eventTypes") ? <p className="text-xs font-medium text-destructive">{errorsUnder(state, "eventTypes")!.join(" ")}</p> : null}
      </fieldset>

      <details className="group rounded-md border" open={hasAdvancedError(state) || undefined}>
        <summary className="cursor-pointer px-3 py-2 text-sm font-medium">Filtering, headers, auth and retries</summary>
        <div className="space-y-4 border-t p-3">
          <FormField
            label="Content filter (JSON)"
            htmlFor={`${prefix}-filter`}
            error={errorsUnder(state, "contentFilter")}
            description="Only payloads that match are delivered. Conditions have a path, an op (eq, neq, gt, gte, lt, lte, in, nin, exists, regex) and a value; combine them with and / or. Empty delivers everything."
          >
            <CodeEditor {...draft.field("contentFilter")} aria-label="Content filter (JSON)" rows={4} placeholder={FILTER_EXAMPLE} />
          </FormField>
          <FormField label="Custom headers (JSON)" htmlFor={`${prefix}-headers`} error={errorsUnder(state, "headers")} description="Sent with every delivery. Signing and content headers cannot be overridden.">
            <CodeEditor {...draft.field("headers")} aria-label="Custom headers (JSON)" rows={2} placeholder='{"X-Team": "billing"}' />
          </FormField>

          <div className="space-y-3">
            <FormField label="Authentication" htmlFor={`${prefix}-auth`} description="Sent in addition to the signature." error={errorsUnder(state, "auth")}>
              <Select name="authType" value={authType} onValueChange={setAuthType}>
                <SelectTrigger id={`${prefix}-auth`} className="w-full sm:w-64"><SelectValue /></SelectTrigger>
                <SelectContent>
                  {endpoint && endpoint.auth.type !== "none" ? <SelectItem value="keep">Keep current ({AUTH_LABELS[endpoint.auth.type]})</SelectItem> : null}
                  {Object.entries(AUTH_LABELS).map(([value, label]) => <SelectItem key={value} value={value}>{label}</SelectItem>)}
                </SelectContent>
              </Select>
            </FormField>
            {authType === "basic" ? (
              <div className="grid gap-3 sm:grid-cols-2">
                <FormField label="Username" htmlFor={`${prefix}-auth-user`}><Input {...draft.field("authUsername")} autoComplete="off" /></FormField>
                <FormField label="Password" htmlFor={`${prefix}-auth-password`}><Input {...draft.field("authPassword")} type="password" autoComplete="new-password" /></FormField>
              </div>
            ) : null}
            {authType === "bearer" ? (
              <FormField label="Token" htmlFor={`${prefix}-auth-token`}><Input {...draft.field("authToken")} type="password" autoComplete="off" /></FormField>
            ) : null}
            {authType === "header" ? (
              <div className="grid gap-3 sm:grid-cols-2">
                <FormField label="Header name" htmlFor={`${prefix}-auth-header`}><Input {...draft.field("authHeaderName")} placeholder="X-Api-Key" autoComplete="off" /></FormField>
                <FormField label="Header value" htmlFor={`${prefix}-auth-value`}><Input {...draft.field("authHeaderValue")} type="password" autoComplete="off" /></FormField>
              </div>
            ) : null}
          </div>

          <div className="grid gap-4 sm:grid-cols-3">
            <FormField label="Rate limit (messages/s)" htmlFor={`${prefix}-rate`} error={fieldError(state, "rateLimitPerSecond")}>
              <Input {...draft.field("rateLimitPerSecond")} type="number" min={1} placeholder="Unlimited" />
            </FormField>
            <FormField label="Timeout (seconds)" htmlFor={`${prefix}-timeout`} error={fieldError(state, "timeoutSeconds")}>
              <Input {...draft.field("timeoutSeconds")} type="number" min={1} max={15} />
            </FormField>
            <FormField label="Pinned version" htmlFor={`${prefix}-version`} error={fieldError(state, "versionPin")}>
              <Input {...draft.field("versionPin")} type="number" min={1} placeholder="Any" />
            </FormField>
          </div>
          <div className="grid gap-4 sm:grid-cols-3">
            <FormField label="Retry schedule" htmlFor={`${prefix}-retries`} error={errorsUnder(state, "retrySchedule")} className="sm:col-span-2" description="Delay before each attempt. Empty uses the default with ±20% jitter.">
              <Input {...draft.field("retrySchedule")} placeholder={DEFAULT_SCHEDULE} className="font-mono text-xs" />
            </FormField>
            <FormField label="Auto-disable after" htmlFor={`${prefix}-autodisable`} error={errorsUnder(state, "autoDisableAfter")} description="Of failures only.">
              <Input {...draft.field("autoDisableAfter")} placeholder="5d" />
            </FormField>
          </div>
          <Label className="flex items-start gap-2 font-normal">
            <Checkbox name="migratedFromSvix" checked={migratedFromSvix} onCheckedChange={(checked) => setMigratedFromSvix(checked === true)} className="mt-0.5" />
            <span>
              Migrated from Svix: also send <code className="font-mono text-xs">svix-id</code>, <code className="font-mono text-xs">svix-timestamp</code> and{" "}
              <code className="font-mono text-xs">svix-signature</code> (the same values as the webhook-* headers), so a receiver built for Svix verifies unchanged
            </span>
          </Label>
        </div>
      </details>

      {endpoint ? null : (
        <Label className="flex items-center gap-2 font-normal">
          <Checkbox name="paused" checked={paused} onCheckedChange={(checked) => setPaused(checked === true)} />
          Start paused: messages queue until you resume it
        </Label>
      )}
    </div>
  );
}

function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(key(item), [...(groups.get(key(item)) ?? []), item]);
  return groups;
}

const ADVANCED = ["contentFilter", "headers", "auth", "rateLimitPerSecond", "timeoutSeconds", "versionPin", "retrySchedule", "autoDisableAfter", "migratedFromSvix"];

// A failed save opens the advanced section when the error is in there, so it is not hidden behind a fold.
function hasAdvancedError(state: ActionState<unknown>): boolean {
  if (!state || state.ok || !state.fieldErrors) return false;
  return Object.keys(state.fieldErrors).some((path) => ADVANCED.some((field) => path === field || path.startsWith(`${field}.`)));
}
