"use client";

import { LogOut } from "lucide-react";
import { ActionForm } from "@/components/action-form";
import { Button } from "@/components/ui/button";
import { portalLogoutAction } from "../../actions";

export function LogoutButton() {
  return (
    <ActionForm action={portalLogoutAction}>
      {(_state, pending) => (
        <Button type="submit" variant="ghost" size="sm" disabled={pending}><LogOut aria-hidden /> Log out</Button>
      )}
    </ActionForm>
  );
}
