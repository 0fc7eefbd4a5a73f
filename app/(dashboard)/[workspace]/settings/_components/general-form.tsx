"use client";

import { ActionForm, fieldError } from "@/components/action-form";
import { Button } from "@/components/ui/button";
import { FormField } from "@/components/ui/form";
import { Input } from "@/components/ui/input";
import { updateWorkspaceAction } from "../actions";

export function GeneralForm({ workspace, name, apiRateLimitPerMinute, disabled }: { workspace: string; name: string; apiRateLimitPerMinute: number; disabled: boolean }) {
  return (
    <ActionForm action={updateWorkspaceAction} workspace={workspace} resetOnSuccess={false} className="grid gap-4 sm:grid-cols-[2fr_1fr_auto] sm:items-start">
      {(state, pending) => (
        <>
          <FormField label="Workspace name" htmlFor="name" error={fieldError(state, "name")}>
            <Input id="name" name="name" defaultValue={name} disabled={disabled} />
          </FormField>
          <FormField label="API requests per key per minute" htmlFor="rate" error={fieldError(state, "apiRateLimitPerMinute")}>
            <Input id="rate" name="apiRateLimitPerMinute" type="number" min={1} defaultValue={apiRateLimitPerMinute} disabled={disabled} />
          </FormField>
          <Button type="submit" className="sm:mt-6" disabled={disabled || pending}>Save</Button>
        </>
      )}
    </ActionForm>
  );
}
