"use client";

import { Plus } from "lucide-react";
import { useState } from "react";
import { ActionForm } from "@/components/action-form";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { createEndpointAction } from "../actions";
import { EndpointFields, type CatalogEntry } from "./endpoint-fields";

/** "Add endpoint": on success the action redirects to the new endpoint's page, where its signing secret is. */
export function AddEndpointDialog({ workspace, catalog }: { workspace: string; catalog: CatalogEntry[] }) {
  const [open, setOpen] = useState(false);
  const [formKey, setFormKey] = useState(0);
  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        // Reopening starts from a blank form rather than the last attempt's leftovers.
        if (!next) setFormKey((k) => k + 1);
      }}
    >
      <DialogTrigger asChild>
        <Button>
          <Plus aria-hidden /> Add endpoint
        </Button>
      </DialogTrigger>
      <DialogContent className="sm:max-w-2xl">
        <ActionForm key={formKey} action={createEndpointAction} workspace={workspace} resetOnSuccess={false} className="space-y-5">
          {(state, pending) => (
            <>
              <DialogHeader>
                <DialogTitle>Add an endpoint</DialogTitle>
                <DialogDescription>Switchboard signs every delivery with the endpoint&apos;s secret and retries failed deliveries for about 28 hours before giving up.</DialogDescription>
              </DialogHeader>
              <EndpointFields state={state} catalog={catalog} workspace={workspace} />
              <DialogFooter>
                <Button type="submit" disabled={pending}>{pending ? "Adding…" : "Add endpoint"}</Button>
              </DialogFooter>
            </>
          )}
        </ActionForm>
      </DialogContent>
    </Dialog>
  );
}
