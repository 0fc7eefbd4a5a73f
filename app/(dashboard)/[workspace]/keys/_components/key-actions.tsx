"use client";

import { MoreHorizontal } from "lucide-react";
import { useState } from "react";
import { ActionForm, fieldError } from "@/components/action-form";
import { SecretReveal } from "@/components/secret-reveal";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { DropdownMenu, DropdownMenuContent, DropdownMenuItem, DropdownMenuSeparator, DropdownMenuTrigger } from "@/components/ui/dropdown-menu";
import { FormField } from "@/components/ui/form";
import { Input } from "@/components/ui/input";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { Time } from "@/components/ui/time";
import { revealKeyAction, revokeKeyAction, rollKeyAction, rotationPolicyAction } from "../actions";

const OVERLAPS = [
  ["1", "1 hour"],
  ["24", "24 hours"],
  ["72", "3 days"],
  ["168", "7 days"],
  ["720", "30 days"],
];

type Dialogs = "roll" | "policy" | "reveal" | "revoke" | null;

export interface KeyActionsProps {
  workspace: string;
  keyId: string;
  name: string;
  awaitingReveal: boolean;
  rotationPolicyDays: number | null;
  rotationOverlapHours: number;
}

export function KeyActions(props: KeyActionsProps) {
  const [open, setOpen] = useState<Dialogs>(null);
  const close = (next: boolean) => !next && setOpen(null);
  const hidden = <input type="hidden" name="keyId" value={props.keyId} />;
  return (
    <>
      <DropdownMenu>
        <DropdownMenuTrigger asChild>
          <Button variant="ghost" size="icon" aria-label={`Actions for ${props.name}`}>
            <MoreHorizontal />
          </Button>
        </DropdownMenuTrigger>
        <DropdownMenuContent align="end">
          {props.awaitingReveal ? <DropdownMenuItem onSelect={() => setOpen("reveal")}>Reveal new key…</DropdownMenuItem> : null}
          <DropdownMenuItem onSelect={() => setOpen("roll")}>Roll key…</DropdownMenuItem>
          <DropdownMenuItem onSelect={() => setOpen("policy")}>Rotation policy…</DropdownMenuItem>
          <DropdownMenuSeparator />
          <DropdownMenuItem variant="destructive" onSelect={() => setOpen("revoke")}>Revoke…</DropdownMenuItem>
        </DropdownMenuContent>
      </DropdownMenu>

      <Dialog open={open === "roll"} onOpenChange={close}>
        <DialogContent>
          <ActionForm action={rollKeyAction} workspace={props.workspace} resetOnSuccess={false} className="space-y-4">
            {(state, pending) =>
              state?.ok && state.data ? (
                <>
                  <DialogHeader><DialogTitle>New key for “{state.data.name}”</DialogTitle></DialogHeader>
                  <SecretReveal value={state.data.key} testId="new-key" copyLabel="Copy key" shownOnce={{ noun: "key", note: state.data.oldKeyExpiresAt ? <>The old key works until <Time value={state.data.oldKeyExpiresAt} />.</> : undefined }} />
                  <DialogFooter><Button type="button" onClick={() => setOpen(null)}>Done</Button></DialogFooter>
                </>
              ) : (
                <>
                  <DialogHeader>
                    <DialogTitle>Roll “{props.name}”</DialogTitle>
                    <DialogDescription>A new key with the same settings replaces this one. The old key keeps working for the overlap, so you can deploy the new one first.</DialogDescription>
                  </DialogHeader>
                  {hidden}
                  <FormField label="Old key stays valid for" htmlFor="roll-overlap" error={fieldError(state, "overlapHours")}>
                    <Select name="overlapHours" defaultValue="24">
                      <SelectTrigger id="roll-overlap" className="w-full"><SelectValue /></SelectTrigger>
                      <SelectContent>
                        {OVERLAPS.map(([value, label]) => <SelectItem key={value} value={value}>{label}</SelectItem>)}
                      </SelectContent>
                    </Select>
                  </FormField>
                  <DialogFooter><Button type="submit" disabled={pending}>{pending ? "Rolling…" : "Roll key"}</Button></DialogFooter>
                </>
              )
            }
          </ActionForm>
        </DialogContent>
      </Dialog>

      <Dialog open={open === "reveal"} onOpenChange={close}>
        <DialogContent>
          <ActionForm action={revealKeyAction} workspace={props.workspace} resetOnSuccess={false} className="space-y-4">
            {(state, pending) =>
              state?.ok && state.data ? (
                <>
                  <DialogHeader><DialogTitle>Rotated key for “{state.data.name}”</DialogTitle></DialogHeader>
                  <SecretReveal value={state.data.key} testId="new-key" copyLabel="Copy key" shownOnce={{ noun: "key" }} />
                  <DialogFooter><Button type="button" onClick={() => setOpen(null)}>Done</Button></DialogFooter>
                </>
              ) : (
                <>
                  <DialogHeader>
                    <DialogTitle>Reveal the rotated key</DialogTitle>
                    <DialogDescription>The scheduled rotation made this key. It can be shown once; after that only its hash remains.</DialogDescription>
                  </DialogHeader>
                  {hidden}
                  <DialogFooter><Button type="submit" disabled={pending}>Reveal once</Button></DialogFooter>
                </>
              )
            }
          </ActionForm>
        </DialogContent>
      </Dialog>

      <Dialog open={open === "policy"} onOpenChange={close}>
        <DialogContent>
          <ActionForm action={rotationPolicyAction} workspace={props.workspace} resetOnSuccess={false} className="space-y-4">
            {(state, pending) => (
              <>
                <DialogHeader>
                  <DialogTitle>Rotation policy for “{props.name}”</DialogTitle>
                  <DialogDescription>A scheduled job rolls the key every N days and emails owners and admins. Leave the period empty for manual rotation only.</DialogDescription>
                </DialogHeader>
                {hidden}
                <div className="grid grid-cols-2 gap-4">
                  <FormField label="Every (days)" htmlFor="policy-days" error={fieldError(state, "rotationPolicyDays")}>
                    <Input id="policy-days" name="rotationPolicyDays" type="number" min={1} max={365} defaultValue={props.rotationPolicyDays ?? ""} placeholder="manual" />
                  </FormField>
                  <FormField label="Overlap (hours)" htmlFor="policy-overlap" error={fieldError(state, "rotationOverlapHours")}>
                    <Input id="policy-overlap" name="rotationOverlapHours" type="number" min={1} max={720} defaultValue={props.rotationOverlapHours} />
                  </FormField>
                </div>
                <DialogFooter><Button type="submit" disabled={pending}>Save policy</Button></DialogFooter>
              </>
            )}
          </ActionForm>
        </DialogContent>
      </Dialog>

      <Dialog open={open === "revoke"} onOpenChange={close}>
        <DialogContent>
          <ActionForm action={revokeKeyAction} workspace={props.workspace} className="space-y-4">
            {(_state, pending) => (
              <>
                <DialogHeader>
                  <DialogTitle>Revoke “{props.name}”?</DialogTitle>
                  <DialogDescription>Requests with this key fail at once with 401 revoked_api_key. This cannot be undone.</DialogDescription>
                </DialogHeader>
                {hidden}
                <DialogFooter>
                  <Button type="button" variant="outline" onClick={() => setOpen(null)}>Cancel</Button>
                  <Button type="submit" variant="destructive" disabled={pending}>Revoke key</Button>
                </DialogFooter>
              </>
            )}
          </ActionForm>
        </DialogContent>
      </Dialog>
    </>
  );
}
