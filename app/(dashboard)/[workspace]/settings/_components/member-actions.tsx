"use client";

import { useRef } from "react";
import { ActionForm } from "@/components/action-form";
import { Button } from "@/components/ui/button";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import type { Role } from "@/lib/auth/permissions";
import { changeRoleAction, leaveWorkspaceAction, removeMemberAction, revokeInvitationAction } from "../actions";

export function RoleSelect({ workspace, userId, role, roles }: { workspace: string; userId: string; role: Role; roles: Role[] }) {
  const submit = useRef<HTMLButtonElement>(null);
  return (
    <ActionForm action={changeRoleAction} workspace={workspace} resetOnSuccess={false}>
      {(_state, pending) => (
        <>
          <input type="hidden" name="userId" value={userId} />
          {/* Picking a role saves it; the hidden field Radix renders updates on the next frame, hence the deferral. */}
          <Select name="role" defaultValue={role} disabled={pending} onValueChange={() => requestAnimationFrame(() => submit.current?.click())}>
            <SelectTrigger className="h-8 w-32 capitalize" aria-label="Role">
              <SelectValue />
            </SelectTrigger>
            <SelectContent>
              {roles.map((r) => (
                <SelectItem key={r} value={r} className="capitalize">{r}</SelectItem>
              ))}
            </SelectContent>
          </Select>
          <button ref={submit} type="submit" hidden />
        </>
      )}
    </ActionForm>
  );
}

export function RemoveMemberButton({ workspace, userId, self }: { workspace: string; userId: string; self: boolean }) {
  return (
    <ActionForm action={self ? leaveWorkspaceAction : removeMemberAction} workspace={workspace}>
      {(_state, pending) => (
        <>
          <input type="hidden" name="userId" value={userId} />
          <Button type="submit" variant="ghost" size="sm" className="text-destructive" disabled={pending}>
            {self ? "Leave" : "Remove"}
          </Button>
        </>
      )}
    </ActionForm>
  );
}

export function RevokeInvitationButton({ workspace, invitationId }: { workspace: string; invitationId: string }) {
  return (
    <ActionForm action={revokeInvitationAction} workspace={workspace}>
      {(_state, pending) => (
        <>
          <input type="hidden" name="invitationId" value={invitationId} />
          <Button type="submit" variant="ghost" size="sm" disabled={pending}>Revoke</Button>
        </>
      )}
    </ActionForm>
  );
}
