"use client";

import { Plus } from "lucide-react";
import { useState } from "react";
import { ActionForm, fieldError } from "@/components/action-form";
import { Button } from "@/components/ui/button";
import { Checkbox } from "@/components/ui/checkbox";
import { DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { FormField } from "@/components/ui/form";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { Textarea } from "@/components/ui/textarea";
import { API_RESOURCES, API_SCOPES, APPLICATION_KEY_SCOPES } from "@/lib/keys/scopes";
import { createKeyAction } from "../actions";
import { FormDialog } from "@/components/form-dialog";
import { SecretReveal } from "@/components/secret-reveal";

const EXPIRY = [
  ["none", "Never"],
  ["7", "7 days"],
  ["30", "30 days"],
  ["90", "90 days"],
  ["365", "1 year"],
];
const ROTATION = [
  ["none", "Manual only"],
  ["30", "Every 30 days"],
  ["90", "Every 90 days"],
  ["180", "Every 180 days"],
];

const ACCESS = [
  { value: "full", label: "Full access", description: "Read and write everything: for a backend that sends messages and manages endpoints (the README's walk-through)." },
  { value: "read", label: "Read only", description: "Lists and reads, nothing changes: for dashboards, monitoring and exports." },
  { value: "custom", label: "Custom", description: "Pick read or write per resource." },
] as const;
type Access = (typeof ACCESS)[number]["value"];

const PRESET_SCOPES: Record<Exclude<Access, "custom">, readonly string[]> = {
  full: API_SCOPES,
  read: API_SCOPES.filter((scope) => scope.endsWith(":read")),
};

// The picker's value for "no limit": not a possible application id or uid (both are [a-zA-Z0-9._-]), and never
// submitted: the form carries `application` only when one is picked.
const WHOLE_WORKSPACE = "*";

/**
 * The key's scopes: a preset, or one checkbox per resource and level. A preset submits its scopes as hidden fields.
 * A key limited to one application holds only that application's scopes (no sources, audit log or catalog writes),
 * so presets and checkboxes offer just those then.
 */
function ScopeFields({ error, limited }: { error?: string[]; limited: boolean }) {
  const [access, setAccess] = useState<Access>("read");
  const allowed = (scope: string) => !limited || (APPLICATION_KEY_SCOPES as readonly string[]).includes(scope);
  return (
    <fieldset className="space-y-2">
      <legend className="text-sm font-medium">Access</legend>
      <div className="grid gap-2 sm:grid-cols-3">
        {ACCESS.map((option) => (
          <label key={option.value} className="flex cursor-pointer gap-2 rounded-md border p-3 text-sm has-[:checked]:border-primary has-[:checked]:bg-accent">
            <input type="radio" name="access" value={option.value} checked={access === option.value} onChange={() => setAccess(option.value)} className="mt-0.5 accent-primary" />
            <span className="space-y-1">
              <span className="block font-medium">{option.label}</span>
              <span className="block text-xs text-muted-foreground">{option.description}</span>
            </span>
          </label>
        ))}
      </div>
      {access === "custom" ? (
        <div className="grid grid-cols-[1fr_auto_auto] items-center gap-x-6 gap-y-2 rounded-md border p-3 text-sm">
          {API_RESOURCES.filter((resource) => allowed(`${resource}:read`)).map((resource) => (
            <div key={resource} className="contents">
              <span className="capitalize">{resource.replace("_", " ")}</span>
              {(["read", "write"] as const).map((level) =>
                allowed(`${resource}:${level}`) ? (
                  <Label key={level} className="flex items-center gap-2 font-normal">
                    <Checkbox name="scopes[]" value={`${resource}:${level}`} defaultChecked={level === "read"} aria-label={`${resource}:${level}`} />
                    {level}
                  </Label>
                ) : (
                  <span key={level} className="text-xs text-muted-foreground">workspace only</span>
                ),
              )}
            </div>
          ))}
        </div>
      ) : (
        PRESET_SCOPES[access].filter(allowed).map((scope) => <input key={scope} type="hidden" name="scopes[]" value={scope} />)
      )}
      {error ? <p className="text-sm text-destructive">{error}</p> : null}
    </fieldset>
  );
}

/** Whether the key acts for the whole workspace or for one application (one of the workspace's customers) only. */
function ApplicationField({ error, applications, value, onChange }: { error?: string[]; applications: { value: string; label: string }[]; value: string; onChange: (value: string) => void }) {
  return (
    <FormField
      label="Limit to application"
      htmlFor="key-application"
      description="Optional. A limited key sees and changes only that application's endpoints, messages and attempts; everything else answers 404."
      error={error}
    >
      {value === WHOLE_WORKSPACE ? null : <input type="hidden" name="application" value={value} />}
      <Select value={value} onValueChange={onChange}>
        <SelectTrigger id="key-application" className="w-full" data-testid="key-application-select"><SelectValue /></SelectTrigger>
        <SelectContent>
          <SelectItem value={WHOLE_WORKSPACE}>Whole workspace</SelectItem>
          {applications.map((a) => <SelectItem key={a.value} value={a.value} className="max-w-[80vw] truncate" title={a.label}>{a.label}</SelectItem>)}
        </SelectContent>
      </Select>
    </FormField>
  );
}

export function CreateKeyDialog({ workspace, applications }: { workspace: string; applications: { value: string; label: string }[] }) {
  const [application, setApplication] = useState(WHOLE_WORKSPACE);
  return (
    <FormDialog
      trigger={
        <Button>
          <Plus aria-hidden /> Create key
        </Button>
      }
      className="sm:max-w-xl"
    >
      {(close) => (
        <ActionForm action={createKeyAction} workspace={workspace} resetOnSuccess={false} className="space-y-4">
          {(state, pending) =>
            state?.ok && state.data ? (
              <>
                <DialogHeader>
                  <DialogTitle>Key “{state.data.name}” created</DialogTitle>
                </DialogHeader>
                <SecretReveal value={state.data.key} testId="new-key" copyLabel="Copy key" shownOnce={{ noun: "key" }} />
                <DialogFooter>
                  <Button type="button" onClick={() => close()}>Done</Button>
                </DialogFooter>
              </>
            ) : (
              <>
                <DialogHeader>
                  <DialogTitle>Create an API key</DialogTitle>
                  <DialogDescription>Programs send it as <code>Authorization: Bearer …</code> to /api/v1.</DialogDescription>
                </DialogHeader>
                <div className="grid gap-4 sm:grid-cols-2">
                  <FormField label="Name" htmlFor="key-name" error={fieldError(state, "name")} className="sm:col-span-2">
                    <Input id="key-name" name="name" placeholder="Production backend" />
                  </FormField>
                  <FormField label="Environment" htmlFor="key-env">
                    <Select name="environment" defaultValue="live">
                      <SelectTrigger id="key-env" className="w-full"><SelectValue /></SelectTrigger>
                      <SelectContent>
                        <SelectItem value="live">Live (sb_live_)</SelectItem>
                        <SelectItem value="test">Test (sb_test_)</SelectItem>
                      </SelectContent>
                    </Select>
                  </FormField>
                  <FormField label="Expires" htmlFor="key-expiry" error={fieldError(state, "expiresInDays")}>
                    <Select name="expiresInDays" defaultValue="none">
                      <SelectTrigger id="key-expiry" className="w-full"><SelectValue /></SelectTrigger>
                      <SelectContent>
                        {EXPIRY.map(([value, label]) => <SelectItem key={value} value={value}>{label}</SelectItem>)}
                      </SelectContent>
                    </Select>
                  </FormField>
                </div>
                <ApplicationField error={fieldError(state, "application")} applications={applications} value={application} onChange={setApplication} />
                <ScopeFields error={fieldError(state, "scopes")} limited={application !== WHOLE_WORKSPACE} />
                <FormField label="IP allowlist" htmlFor="key-ips" description="Optional. IPv4 or IPv6 addresses or CIDR ranges, one per line." error={fieldError(state, "ipAllowlist")}>
                  <Textarea id="key-ips" name="ipAllowlist" rows={2} placeholder={"203.0.113.0/24\n2001:db8::/32"} />
                </FormField>
                <div className="grid gap-4 sm:grid-cols-2">
                  <FormField label="Scheduled rotation" htmlFor="key-rotation" error={fieldError(state, "rotationPolicyDays")}>
                    <Select name="rotationPolicyDays" defaultValue="none">
                      <SelectTrigger id="key-rotation" className="w-full"><SelectValue /></SelectTrigger>
                      <SelectContent>
                        {ROTATION.map(([value, label]) => <SelectItem key={value} value={value}>{label}</SelectItem>)}
                      </SelectContent>
                    </Select>
                  </FormField>
                  <FormField label="Rotation overlap (hours)" htmlFor="key-overlap" error={fieldError(state, "rotationOverlapHours")}>
                    <Input id="key-overlap" name="rotationOverlapHours" type="number" min={1} max={720} defaultValue={24} />
                  </FormField>
                </div>
                <DialogFooter>
                  <Button type="submit" disabled={pending}>{pending ? "Creating…" : "Create key"}</Button>
                </DialogFooter>
              </>
            )
          }
        </ActionForm>
      )}
    </FormDialog>
  );
}
