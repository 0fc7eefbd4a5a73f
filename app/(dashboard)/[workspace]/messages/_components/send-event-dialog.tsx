"use client";

import { Send } from "lucide-react";
import { ActionForm, fieldError } from "@/components/action-form";
import { errorsUnder } from "@/components/outbound/field-errors";
import { useDraft } from "@/components/outbound/use-draft";
import { Button } from "@/components/ui/button";
import { DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { FormField } from "@/components/ui/form";
import { Input } from "@/components/ui/input";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { Textarea } from "@/components/ui/textarea";
import type { ActionState } from "@/lib/api/actions";
import { sendEventAction } from "../actions";
import { FormDialog } from "@/components/form-dialog";

function Fields({ state, eventTypes }: { state: ActionState<unknown>; eventTypes: string[] }) {
  const draft = useDraft({ eventType: eventTypes[0] ?? "", payload: "", eventId: "" });
  return (
    <div className="space-y-4">
      <div className="grid gap-4 sm:grid-cols-2">
        <FormField label="Event type" htmlFor="send-event-type" error={fieldError(state, "eventType")}>
          <Select name="eventType" value={draft.values.eventType} onValueChange={(value) => draft.set("eventType", value)}>
            <SelectTrigger id="send-event-type" className="w-full font-mono text-xs"><SelectValue placeholder="Pick a type" /></SelectTrigger>
            <SelectContent>
              {eventTypes.map((name) => <SelectItem key={name} value={name} className="font-mono text-xs">{name}</SelectItem>)}
            </SelectContent>
          </Select>
        </FormField>
        <FormField label="Event id" htmlFor="send-event-id" error={fieldError(state, "eventId")} description="Optional idempotency key: a repeat within 24 h is refused.">
          <Input {...draft.field("eventId")} placeholder="evt_2024_0001" autoComplete="off" />
        </FormField>
      </div>
      <FormField label="Payload (JSON)" htmlFor="send-payload" error={errorsUnder(state, "payload")} description="Validated against the type's latest schema.">
        <Textarea {...draft.field("payload")} rows={8} className="font-mono text-xs" placeholder='{"id": "inv_123", "amount": 4200}' spellCheck={false} />
      </FormField>
    </div>
  );
}

/**
 * "Send event": a real message, as the API would send it, to every endpoint subscribed to its type and matching
 * its filters. On success the action opens the message's page.
 */
export function SendEventDialog({ workspace, eventTypes }: { workspace: string; eventTypes: string[] }) {
  return (
    <FormDialog
      trigger={
        <Button disabled={eventTypes.length === 0}><Send aria-hidden /> Send event</Button>
      }
      className="sm:max-w-2xl"
    >
      {() => (
        <ActionForm action={sendEventAction} workspace={workspace} resetOnSuccess={false} className="space-y-5">
          {(state, pending) => (
            <>
              <DialogHeader>
                <DialogTitle>Send an event</DialogTitle>
                <DialogDescription>It goes to every endpoint subscribed to the type whose content filter matches, exactly as POST /api/v1/messages would send it.</DialogDescription>
              </DialogHeader>
              <Fields state={state} eventTypes={eventTypes} />
              <DialogFooter>
                <Button type="submit" disabled={pending}>{pending ? "Sending…" : "Send event"}</Button>
              </DialogFooter>
            </>
          )}
        </ActionForm>
      )}
    </FormDialog>
  );
}
