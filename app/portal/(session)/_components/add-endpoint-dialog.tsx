"use client";

import { Plus } from "lucide-react";
import { ActionForm } from "@/components/action-form";
import { FormDialog } from "@/components/form-dialog";
import { EndpointFields, type CatalogEntry } from "@/components/outbound/endpoint-fields";
import { Button } from "@/components/ui/button";
import { DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { createPortalEndpointAction } from "../../actions";

export function AddEndpointDialog({ catalog }: { catalog: CatalogEntry[] }) {
  return (
    <FormDialog trigger={<Button><Plus aria-hidden /> Add endpoint</Button>} className="max-h-[90vh] overflow-y-auto sm:max-w-2xl">
      {() => (
        <ActionForm action={createPortalEndpointAction} resetOnSuccess={false} className="space-y-5">
          {(state, pending) => (
            <>
              <DialogHeader>
                <DialogTitle>Add endpoint</DialogTitle>
                <DialogDescription>Where to send webhooks, and which events. See Event types for each event&apos;s schema and an example.</DialogDescription>
              </DialogHeader>
              <EndpointFields state={state} catalog={catalog} />
              <DialogFooter>
                <Button type="submit" disabled={pending}>{pending ? "Adding…" : "Add endpoint"}</Button>
              </DialogFooter>
            </>
          )}
        </ActionForm>
      )}
    </FormDialog>
  );
}
