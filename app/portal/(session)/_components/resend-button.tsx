"use client";

import { RotateCw } from "lucide-react";
import { ActionForm } from "@/components/action-form";
import { Button } from "@/components/ui/button";
import { resendPortalMessageAction } from "../../actions";

export function ResendButton({ messageId }: { messageId: string }) {
  return (
    <ActionForm action={resendPortalMessageAction}>
      {(_s, pending) => (
        <>
          <input type="hidden" name="messageId" value={messageId} />
          <Button type="submit" variant="outline" size="sm" disabled={pending}><RotateCw aria-hidden /> Resend</Button>
        </>
      )}
    </ActionForm>
  );
}
