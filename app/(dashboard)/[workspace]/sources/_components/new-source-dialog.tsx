"use client";

import { Plus } from "lucide-react";
import { useState } from "react";
import { ActionForm } from "@/components/action-form";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { Separator } from "@/components/ui/separator";
import { createSourceAction } from "../actions";
import { LimitsFields, VerificationFields } from "./source-fields";

export function NewSourceDialog({ workspace }: { workspace: string }) {
  const [open, setOpen] = useState(false);
  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogTrigger asChild>
        <Button>
          <Plus aria-hidden /> New source
        </Button>
      </DialogTrigger>
      <DialogContent className="max-h-[90vh] overflow-y-auto sm:max-w-2xl">
        <ActionForm action={createSourceAction} workspace={workspace} resetOnSuccess={false} className="space-y-5">
          {(state, pending) => (
            <>
              <DialogHeader>
                <DialogTitle>New source</DialogTitle>
                <DialogDescription>A URL for a provider to post webhooks to. Requests are verified, stored as received, and can be routed to your endpoints.</DialogDescription>
              </DialogHeader>
              <LimitsFields state={state} />
              <Separator />
              <div className="space-y-1">
                <h3 className="text-sm font-medium">Verification</h3>
                <p className="text-xs text-muted-foreground">How requests prove they come from the provider. Checked on the raw bytes, before anything parses them.</p>
              </div>
              <VerificationFields state={state} />
              <DialogFooter>
                <Button type="submit" disabled={pending}>{pending ? "Creating…" : "Create source"}</Button>
              </DialogFooter>
            </>
          )}
        </ActionForm>
      </DialogContent>
    </Dialog>
  );
}
