"use client";

import { Trash2 } from "lucide-react";
import { ActionForm } from "@/components/action-form";
import { FormDialog } from "@/components/form-dialog";
import { Button } from "@/components/ui/button";
import { DialogClose, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { deleteAlertRuleAction } from "../actions";

/** Delete, behind a confirmation. The rule's alerts stay in the history. */
export function DeleteRuleDialog({ workspace, id, name }: { workspace: string; id: string; name: string }) {
  return (
    <FormDialog trigger={<Button variant="outline" size="sm" className="text-destructive hover:text-destructive" aria-label={`Delete ${name}`}><Trash2 aria-hidden /> Delete</Button>}>
      {() => (
        <ActionForm action={deleteAlertRuleAction} workspace={workspace} className="space-y-4">
          {(_state, pending) => (
            <>
              <DialogHeader>
                <DialogTitle>Delete {name}?</DialogTitle>
                <DialogDescription>It stops alerting at once; an alert it has firing is closed without a resolved message. Its alerts stay in the history below.</DialogDescription>
              </DialogHeader>
              <input type="hidden" name="id" value={id} />
              <DialogFooter>
                <DialogClose asChild><Button type="button" variant="outline">Cancel</Button></DialogClose>
                <Button type="submit" variant="destructive" disabled={pending}>{pending ? "Deleting…" : "Delete rule"}</Button>
              </DialogFooter>
            </>
          )}
        </ActionForm>
      )}
    </FormDialog>
  );
}
