"use client";

import { ActionForm, fieldError } from "@/components/action-form";
import { Button } from "@/components/ui/button";
import { FormField } from "@/components/ui/form";
import { Input } from "@/components/ui/input";
import { renameWorkspaceAction } from "../actions";

export function RenameForm({ workspace, name, disabled }: { workspace: string; name: string; disabled: boolean }) {
  return (
    <ActionForm action={renameWorkspaceAction} workspace={workspace} resetOnSuccess={false} className="flex items-end gap-2">
      {(state, pending) => (
        <>
          <FormField label="Workspace name" htmlFor="name" error={fieldError(state, "name")} className="flex-1">
            <Input id="name" name="name" defaultValue={name} disabled={disabled} />
          </FormField>
          <Button type="submit" disabled={disabled || pending}>Save</Button>
        </>
      )}
    </ActionForm>
  );
}
