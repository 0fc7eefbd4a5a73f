"use client";

import { Trash2 } from "lucide-react";
import { ActionForm } from "@/components/action-form";
import { Button } from "@/components/ui/button";
import { Dialog, DialogClose, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { deleteEndpointAction } from "../actions";

/** Delete, behind a confirmation; the action redirects to the endpoints list. */
export function DeleteEndpointDialog({ workspace, id, url }: { workspace: string; id: string; url: string }) {
  return (
    <Dialog>
      <DialogTrigger asChild>
        <Button variant="outline" className="text-destructive hover:text-destructive"><Trash2 aria-hidden /> Delete…</Button>
      </DialogTrigger>
      <DialogContent>
        <ActionForm action={deleteEndpointAction} workspace={workspace} className="space-y-4">
          {(_state, pending) => (
            <>
              <DialogHeader>
                <DialogTitle>Delete this endpoint?</DialogTitle>
                <DialogDescription>
                  <span className="font-mono break-all">{url}</span> stops receiving messages at once. Its secrets, queued deliveries and attempt history are deleted too. This cannot be undone.
                </DialogDescription>
              </DialogHeader>
              <input type="hidden" name="id" value={id} />
              <DialogFooter>
                <DialogClose asChild><Button type="button" variant="outline">Cancel</Button></DialogClose>
                <Button type="submit" variant="destructive" disabled={pending}>{pending ? "Deleting…" : "Delete endpoint"}</Button>
              </DialogFooter>
            </>
          )}
        </ActionForm>
      </DialogContent>
    </Dialog>
  );
}
