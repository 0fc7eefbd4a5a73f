"use client";

import { useState } from "react";
import { ActionForm, fieldError } from "@/components/action-form";
import { TimezoneField } from "@/components/outbound/timezone-field";
import { useBrowserValue } from "@/components/outbound/use-browser-value";
import { Button } from "@/components/ui/button";
import { FormField } from "@/components/ui/form";
import { Input } from "@/components/ui/input";
import { recoverAction } from "../actions";

/** A `datetime-local` value for a moment, in the browser's zone. */
function localInputValue(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** Re-sends every failed or exhausted delivery of the endpoint since a time; the page then shows the progress. */
export function RecoverForm({ workspace, endpointId }: { workspace: string; endpointId: string }) {
  // The default, a day ago, is in the browser's zone, which the server rendering this form does not know.
  const dayAgo = useBrowserValue(() => localInputValue(new Date(Date.now() - 24 * 3600_000)));
  const [edited, setEdited] = useState<string | null>(null);
  const since = edited ?? dayAgo;
  return (
    <ActionForm action={recoverAction} workspace={workspace} resetOnSuccess={false} className="space-y-3">
      {(state, pending) => (
        <>
          <input type="hidden" name="endpointId" value={endpointId} />
          <TimezoneField />
          <FormField label="Failed since" htmlFor="recover-since" error={fieldError(state, "since")}>
            <Input name="since" type="datetime-local" value={since} onChange={(e) => setEdited(e.target.value)} />
          </FormField>
          <Button type="submit" variant="outline" disabled={pending}>{pending ? "Recovering…" : "Recover failed deliveries"}</Button>
        </>
      )}
    </ActionForm>
  );
}
