"use client";

import { Pencil, Plus } from "lucide-react";
import { ActionForm, fieldError } from "@/components/action-form";
import { ConfirmDeleteDialog } from "@/components/confirm-delete-dialog";
import { CloseOnSuccess, FormDialog } from "@/components/form-dialog";
import { errorsUnder } from "@/components/outbound/field-errors";
import { useDraft } from "@/components/outbound/use-draft";
import { Button } from "@/components/ui/button";
import { CodeEditor } from "@/components/ui/code-editor";
import { DialogClose, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { FormField } from "@/components/ui/form";
import { Input } from "@/components/ui/input";
import type { ActionState } from "@/lib/api/actions";
import { createApplicationAction, deleteApplicationAction, updateApplicationAction } from "../actions";

type Initial = { name: string; uid: string | null; metadata: Record<string, string> };

function ApplicationFields({ state, initial }: { state: ActionState<unknown>; initial?: Initial }) {
  const draft = useDraft({
    name: initial?.name ?? "",
    uid: initial?.uid ?? "",
    metadata: initial && Object.keys(initial.metadata).length ? JSON.stringify(initial.metadata, null, 2) : "",
  });
  return (
    <div className="grid gap-4 sm:grid-cols-2">
      <FormField label="Name" htmlFor="app-name" error={fieldError(state, "name")} description="Your customer, as you call them.">
        <Input {...draft.field("name")} placeholder="Acme Corp" autoComplete="off" />
      </FormField>
      <FormField label="UID" htmlFor="app-uid" error={fieldError(state, "uid")} description="Optional. Their id in your system; the API accepts it wherever an application id goes.">
        <Input {...draft.field("uid")} placeholder="cus_4242" className="font-mono" autoComplete="off" />
      </FormField>
      <FormField label="Metadata" htmlFor="app-metadata" error={errorsUnder(state, "metadata")} className="sm:col-span-2" description="Optional. A JSON object of strings for your own use, such as a plan; never interpreted.">
        <CodeEditor {...draft.field("metadata")} aria-label="Metadata" rows={3} placeholder='{"plan": "pro"}' />
      </FormField>
    </div>
  );
}

/** "New application": on success the action opens the new application's page. */
export function NewApplicationDialog({ workspace }: { workspace: string }) {
  return (
    <FormDialog trigger={<Button><Plus aria-hidden /> New application</Button>} className="sm:max-w-xl">
      {() => (
        <ActionForm action={createApplicationAction} workspace={workspace} resetOnSuccess={false} className="space-y-5">
          {(state, pending) => (
            <>
              <DialogHeader>
                <DialogTitle>New application</DialogTitle>
                <DialogDescription>One of your customers. Its endpoints receive the messages you send to it, and its portal lets it manage them itself.</DialogDescription>
              </DialogHeader>
              <ApplicationFields state={state} />
              <DialogFooter>
                <Button type="submit" disabled={pending}>{pending ? "Creating…" : "Create application"}</Button>
              </DialogFooter>
            </>
          )}
        </ActionForm>
      )}
    </FormDialog>
  );
}

export function EditApplicationDialog({ workspace, id, initial }: { workspace: string; id: string; initial: Initial }) {
  return (
    <FormDialog trigger={<Button variant="outline"><Pencil aria-hidden /> Edit</Button>} className="sm:max-w-xl">
      {(close) => (
        <ActionForm action={updateApplicationAction} workspace={workspace} resetOnSuccess={false} className="space-y-5">
          {(state, pending) => (
            <>
              <CloseOnSuccess ok={Boolean(state?.ok)} close={close} />
              <DialogHeader>
                <DialogTitle>Edit application</DialogTitle>
                <DialogDescription>Changing the uid changes how your code names this application in API calls.</DialogDescription>
              </DialogHeader>
              <input type="hidden" name="id" value={id} />
              <ApplicationFields state={state} initial={initial} />
              <DialogFooter>
                <DialogClose asChild><Button type="button" variant="outline">Cancel</Button></DialogClose>
                <Button type="submit" disabled={pending}>{pending ? "Saving…" : "Save"}</Button>
              </DialogFooter>
            </>
          )}
        </ActionForm>
      )}
    </FormDialog>
  );
}

/** Delete, behind a confirmation that says what goes with it; the action redirects to the list. */
export function DeleteApplicationDialog({ workspace, id, name, endpoints }: { workspace: string; id: string; name: string; endpoints: number }) {
  const withIt =
    endpoints === 0
      ? "It has no endpoints."
      : endpoints === 1
        ? "Its endpoint is deleted with it, with the endpoint's secrets and attempt history, and every delivery still pending to it is cancelled."
        : `Its ${endpoints} endpoints are deleted with it, with their secrets and attempt history, and every delivery still pending to them is cancelled.`;
  return (
    <ConfirmDeleteDialog
      action={deleteApplicationAction}
      workspace={workspace}
      id={id}
      title={`Delete ${name}?`}
      description={`${withIt} Messages sent to this application are deleted too. This cannot be undone.`}
      confirmLabel="Delete application"
    />
  );
}
