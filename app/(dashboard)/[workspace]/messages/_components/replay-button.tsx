"use client";

import { RotateCcw } from "lucide-react";
import { useState } from "react";
import { ActionForm } from "@/components/action-form";
import { CloseOnSuccess, FormDialog } from "@/components/form-dialog";
import { Button } from "@/components/ui/button";
import { DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { replayAction } from "../actions";

/**
 * Replays the message to one endpoint, or (without one) to every endpoint it went to, after a confirmation that
 * says what will be sent where.
 */
export function ReplayButton({ workspace, messageId, endpointId, endpointUrl, label, size = "default" }: { workspace: string; messageId: string; endpointId?: string; endpointUrl?: string; label: string; size?: "sm" | "default" }) {
  return (
    <FormDialog trigger={<Button variant="outline" size={size}><RotateCcw aria-hidden /> {label}</Button>}>
      {(close) => (
        <ActionForm action={replayAction} workspace={workspace} className="space-y-4">
          {(state, pending) => (
            <>
              <CloseOnSuccess ok={Boolean(state?.ok)} close={close} />
              <DialogHeader>
                <DialogTitle>Replay this message?</DialogTitle>
                <DialogDescription>
                  {endpointId
                    ? <>It is sent again now to <span className="font-mono break-all">{endpointUrl ?? endpointId}</span>, as a manual attempt with the same webhook-id.</>
                    : "It is sent again now to every endpoint it went to, as a manual attempt with the same webhook-id."}
                </DialogDescription>
              </DialogHeader>
              <input type="hidden" name="messageId" value={messageId} />
              {endpointId ? <input type="hidden" name="endpointId" value={endpointId} /> : null}
              <DialogFooter>
                <Button type="button" variant="outline" onClick={close}>Cancel</Button>
                <Button type="submit" disabled={pending}>{pending ? "Replaying…" : "Replay"}</Button>
              </DialogFooter>
            </>
          )}
        </ActionForm>
      )}
    </FormDialog>
  );
}

/** Sends the message to an endpoint it did not go to (one added later, or one whose filters left it out). */
export function ReplayToOther({ workspace, messageId, endpoints }: { workspace: string; messageId: string; endpoints: { id: string; url: string }[] }) {
  const [endpointId, setEndpointId] = useState(endpoints[0]?.id ?? "");
  return (
    <ActionForm action={replayAction} workspace={workspace} resetOnSuccess={false} className="flex flex-col gap-2 sm:flex-row">
      {(_state, pending) => (
        <>
          <input type="hidden" name="messageId" value={messageId} />
          <Select name="endpointId" value={endpointId} onValueChange={setEndpointId}>
            <SelectTrigger className="w-full min-w-0 font-mono text-xs" aria-label="Endpoint"><SelectValue /></SelectTrigger>
            <SelectContent>
              {endpoints.map((e) => <SelectItem key={e.id} value={e.id} className="font-mono text-xs">{e.url}</SelectItem>)}
            </SelectContent>
          </Select>
          <Button type="submit" variant="outline" disabled={pending || !endpointId}>Send</Button>
        </>
      )}
    </ActionForm>
  );
}
