"use client";

import { Plus } from "lucide-react";
import { ActionForm, fieldError } from "@/components/action-form";
import { errorsUnder } from "@/components/outbound/field-errors";
import { useDraft } from "@/components/outbound/use-draft";
import { CodeEditor } from "@/components/ui/code-editor";
import { Button } from "@/components/ui/button";
import { DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { FormField } from "@/components/ui/form";
import { Input } from "@/components/ui/input";
import type { ActionState } from "@/lib/api/actions";
import { createEventTypeAction } from "../actions";
import { FormDialog } from "@/components/form-dialog";

const SCHEMA_EXAMPLE = `{
  "type": "object",
  "required": ["id", "amount"],
  "properties": {
    "id": { "type": "string" },
    "amount": { "type": "integer", "minimum": 0 }
  }
}`;

function Fields({ state }: { state: ActionState<unknown> }) {
  const draft = useDraft({ name: "", description: "", featureGroup: "", schema: "", samplePayload: "" });
  return (
    <div className="grid gap-4 sm:grid-cols-2">
      <FormField label="Name" htmlFor="type-name" error={fieldError(state, "name")} description="Dotted, such as invoice.paid.">
        <Input {...draft.field("name")} placeholder="invoice.paid" className="font-mono" autoComplete="off" />
      </FormField>
      <FormField label="Feature group" htmlFor="type-group" error={fieldError(state, "featureGroup")} description="Optional. Groups types in the catalog.">
        <Input {...draft.field("featureGroup")} placeholder="Billing" />
      </FormField>
      <FormField label="Description" htmlFor="type-description" error={fieldError(state, "description")} className="sm:col-span-2">
        <Input {...draft.field("description")} placeholder="An invoice was paid in full." />
      </FormField>
      <FormField label="JSON Schema" htmlFor="type-schema" error={errorsUnder(state, "schema")} className="sm:col-span-2" description="Payloads are validated against it on send. Leave empty to accept any JSON.">
        <CodeEditor {...draft.field("schema")} aria-label="JSON Schema" rows={8} placeholder={SCHEMA_EXAMPLE} />
      </FormField>
      <FormField label="Sample payload" htmlFor="type-sample" error={errorsUnder(state, "samplePayload")} className="sm:col-span-2" description="Optional. Used by test sends; it must match the schema.">
        <CodeEditor {...draft.field("samplePayload")} aria-label="Sample payload" rows={3} placeholder='{"id": "inv_123", "amount": 4200}' />
      </FormField>
    </div>
  );
}

/** "Create event type": version 1 with its schema; on success the action opens the new type's page. */
export function CreateEventTypeDialog({ workspace }: { workspace: string }) {
  return (
    <FormDialog
      trigger={
        <Button><Plus aria-hidden /> Create event type</Button>
      }
      className="sm:max-w-2xl"
    >
      {() => (
        <ActionForm action={createEventTypeAction} workspace={workspace} resetOnSuccess={false} className="space-y-5">
          {(state, pending) => (
            <>
              <DialogHeader>
                <DialogTitle>Create an event type</DialogTitle>
                <DialogDescription>Messages name their type; endpoints subscribe to types. A schema change later becomes a new version.</DialogDescription>
              </DialogHeader>
              <Fields state={state} />
              <DialogFooter>
                <Button type="submit" disabled={pending}>{pending ? "Creating…" : "Create event type"}</Button>
              </DialogFooter>
            </>
          )}
        </ActionForm>
      )}
    </FormDialog>
  );
}
