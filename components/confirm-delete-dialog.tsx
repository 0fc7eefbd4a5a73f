"use client";

import { Trash2 } from "lucide-react";
import { ActionForm } from "@/components/action-form";
import { FormDialog } from "@/components/form-dialog";
import { Button } from "@/components/ui/button";
import { DialogClose, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import type { ActionState } from "@/lib/api/actions";

/**
 * Delete, behind a confirmation: a "Delete…" button opening a dialog that says what goes with the record, and a
 * form posting its id to `action` (which redirects or revalidates). Every dashboard delete uses it, so they all look,
 * read and behave alike.
 */
export function ConfirmDeleteDialog<T>({ action, workspace, id, title, description, confirmLabel, inRow }: {
  action: (state: ActionState<T>, formData: FormData) => Promise<ActionState<T>>;
  workspace: string;
  id: string;
  title: string;
  /** What is deleted with it, and that it cannot be undone. */
  description: React.ReactNode;
  /** The confirming button, e.g. "Delete endpoint". */
  confirmLabel: string;
  /** In a table row: a small "Delete" button named for the record (`aria-label`), as rows have several. */
  inRow?: { name: string };
}) {
  const trigger = inRow ? (
    <Button variant="outline" size="sm" className="text-destructive hover:text-destructive" aria-label={`Delete ${inRow.name}`}><Trash2 aria-hidden /> Delete</Button>
  ) : (
    <Button variant="outline" className="text-destructive hover:text-destructive"><Trash2 aria-hidden /> Delete…</Button>
  );
  return (
    <FormDialog trigger={trigger}>
      {() => (
        <ActionForm action={action} workspace={workspace} className="space-y-4">
          {(_state, pending) => (
            <>
              <DialogHeader>
                <DialogTitle>{title}</DialogTitle>
                <DialogDescription>{description}</DialogDescription>
              </DialogHeader>
              <input type="hidden" name="id" value={id} />
              <DialogFooter>
                <DialogClose asChild><Button type="button" variant="outline">Cancel</Button></DialogClose>
                <Button type="submit" variant="destructive" disabled={pending}>{pending ? "Deleting…" : confirmLabel}</Button>
              </DialogFooter>
            </>
          )}
        </ActionForm>
      )}
    </FormDialog>
  );
}
