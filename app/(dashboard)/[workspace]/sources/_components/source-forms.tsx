"use client";

import { Trash2 } from "lucide-react";
import { useState } from "react";
import { ActionForm } from "@/components/action-form";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
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
  const [open, setOpen] = useState(false);
  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogTrigger asChild>
        <Button variant="outline"><Trash2 aria-hidden /> Delete</Button>
      </DialogTrigger>
      <DialogContent>
        <ActionForm action={deleteSourceAction} workspace={workspace} className="space-y-4">
          {(_state, pending) => (
            <>
              <DialogHeader>
                <DialogTitle>Delete {name}?</DialogTitle>
                <DialogDescription>Its URL stops working, and its stored requests and connections are deleted. Messages already sent to endpoints stay.</DialogDescription>
              </DialogHeader>
              <input type="hidden" name="id" value={id} />
              <DialogFooter>
                <Button type="submit" variant="destructive" disabled={pending}>{pending ? "Deleting…" : "Delete source"}</Button>
              </DialogFooter>
            </>
          )}
        </ActionForm>
      </DialogContent>
    </Dialog>
  );
}
