"use client";

import { Pause, Play, Power, PowerOff } from "lucide-react";
import { useState } from "react";
import { ActionForm, fieldError } from "@/components/action-form";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { FormField } from "@/components/ui/form";
import { Textarea } from "@/components/ui/textarea";
import { changeEndpointStatusAction } from "../actions";

type Change = "pause" | "resume" | "enable" | "disable";

function ChangeButton({ workspace, id, change, children }: { workspace: string; id: string; change: Change; children: React.ReactNode }) {
  return (
    <ActionForm action={changeEndpointStatusAction} workspace={workspace}>
      {(_state, pending) => (
        <>
          <input type="hidden" name="id" value={id} />
          <input type="hidden" name="change" value={change} />
          <Button type="submit" variant="outline" disabled={pending}>{children}</Button>
        </>
      )}
    </ActionForm>
  );
}

function DisableDialog({ workspace, id }: { workspace: string; id: string }) {
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState("");
  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogTrigger asChild>
        <Button variant="outline"><PowerOff aria-hidden /> Disable…</Button>
      </DialogTrigger>
      <DialogContent>
        {/* On success the endpoint is disabled and the page re-renders without this dialog, which closes it. */}
        <ActionForm action={changeEndpointStatusAction} workspace={workspace} resetOnSuccess={false} className="space-y-4">
          {(state, pending) => (
            <>
              <DialogHeader>
                <DialogTitle>Disable this endpoint?</DialogTitle>
                <DialogDescription>New messages skip a disabled endpoint. Deliveries already queued wait, and go out if you enable it again.</DialogDescription>
              </DialogHeader>
              <input type="hidden" name="id" value={id} />
              <input type="hidden" name="change" value="disable" />
              <FormField label="Reason (shown on the endpoint)" htmlFor="disable-reason" error={fieldError(state, "reason")}>
                <Textarea name="reason" rows={2} value={reason} onChange={(e) => setReason(e.target.value)} placeholder="Customer migrating to a new receiver" />
              </FormField>
              <DialogFooter>
                <Button type="button" variant="outline" onClick={() => setOpen(false)}>Cancel</Button>
                <Button type="submit" variant="destructive" disabled={pending}>Disable endpoint</Button>
              </DialogFooter>
            </>
          )}
        </ActionForm>
      </DialogContent>
    </Dialog>
  );
}

/** The buttons that move an endpoint between enabled, paused and disabled; only the moves its state allows. */
export function StatusControls({ workspace, id, status }: { workspace: string; id: string; status: "enabled" | "paused" | "disabled" }) {
  return (
    <div className="flex flex-wrap gap-2">
      {status === "enabled" ? <ChangeButton workspace={workspace} id={id} change="pause"><Pause aria-hidden /> Pause</ChangeButton> : null}
      {status === "paused" ? <ChangeButton workspace={workspace} id={id} change="resume"><Play aria-hidden /> Resume</ChangeButton> : null}
      {status === "disabled" ? <ChangeButton workspace={workspace} id={id} change="enable"><Power aria-hidden /> Enable</ChangeButton> : null}
      {status !== "disabled" ? <DisableDialog workspace={workspace} id={id} /> : null}
    </div>
  );
}
