"use client";

import { RefreshCw } from "lucide-react";
import { useState } from "react";
import { ActionForm } from "@/components/action-form";
import { CopyableValue, SecretReveal, SecretRevealForm } from "@/components/secret-reveal";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { regenerateUrlAction, revealSourceSecretAction } from "../actions";

function RegenerateDialog({ workspace, id }: { workspace: string; id: string }) {
  const [open, setOpen] = useState(false);
  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogTrigger asChild>
        <Button variant="outline" size="sm"><RefreshCw aria-hidden /> New URL…</Button>
      </DialogTrigger>
      <DialogContent>
        <ActionForm action={regenerateUrlAction} workspace={workspace} resetOnSuccess={false} className="space-y-4">
          {(state, pending) => (
            <>
              <DialogHeader>
                <DialogTitle>Generate a new URL?</DialogTitle>
                <DialogDescription>The current URL stops working at once: requests to it get 404. Update the provider&apos;s webhook settings with the new one.</DialogDescription>
              </DialogHeader>
              <input type="hidden" name="id" value={id} />
              {state?.ok ? <Alert><AlertDescription>Done. The new URL is shown on the page.</AlertDescription></Alert> : null}
              <DialogFooter>
                {state?.ok ? (
                  <Button type="button" onClick={() => setOpen(false)}>Close</Button>
                ) : (
                  <Button type="submit" variant="destructive" disabled={pending}>{pending ? "Generating…" : "Generate new URL"}</Button>
                )}
              </DialogFooter>
            </>
          )}
        </ActionForm>
      </DialogContent>
    </Dialog>
  );
}

/** The source's URL, its secret on request (the reveal is audited), and regeneration of the URL. */
export function SourceUrlCard({ workspace, id, url, hasSecret, canWrite }: { workspace: string; id: string; url: string; hasSecret: boolean; canWrite: boolean }) {
  return (
    <Card>
      <CardHeader>
        <CardTitle>Where providers post</CardTitle>
        <CardDescription>Any method and any path below this URL; the path after it is kept with the request. Treat it as private.</CardDescription>
      </CardHeader>
      <CardContent className="space-y-4">
        <CopyableValue value={url} copyLabel="Copy URL" testId="source-url" />
        {canWrite ? (
          <div className="flex flex-wrap items-start gap-2">
            <RegenerateDialog workspace={workspace} id={id} />
            {hasSecret ? (
              <SecretRevealForm action={revealSourceSecretAction} workspace={workspace} id={id} label="Reveal secret" pendingLabel="Revealing…" className="min-w-0 flex-1">
                {(revealed) =>
                  revealed ? (
                    <div className="space-y-2">
                      {Object.entries(revealed.secrets).map(([field, value]) => (
                        <SecretReveal key={field} value={value ?? ""} copyLabel={`Copy ${field}`} testId="source-secret" />
                      ))}
                    </div>
                  ) : null
                }
              </SecretRevealForm>
            ) : null}
          </div>
        ) : null}
      </CardContent>
    </Card>
  );
}
