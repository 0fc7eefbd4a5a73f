"use client";

import { Archive, ArchiveRestore, CircleSlash, Undo2 } from "lucide-react";
import { ActionForm, fieldError } from "@/components/action-form";
import { useDraft } from "@/components/outbound/use-draft";
import { Button } from "@/components/ui/button";
import { FormField } from "@/components/ui/form";
import { Input } from "@/components/ui/input";
import type { ActionState } from "@/lib/api/actions";
import { setEventTypeFlagAction, updateEventTypeAction } from "../actions";

function FlagButton({ workspace, id, flag, value, children }: { workspace: string; id: string; flag: "deprecated" | "archived"; value: boolean; children: React.ReactNode }) {
  return (
    <ActionForm action={setEventTypeFlagAction} workspace={workspace}>
      {(_state, pending) => (
        <>
          <input type="hidden" name="id" value={id} />
          <input type="hidden" name="flag" value={flag} />
          <input type="hidden" name="value" value={String(value)} />
          <Button type="submit" variant="outline" disabled={pending}>{children}</Button>
        </>
      )}
    </ActionForm>
  );
}

/** Deprecate (still accepted, flagged in the catalog) and archive (refused on send, hidden from the catalog). */
export function TypeFlagControls({ workspace, id, deprecated, archived }: { workspace: string; id: string; deprecated: boolean; archived: boolean }) {
  return (
    <div className="flex flex-wrap gap-2">
      {deprecated ? (
        <FlagButton workspace={workspace} id={id} flag="deprecated" value={false}><Undo2 aria-hidden /> Undeprecate</FlagButton>
      ) : (
        <FlagButton workspace={workspace} id={id} flag="deprecated" value={true}><CircleSlash aria-hidden /> Deprecate</FlagButton>
      )}
      {archived ? (
        <FlagButton workspace={workspace} id={id} flag="archived" value={false}><ArchiveRestore aria-hidden /> Unarchive</FlagButton>
      ) : (
        <FlagButton workspace={workspace} id={id} flag="archived" value={true}><Archive aria-hidden /> Archive</FlagButton>
      )}
    </div>
  );
}

function DetailFields({ state, description, featureGroup }: { state: ActionState<unknown>; description: string; featureGroup: string }) {
  const draft = useDraft({ description, featureGroup });
  return (
    <div className="grid gap-4 sm:grid-cols-[2fr_1fr]">
      <FormField label="Description" htmlFor="detail-description" error={fieldError(state, "description")}>
        <Input {...draft.field("description")} />
      </FormField>
      <FormField label="Feature group" htmlFor="detail-group" error={fieldError(state, "featureGroup")}>
        <Input {...draft.field("featureGroup")} placeholder="None" />
      </FormField>
    </div>
  );
}

export function TypeDetailsForm({ workspace, id, description, featureGroup }: { workspace: string; id: string; description: string; featureGroup: string | null }) {
  return (
    <ActionForm action={updateEventTypeAction} workspace={workspace} resetOnSuccess={false} className="space-y-4">
      {(state, pending) => (
        <>
          <input type="hidden" name="id" value={id} />
          <DetailFields state={state} description={description} featureGroup={featureGroup ?? ""} />
          <Button type="submit" variant="outline" disabled={pending}>Save</Button>
        </>
      )}
    </ActionForm>
  );
}
