"use client";

import { ActionForm } from "@/components/action-form";
import { ConfirmDeleteDialog } from "@/components/confirm-delete-dialog";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import type { SourceView } from "@/lib/inbound/schemas";
import { deleteSourceAction, updateSourceAction, updateVerificationAction } from "../actions";
import { LimitsFields, VerificationFields } from "./source-fields";

export function VerificationCard({ workspace, source }: { workspace: string; source: SourceView }) {
  return (
    <Card>
      <CardHeader>
        <CardTitle>Verification</CardTitle>
        <CardDescription>Checked on the raw bytes of every request, before anything parses them. A failure is answered 401 and stored with the reason.</CardDescription>
      </CardHeader>
      <CardContent>
        <ActionForm action={updateVerificationAction} workspace={workspace} resetOnSuccess={false} className="space-y-4">
          {(state, pending) => (
            <>
              <input type="hidden" name="id" value={source.id} />
              <VerificationFields state={state} current={source} editing />
              <Button type="submit" disabled={pending}>{pending ? "Saving…" : "Save verification"}</Button>
            </>
          )}
        </ActionForm>
      </CardContent>
    </Card>
  );
}

export function SettingsCard({ workspace, source }: { workspace: string; source: SourceView }) {
  return (
    <Card>
      <CardHeader>
        <CardTitle>Settings and limits</CardTitle>
        <CardDescription>Refused requests are answered 403 (address), 413 (size), 429 (rate) or 422 (schema), and stored with the reason.</CardDescription>
      </CardHeader>
      <CardContent>
        <ActionForm action={updateSourceAction} workspace={workspace} resetOnSuccess={false} className="space-y-4">
          {(state, pending) => (
            <>
              <input type="hidden" name="id" value={source.id} />
              <LimitsFields state={state} current={source} />
              <Button type="submit" disabled={pending}>{pending ? "Saving…" : "Save settings"}</Button>
            </>
          )}
        </ActionForm>
      </CardContent>
    </Card>
  );
}

export function DeleteSourceDialog({ workspace, id, name }: { workspace: string; id: string; name: string }) {
  return (
    <ConfirmDeleteDialog
      action={deleteSourceAction}
      workspace={workspace}
      id={id}
      title={`Delete ${name}?`}
      description="Its URL stops working, and its stored requests and connections are deleted. Messages already sent to endpoints stay. This cannot be undone."
      confirmLabel="Delete source"
    />
  );
}
