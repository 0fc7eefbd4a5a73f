"use client";

import { ActionForm, fieldError } from "@/components/action-form";
import { Button } from "@/components/ui/button";
import { FormField } from "@/components/ui/form";
import type { ActionState } from "@/lib/api/actions";

type Action<T> = (state: ActionState<T>, formData: FormData) => Promise<ActionState<T>>;

/**
 * Starts a connect (the action redirects to the service's authorize page). The dashboard picks the application;
 * the portal's is the session's own, so it comes as `application`.
 */
export function ConnectForm<T>({ action, integration, label, workspace, applications, application }: {
  action: Action<T>;
  integration: string;
  label: string;
  workspace?: string;
  applications?: { id: string; name: string }[];
  application?: string;
}) {
  return (
    <ActionForm action={action} workspace={workspace} resetOnSuccess={false} className="flex flex-wrap items-end gap-3">
      {(state, pending) => (
        <>
          <input type="hidden" name="integration" value={integration} />
          {applications ? (
            <FormField label="Application" htmlFor={`${integration}-application`} error={fieldError(state, "application")}>
              <select name="application" defaultValue={applications[0]?.id ?? ""} className="h-9 min-w-48 rounded-md border bg-background px-2 text-sm">
                {applications.map((a) => (
                  <option key={a.id} value={a.id}>{a.name}</option>
                ))}
              </select>
            </FormField>
          ) : (
            <input type="hidden" name="application" value={application} />
          )}
          <Button type="submit" disabled={pending}>{pending ? "Opening…" : label}</Button>
        </>
      )}
    </ActionForm>
  );
}

export function DisconnectButton<T>({ action, endpointId, workspace }: { action: Action<T>; endpointId: string; workspace?: string }) {
  return (
    <ActionForm action={action} workspace={workspace}>
      {(_state, pending) => (
        <>
          <input type="hidden" name="endpointId" value={endpointId} />
          <Button type="submit" variant="outline" size="sm" disabled={pending}>{pending ? "Disconnecting…" : "Disconnect"}</Button>
        </>
      )}
    </ActionForm>
  );
}
