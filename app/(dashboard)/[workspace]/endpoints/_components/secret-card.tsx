"use client";

import { RotateCw } from "lucide-react";
import { ActionForm, fieldError } from "@/components/action-form";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { FormField } from "@/components/ui/form";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { Time } from "@/components/ui/time";
import type { SecretState } from "@/lib/outbound/summaries";
import { revealSecretAction, rotateSecretAction } from "../actions";
import { FormDialog } from "@/components/form-dialog";
import { SecretReveal, SecretRevealForm } from "@/components/secret-reveal";

const OVERLAPS = [
  ["0", "No overlap: retire it now"],
  ["3600", "1 hour"],
  ["86400", "24 hours"],
  ["259200", "3 days"],
  ["604800", "7 days (the most)"],
];


function RotateDialog({ workspace, id }: { workspace: string; id: string }) {
  return (
    <FormDialog
      trigger={
        <Button variant="outline" size="sm"><RotateCw aria-hidden /> Rotate…</Button>
      }
    >
      {(close) => (
        <ActionForm action={rotateSecretAction} workspace={workspace} resetOnSuccess={false} className="space-y-4">
          {(state, pending) =>
            state?.ok && state.data ? (
              <>
                <DialogHeader>
                  <DialogTitle>New signing secret</DialogTitle>
                  <DialogDescription>
                    {state.data.overlapping
                      ? <>Deliveries carry a signature from each secret until <Time value={state.data.previousExpiresAt} />; after that only this one signs.</>
                      : "The old secret was retired at once; only this one signs now."}
                  </DialogDescription>
                </DialogHeader>
                <SecretReveal value={state.data.secret} testId="signing-secret" copyLabel="Copy secret" />
                <DialogFooter><Button type="button" onClick={() => close()}>Done</Button></DialogFooter>
              </>
            ) : (
              <>
                <DialogHeader>
                  <DialogTitle>Rotate the signing secret</DialogTitle>
                  <DialogDescription>A new secret signs from now on. The current one keeps signing alongside it for the overlap, so the receiver can switch without rejecting a delivery.</DialogDescription>
                </DialogHeader>
                <input type="hidden" name="id" value={id} />
                <FormField label="Keep the current secret signing for" htmlFor="rotate-overlap" error={fieldError(state, "overlapSeconds")}>
                  <Select name="overlapSeconds" defaultValue="86400">
                    <SelectTrigger id="rotate-overlap" className="w-full"><SelectValue /></SelectTrigger>
                    <SelectContent>
                      {OVERLAPS.map(([value, label]) => <SelectItem key={value} value={value}>{label}</SelectItem>)}
                    </SelectContent>
                  </Select>
                </FormField>
                <DialogFooter><Button type="submit" disabled={pending}>{pending ? "Rotating…" : "Rotate secret"}</Button></DialogFooter>
              </>
            )
          }
        </ActionForm>
      )}
    </FormDialog>
  );
}

/** Every secret that still signs, newest first, with the time it retires; values masked until revealed. */
function SecretList({ secrets, revealed }: { secrets: SecretState[]; revealed: string[] | undefined }) {
  return (
    <>
      <ul className="space-y-3" data-testid="secret-list">
        {secrets.map((secret, i) => (
          <li key={secret.createdAt.getTime()} className="space-y-1.5">
            <div className="flex items-center gap-2 text-xs">
              {secret.expiresAt ? <Badge variant="warning">Retiring</Badge> : <Badge variant="success">Current</Badge>}
              <span className="text-muted-foreground">
                {secret.expiresAt ? <>signs until <Time value={secret.expiresAt} /></> : <>since <Time value={secret.createdAt} /></>}
              </span>
            </div>
            <SecretReveal value={revealed ? (revealed[i] ?? "") : undefined} masked="whsec_••••••••••••••••••••••••" testId="signing-secret" copyLabel="Copy secret" />
          </li>
        ))}
      </ul>
      {secrets.length > 1 ? (
        <Alert variant="info">
          <AlertDescription>A rotation overlap is running: each delivery carries one v1 signature per secret above.</AlertDescription>
        </Alert>
      ) : null}
    </>
  );
}

/**
 * The endpoint's signing secrets. Values stay hidden until revealed (an audited action); during a rotation overlap
 * every secret that still signs is listed with the time it retires.
 */
export function SecretCard({ workspace, id, states, canWrite }: { workspace: string; id: string; states: SecretState[]; canWrite: boolean }) {
  const newestFirst = [...states].reverse();
  // A rotation changes the set of secrets; a fresh reveal form then hides values that are out of date.
  const revealKey = newestFirst.map((s) => s.createdAt.getTime()).join("-");
  return (
    <Card>
      <CardHeader>
        <div className="flex items-start justify-between gap-2">
          <CardTitle>Signing secret</CardTitle>
          {canWrite ? <RotateDialog workspace={workspace} id={id} /> : null}
        </div>
        <CardDescription>The receiver checks each delivery&apos;s signature with this secret.</CardDescription>
      </CardHeader>
      <CardContent className="space-y-3">
        {canWrite ? (
          <SecretRevealForm key={revealKey} action={revealSecretAction} workspace={workspace} id={id} className="space-y-3">
            {(revealed) => <SecretList secrets={newestFirst} revealed={revealed ? [revealed.secret, ...revealed.previous.map((p) => p.secret)] : undefined} />}
          </SecretRevealForm>
        ) : (
          <>
            <SecretList secrets={newestFirst} revealed={undefined} />
            <p className="text-xs text-muted-foreground">Your role can see that a secret exists, not its value.</p>
          </>
        )}
      </CardContent>
    </Card>
  );
}
