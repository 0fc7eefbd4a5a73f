"use client";

import { useRef } from "react";
import { ActionForm } from "@/components/action-form";
import { Label } from "@/components/ui/label";
import { Switch } from "@/components/ui/switch";
import { setLocalTestingAction } from "../actions";

/** The embedded mode's "Local testing" switch; flipping it saves at once. */
export function LocalTestingForm({ workspace, enabled, disabled }: { workspace: string; enabled: boolean; disabled: boolean }) {
  const form = useRef<HTMLDivElement>(null);
  return (
    <ActionForm action={setLocalTestingAction} workspace={workspace} resetOnSuccess={false}>
      {(_state, pending) => (
        <div ref={form} className="flex items-start gap-3">
          <input type="hidden" name="enabled" value={enabled ? "false" : "true"} />
          <Switch
            id="local-testing"
            checked={enabled}
            disabled={disabled || pending}
            onCheckedChange={() => form.current?.closest("form")?.requestSubmit()}
            aria-describedby="local-testing-help"
          />
          <div className="space-y-1">
            <Label htmlFor="local-testing">Local testing</Label>
            <p id="local-testing-help" className="text-sm text-muted-foreground">
              Lets this workspace&apos;s endpoints reach receivers on this machine (127.0.0.1, ::1, localhost), over http too. Other private
              addresses stay closed. Only offered in the embedded mode; turning it on or off is recorded in the audit log.
            </p>
          </div>
        </div>
      )}
    </ActionForm>
  );
}
