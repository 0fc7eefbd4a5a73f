"use client";

import { ConfirmDeleteDialog } from "@/components/confirm-delete-dialog";
import { deleteAlertRuleAction } from "../actions";

/** Delete, behind a confirmation. The rule's alerts stay in the history. */
export function DeleteRuleDialog({ workspace, id, name }: { workspace: string; id: string; name: string }) {
  return (
    <ConfirmDeleteDialog
      action={deleteAlertRuleAction}
      workspace={workspace}
      id={id}
      title={`Delete ${name}?`}
      description="It stops alerting at once; an alert it has firing is closed without a resolved message. Its alerts stay in the history below."
      confirmLabel="Delete rule"
      inRow={{ name }}
    />
  );
}
