"use client";

import { ActionForm, fieldError } from "@/components/action-form";
import { errorsUnder } from "@/components/outbound/field-errors";
import { CopyButton } from "@/components/outbound/copy-button";
import { Button } from "@/components/ui/button";
import { FormField } from "@/components/ui/form";
import { Input } from "@/components/ui/input";
import { Textarea } from "@/components/ui/textarea";
import { updatePortalSettingsAction } from "../actions";

export interface PortalSettingsValues {
  displayName: string | null;
  logoUrl: string | null;
  accentColor: string | null;
  accentColorDark: string | null;
  frameOrigins: string[];
}

function embedSnippet(appUrl: string) {
  return `<!-- Ask your backend for a link: POST ${appUrl}/api/v1/applications/{id}/portal-access -->
<iframe src="{url from the response}" style="width:100%;height:800px;border:0" title="Webhooks"></iframe>`;
}

export function PortalForm({ workspace, values, appUrl, disabled }: { workspace: string; values: PortalSettingsValues; appUrl: string; disabled: boolean }) {
  const snippet = embedSnippet(appUrl);
  return (
    <div className="space-y-6">
      <ActionForm action={updatePortalSettingsAction} workspace={workspace} resetOnSuccess={false} className="grid gap-4 sm:grid-cols-2">
        {(state, pending) => (
          <>
            <FormField label="Display name" htmlFor="portal-name" error={fieldError(state, "displayName")} description="Shown to your customers instead of the workspace name.">
              <Input id="portal-name" name="displayName" defaultValue={values.displayName ?? ""} disabled={disabled} />
            </FormField>
            <FormField label="Logo URL" htmlFor="portal-logo" error={fieldError(state, "logoUrl")}>
              <Input id="portal-logo" name="logoUrl" placeholder="https://example.com/logo.svg" defaultValue={values.logoUrl ?? ""} disabled={disabled} />
            </FormField>
            <FormField label="Accent colour (light)" htmlFor="portal-accent" error={fieldError(state, "accentColor")}>
              <Input id="portal-accent" name="accentColor" placeholder="#4f46e5" defaultValue={values.accentColor ?? ""} disabled={disabled} />
            </FormField>
            <FormField label="Accent colour (dark)" htmlFor="portal-accent-dark" error={fieldError(state, "accentColorDark")} description="Defaults to the light one.">
              <Input id="portal-accent-dark" name="accentColorDark" placeholder="#818cf8" defaultValue={values.accentColorDark ?? ""} disabled={disabled} />
            </FormField>
            <FormField label="Origins that may embed the portal" htmlFor="portal-origins" error={errorsUnder(state, "frameOrigins")} description="One a line, such as https://app.example.com. Any other site is refused by the browser." className="sm:col-span-2">
              <Textarea id="portal-origins" name="frameOrigins" rows={3} className="font-mono text-xs" defaultValue={values.frameOrigins.join("\n")} disabled={disabled} />
            </FormField>
            <div className="sm:col-span-2"><Button type="submit" disabled={disabled || pending}>Save portal settings</Button></div>
          </>
        )}
      </ActionForm>
      <div className="space-y-2">
        <p className="text-sm font-medium">Embed snippet</p>
        <div className="relative">
          <div className="absolute top-2 right-2"><CopyButton value={snippet} label="Copy embed snippet" /></div>
          <pre data-testid="portal-embed-snippet" className="overflow-x-auto rounded-md border bg-muted/50 p-4 pr-14 font-mono text-xs">{snippet}</pre>
        </div>
        <p className="text-xs text-muted-foreground">Each link opens once and lasts as long as you asked (1 hour to 7 days); ask for a fresh link every time the page with the iframe loads.</p>
      </div>
    </div>
  );
}
