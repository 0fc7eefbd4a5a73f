"use client";

import { ActionForm, fieldError } from "@/components/action-form";
import { Button } from "@/components/ui/button";
import { FormField } from "@/components/ui/form";
import { Input } from "@/components/ui/input";
import { updateRetentionAction } from "../actions";

/** The workspace's retention windows (lib/retention): owners and admins change them, everyone else sees them. */
export function RetentionForm({ workspace, payloadRetentionDays, metadataRetentionDays, disabled }: { workspace: string; payloadRetentionDays: number; metadataRetentionDays: number; disabled: boolean }) {
  return (
    <ActionForm action={updateRetentionAction} workspace={workspace} resetOnSuccess={false} className="grid gap-4 sm:grid-cols-[1fr_1fr_auto] sm:items-start">
      {(state, pending) => (
        <>
          <FormField label="Keep payloads and bodies (days)" htmlFor="payloadRetentionDays" error={fieldError(state, "payloadRetentionDays")}
            description="Message payloads, attempt response bodies and inbound request bodies are purged after this.">
            <Input id="payloadRetentionDays" name="payloadRetentionDays" type="number" min={1} max={3650} defaultValue={payloadRetentionDays} disabled={disabled} />
          </FormField>
          <FormField label="Keep metadata (days)" htmlFor="metadataRetentionDays" error={fieldError(state, "metadataRetentionDays")}
            description="Messages, attempts, inbound requests, events and chart data are deleted after this. The audit log is kept.">
            <Input id="metadataRetentionDays" name="metadataRetentionDays" type="number" min={1} max={3650} defaultValue={metadataRetentionDays} disabled={disabled} />
          </FormField>
          <Button type="submit" className="sm:mt-6" disabled={disabled || pending}>Save</Button>
        </>
      )}
    </ActionForm>
  );
}
