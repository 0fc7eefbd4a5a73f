"use client";

import Link from "next/link";
import { useState } from "react";
import { ActionForm, fieldError } from "@/components/action-form";
import { errorsUnder } from "@/components/outbound/field-errors";
import { Button } from "@/components/ui/button";
import { FormField } from "@/components/ui/form";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { Textarea } from "@/components/ui/textarea";
import { sendTestAction } from "../actions";

/**
 * Sends one message of a chosen type to this endpoint only, whatever its filters: the quickest way to see a real,
 * signed delivery arrive. The payload defaults to the type's sample.
 */
export function SendTestForm({ workspace, endpointId, eventTypes }: { workspace: string; endpointId: string; eventTypes: string[] }) {
  const [eventType, setEventType] = useState(eventTypes[0] ?? "");
  const [payload, setPayload] = useState("");
  if (eventTypes.length === 0) {
    return (
      <p className="text-sm text-muted-foreground">
        Messages need an event type. <Link className="underline" href={`/${workspace}/event-types`}>Create one</Link> first.
      </p>
    );
  }
  return (
    <ActionForm action={sendTestAction} workspace={workspace} resetOnSuccess={false} className="space-y-3">
      {(state, pending) => (
        <>
          <input type="hidden" name="endpointId" value={endpointId} />
          <FormField label="Event type" htmlFor="test-event-type" error={fieldError(state, "eventType")}>
            <Select name="eventType" value={eventType} onValueChange={setEventType}>
              <SelectTrigger id="test-event-type" className="w-full font-mono text-xs"><SelectValue /></SelectTrigger>
              <SelectContent>
                {eventTypes.map((name) => <SelectItem key={name} value={name} className="font-mono text-xs">{name}</SelectItem>)}
              </SelectContent>
            </Select>
          </FormField>
          <FormField label="Payload (JSON)" htmlFor="test-payload" error={errorsUnder(state, "payload")} description="Leave empty to send the event type's sample payload.">
            <Textarea name="payload" rows={4} value={payload} onChange={(e) => setPayload(e.target.value)} className="font-mono text-xs" placeholder='{"id": "inv_123", "amount": 4200}' spellCheck={false} />
          </FormField>
          <div className="flex items-center gap-3">
            <Button type="submit" disabled={pending}>{pending ? "Sending…" : "Send test event"}</Button>
            {state?.ok && state.data ? (
              <Link className="text-sm underline" href={`/${workspace}/messages/${state.data}`} data-testid="test-message-link">View message</Link>
            ) : null}
          </div>
        </>
      )}
    </ActionForm>
  );
}
