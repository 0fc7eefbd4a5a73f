"use client";

import { ActionForm, fieldError } from "@/components/action-form";
import { Button } from "@/components/ui/button";
import { FormField } from "@/components/ui/form";
import { Input } from "@/components/ui/input";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import type { Role } from "@/lib/auth/permissions";
import { inviteMemberAction } from "../actions";

export function InviteForm({ workspace, assignableRoles }: { workspace: string; assignableRoles: Role[] }) {
  return (
    <ActionForm action={inviteMemberAction} workspace={workspace} className="flex flex-wrap items-start gap-2">
      {(state, pending) => (
        <>
          <FormField label="Email" htmlFor="invite-email" error={fieldError(state, "email")} className="min-w-64 flex-1">
            <Input id="invite-email" name="email" type="email" placeholder="teammate@company.com" />
          </FormField>
          <FormField label="Role" htmlFor="invite-role" error={fieldError(state, "role")}>
            <Select name="role" defaultValue="developer">
              <SelectTrigger id="invite-role" className="w-36">
                <SelectValue />
              </SelectTrigger>
              <SelectContent>
                {assignableRoles.map((role) => (
                  <SelectItem key={role} value={role} className="capitalize">{role}</SelectItem>
                ))}
              </SelectContent>
            </Select>
          </FormField>
          <Button type="submit" className="mt-6" disabled={pending}>{pending ? "Sending…" : "Send invitation"}</Button>
        </>
      )}
    </ActionForm>
  );
}
