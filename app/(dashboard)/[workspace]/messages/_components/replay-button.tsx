"use client";

import { RotateCcw } from "lucide-react";
import { useState } from "react";
import { ActionForm } from "@/components/action-form";
import { Button } from "@/components/ui/button";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { replayAction } from "../actions";

/** Replays the message to one endpoint, or (without one) to every endpoint it went to. */
export function ReplayButton({ workspace, messageId, endpointId, label, size = "default" }: { workspace: string; messageId: string; endpointId?: string; label: string; size?: "sm" | "default" }) {
  return (
    <ActionForm action={replayAction} workspace={workspace}>
      {(_state, pending) => (
        <>
          <input type="hidden" name="messageId" value={messageId} />
          {endpointId ? <input type="hidden" name="endpointId" value={endpointId} /> : null}
          <Button type="submit" variant="outline" size={size} disabled={pending}><RotateCcw aria-hidden /> {label}</Button>
        </>
      )}
    </ActionForm>
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
