"use client";

import { Plus } from "lucide-react";
import { ActionForm } from "@/components/action-form";
import { Button } from "@/components/ui/button";
import { createBinAction } from "../actions";

/** One click: a temporary URL with its live inspector open. */
export function CreateBinButton({ workspace }: { workspace: string }) {
  return (
    <ActionForm action={createBinAction} workspace={workspace}>
      {(_state, pending) => (
        <Button type="submit" disabled={pending}>
          <Plus aria-hidden /> {pending ? "Creating…" : "New request bin"}
        </Button>
      )}
    </ActionForm>
  );
}
