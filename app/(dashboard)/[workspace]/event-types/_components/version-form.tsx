"use client";

import { ActionForm } from "@/components/action-form";
import { errorsUnder } from "@/components/outbound/field-errors";
import { useDraft } from "@/components/outbound/use-draft";
import { Button } from "@/components/ui/button";
import { FormField } from "@/components/ui/form";
import { Textarea } from "@/components/ui/textarea";
import type { ActionState } from "@/lib/actions";
import { addVersionAction } from "../actions";

function Fields({ state, schema, sample }: { state: ActionState<unknown>; schema: string; sample: string }) {
  const draft = useDraft({ schema, samplePayload: sample });
  return (
    <div className="grid gap-4 lg:grid-cols-2">
      <FormField label="JSON Schema" htmlFor="version-schema" error={errorsUnder(state, "schema")} description="Empty accepts any JSON.">
        <Textarea {...draft.field("schema")} rows={12} className="font-mono text-xs" spellCheck={false} />
      </FormField>
      <FormField label="Sample payload" htmlFor="version-sample" error={errorsUnder(state, "samplePayload")} description="Must match the schema.">
        <Textarea {...draft.field("samplePayload")} rows={12} className="font-mono text-xs" spellCheck={false} />
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
