"use client";

import { Check, Copy } from "lucide-react";
import { useState } from "react";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";

/** Shows a key that will never be shown again, with a copy button. */
export function OneTimeSecret({ value, note }: { value: string; note?: React.ReactNode }) {
  const [copied, setCopied] = useState(false);
  return (
    <div className="space-y-3">
      <Alert variant="warning">
        <AlertDescription>Copy this key now. Switchboard stores only its hash and cannot show it again.{note ? <> {note}</> : null}</AlertDescription>
      </Alert>
      <div className="flex items-center gap-2">
        <code data-testid="new-key" className="flex-1 break-all rounded-md border bg-muted px-3 py-2 font-mono text-xs">{value}</code>
        <Button
          type="button"
          variant="outline"
          size="icon"
          aria-label="Copy key"
          onClick={async () => {
            await navigator.clipboard.writeText(value);
            setCopied(true);
          }}
        >
          {copied ? <Check className="text-success" /> : <Copy />}
        </Button>
      </div>
    </div>
  );
}
