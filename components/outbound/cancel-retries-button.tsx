"use client";

import { Ban } from "lucide-react";
import { ActionForm } from "@/components/action-form";
import { CloseOnSuccess, FormDialog } from "@/components/form-dialog";
import { Button } from "@/components/ui/button";
import { DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import type { ActionState } from "@/lib/api/actions";

/**
 * "Cancel pending retries" of a message or an endpoint, behind a confirmation: the page's server action (which
 * names the one `field`, the message's or the endpoint's id) cancels the scheduled attempts and its toast says how
 * many. `description` says what is affected.
 */
export function CancelRetriesButton({
  workspace,
  action,
  field,
  id,
  description,
  size = "default",
}: {
  workspace: string;
  action: (state: ActionState<{ count: number }>, formData: FormData) => Promise<ActionState<{ count: number }>>;
  field: string;
  id: string;
  description: React.ReactNode;
  size?: "sm" | "default";
}) {
  return (
    <FormDialog trigger={<Button variant="outline" size={size} className="text-destructive hover:text-destructive"><Ban aria-hidden /> Cancel pending retries…</Button>}>
      {(close) => (
        <ActionForm action={action} workspace={workspace} className="space-y-4">
          {(state, pending) => (
            <>
              <CloseOnSuccess ok={Boolean(state?.ok)} close={close} />
              <DialogHeader>
                <DialogTitle>Cancel pending retries?</DialogTitle>
                <DialogDescription>{description} An attempt already under way finishes; a cancelled delivery can still be replayed.</DialogDescription>
              </DialogHeader>
              <input type="hidden" name={field} value={id} />
              <DialogFooter>
                <Button type="button" variant="outline" onClick={close}>Keep retrying</Button>
                <Button type="submit" variant="destructive" disabled={pending}>{pending ? "Cancelling…" : "Cancel retries"}</Button>
              </DialogFooter>
            </>
          )}
        </ActionForm>
      )}
    </FormDialog>
  );
}
