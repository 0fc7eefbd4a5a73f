"use client";

import { Plus } from "lucide-react";
import { ActionForm } from "@/components/action-form";
import { Button } from "@/components/ui/button";
import { DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { createEndpointAction } from "../actions";
import { EndpointFields, type CatalogEntry } from "@/components/outbound/endpoint-fields";
import { FormDialog } from "@/components/form-dialog";
import type { ApplicationChoice } from "@/lib/applications";
import { ApplicationSelect } from "./application-select";

/**
 * "Add endpoint": asks first for its application (`application` preselected: the one the page is about, else the
 * default application). On success the action redirects to the new endpoint's page, where its signing secret is.
 */
export function AddEndpointDialog({ workspace, catalog, applications, application }: { workspace: string; catalog: CatalogEntry[]; applications: ApplicationChoice[]; application?: string }) {
  return (
    <FormDialog
      trigger={
        <Button>
          <Plus aria-hidden /> Add endpoint
        </Button>
      }
      className="sm:max-w-2xl"
    >
      {() => (
        <ActionForm action={createEndpointAction} workspace={workspace} resetOnSuccess={false} className="space-y-5">
          {(state, pending) => (
            <>
              <DialogHeader>
                <DialogTitle>Add an endpoint</DialogTitle>
                <DialogDescription>Switchboard signs every delivery with the endpoint&apos;s secret and retries failed deliveries for about 28 hours before giving up.</DialogDescription>
              </DialogHeader>
              <ApplicationSelect state={state} workspace={workspace} choices={applications} value={application ?? applications[0]?.value ?? ""} />
              <EndpointFields state={state} catalog={catalog} workspace={workspace} />
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
