"use client";

import { ActionForm, fieldError } from "@/components/action-form";
import { Button } from "@/components/ui/button";
import { FormField } from "@/components/ui/form";
import { Input } from "@/components/ui/input";
import { createWorkspaceAction } from "../actions";

export function CreateWorkspaceForm() {
  return (
    <ActionForm action={createWorkspaceAction} className="space-y-4">
      {(state, pending) => (
        <>
          <FormField label="Name" htmlFor="ws-name" error={fieldError(state, "name")}>
            <Input id="ws-name" name="name" placeholder="Acme production" autoFocus />
          </FormField>
          <Button type="submit" disabled={pending}>{pending ? "Creating…" : "Create workspace"}</Button>
        </>
      )}
    </ActionForm>
  );
}
