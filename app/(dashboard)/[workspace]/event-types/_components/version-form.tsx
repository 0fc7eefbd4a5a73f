"use client";

import { ActionForm } from "@/components/action-form";
import { errorsUnder } from "@/components/outbound/field-errors";
import { useDraft } from "@/components/outbound/use-draft";
import { CodeEditor } from "@/components/ui/code-editor";
import { Button } from "@/components/ui/button";
import { FormField } from "@/components/ui/form";
import type { ActionState } from "@/lib/api/actions";
import { addVersionAction } from "../actions";

function Fields({ state, schema, sample }: { state: ActionState<unknown>; schema: string; sample: string }) {
  const draft = useDraft({ schema, samplePayload: sample });
  return (
    <div className="grid gap-4 lg:grid-cols-2">
      <FormField label="JSON Schema" htmlFor="version-schema" error={errorsUnder(state, "schema")} description="Empty accepts any JSON.">
        <CodeEditor {...draft.field("schema")} aria-label="JSON Schema" rows={12} />
      </FormField>
      <FormField label="Sample payload" htmlFor="version-sample" error={errorsUnder(state, "samplePayload")} description="Must match the schema.">
        <CodeEditor {...draft.field("samplePayload")} aria-label="Sample payload" rows={12} />
      </FormField>
    </div>
  );
}

/**
 * Adds the next version, starting from the latest one's schema and sample. Versions are immutable; messages name the
 * version they follow and endpoints can pin one.
 */
export function VersionForm({ workspace, eventTypeId, schema, sample }: { workspace: string; eventTypeId: string; schema: string; sample: string }) {
  return (
    <ActionForm action={addVersionAction} workspace={workspace} resetOnSuccess={false} className="space-y-4">
      {(state, pending) => (
        <>
          <input type="hidden" name="eventTypeId" value={eventTypeId} />
          <Fields state={state} schema={schema} sample={sample} />
          <Button type="submit" disabled={pending}>{pending ? "Adding…" : "Add version"}</Button>
        </>
      )}
    </ActionForm>
  );
}
