"use client";

import { ConfirmDeleteDialog } from "@/components/confirm-delete-dialog";
import { deleteEndpointAction } from "../actions";

/** Delete, behind a confirmation; the action redirects to the endpoints list. */
export function DeleteEndpointDialog({ workspace, id, url }: { workspace: string; id: string; url: string }) {
  return (
    <ConfirmDeleteDialog
      action={deleteEndpointAction}
      workspace={workspace}
      id={id}
      title="Delete this endpoint?"
      description={<><span className="font-mono break-all">{url}</span> stops receiving messages at once. Its secrets, queued deliveries and attempt history are deleted too. This cannot be undone.</>}
      confirmLabel="Delete endpoint"
    />
  );
}
