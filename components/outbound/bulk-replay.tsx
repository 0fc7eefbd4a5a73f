"use client";

import * as React from "react";
import { RotateCcw } from "lucide-react";
import { useRouter } from "next/navigation";

import { replayManyAction } from "@/app/(dashboard)/[workspace]/messages/actions";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Checkbox } from "@/components/ui/checkbox";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { Progress } from "@/components/ui/progress";
import { BULK_REPLAY_BATCH } from "@/lib/outbound/bulk-replay";

type Selection = { selected: ReadonlySet<string>; toggle: (messageId: string, on: boolean) => void; setMany: (ids: string[], on: boolean) => void };

const SelectionContext = React.createContext<Selection | null>(null);

function useSelection(): Selection {
  const selection = React.useContext(SelectionContext);
  if (!selection) throw new Error("Bulk selection controls must sit inside <BulkReplay>");
  return selection;
}

type Run = { done: number; total: number; deliveries: number; skipped: number; error?: string; finished: boolean };

/**
 * A list whose rows can be selected (with <SelectMessage>, <SelectAllMessages>) and resent together: a bar offers
 * "Resend", a dialog confirms what will happen, then the selection is replayed in batches with a progress bar.
 * `endpointId` resends to that endpoint only (the endpoint page); without it each message goes to every endpoint
 * it went to before. Messages are the unit: several failed attempts of one message resend it once.
 */
export function BulkReplay({ workspace, endpointId, noun = "message", children }: { workspace: string; endpointId?: string; noun?: string; children: React.ReactNode }) {
  const router = useRouter();
  const [selected, setSelected] = React.useState<ReadonlySet<string>>(new Set());
  const [confirming, setConfirming] = React.useState(false);
  const [run, setRun] = React.useState<Run | null>(null);

  const selection = React.useMemo<Selection>(
    () => ({
      selected,
      toggle: (id, on) => setSelected((s) => toggled(s, [id], on)),
      setMany: (ids, on) => setSelected((s) => toggled(s, ids, on)),
    }),
    [selected],
  );

  async function resend() {
    const ids = [...selected];
    let progress: Run = { done: 0, total: ids.length, deliveries: 0, skipped: 0, finished: false };
    setRun(progress);
    for (let i = 0; i < ids.length; i += BULK_REPLAY_BATCH) {
      const form = new FormData();
      form.set("workspace", workspace);
      if (endpointId) form.set("endpointId", endpointId);
      for (const id of ids.slice(i, i + BULK_REPLAY_BATCH)) form.append("messageIds[]", id);
      const state = await replayManyAction(null, form);
      if (!state?.ok || !state.data) {
        progress = { ...progress, error: (state && !state.ok && state.formError) || "The resend stopped with an error.", finished: true };
        setRun(progress);
        break;
      }
      progress = { ...progress, done: progress.done + state.data.messages + state.data.skipped, deliveries: progress.deliveries + state.data.deliveries, skipped: progress.skipped + state.data.skipped };
      setRun(progress);
    }
    setRun({ ...progress, finished: true });
    setSelected(new Set());
    router.refresh();
  }

  function close(open: boolean) {
    if (open || (run && !run.finished)) return;
    setConfirming(false);
    setRun(null);
  }

  const count = selected.size;
  const plural = (n: number) => `${n} ${noun}${n === 1 ? "" : "s"}`;
  return (
    <SelectionContext value={selection}>
      {count > 0 ? (
        <div className="sticky top-16 z-10 flex flex-wrap items-center gap-3 rounded-lg border bg-popover px-4 py-2 text-sm shadow-sm" data-testid="bulk-bar">
          <span className="font-medium">{plural(count)} selected</span>
          <Button size="sm" onClick={() => setConfirming(true)}><RotateCcw aria-hidden /> Resend…</Button>
          <Button size="sm" variant="ghost" onClick={() => setSelected(new Set())}>Clear selection</Button>
        </div>
      ) : null}
      {children}
      <Dialog open={confirming} onOpenChange={close}>
        <DialogContent>
          <DialogHeader>
            <DialogTitle>{run ? (run.finished ? "Resend finished" : "Resending…") : `Resend ${plural(count)}?`}</DialogTitle>
            <DialogDescription>
              {endpointId
                ? "Each is sent again to this endpoint now, as a manual attempt with the same webhook-id, so receivers that deduplicate ignore copies they already handled."
                : "Each is sent again now to every endpoint it went to, as a manual attempt with the same webhook-id, so receivers that deduplicate ignore copies they already handled."}
            </DialogDescription>
          </DialogHeader>
          {run ? (
            <div className="space-y-2" data-testid="bulk-progress">
              <Progress value={run.done} max={run.total || 1} aria-label="Resend progress" />
              <p className="text-sm text-muted-foreground" aria-live="polite">
                {run.done} of {plural(run.total)} · {run.deliveries} {run.deliveries === 1 ? "delivery" : "deliveries"} queued
                {run.skipped ? ` · ${run.skipped} no longer exist` : ""}
              </p>
              {run.error ? <Alert variant="destructive"><AlertDescription>{run.error}</AlertDescription></Alert> : null}
            </div>
          ) : null}
          <DialogFooter>
            {run ? (
              <Button onClick={() => close(false)} disabled={!run.finished}>Done</Button>
            ) : (
              <>
                <Button variant="outline" onClick={() => close(false)}>Cancel</Button>
                <Button onClick={resend}>Resend {plural(count)}</Button>
              </>
            )}
          </DialogFooter>
        </DialogContent>
      </Dialog>
    </SelectionContext>
  );
}

function toggled(set: ReadonlySet<string>, ids: string[], on: boolean): ReadonlySet<string> {
  const next = new Set(set);
  for (const id of ids) {
    if (on) next.add(id);
    else next.delete(id);
  }
  return next;
}

/** The checkbox that selects one row's message. */
export function SelectMessage({ messageId, label }: { messageId: string; label: string }) {
  const { selected, toggle } = useSelection();
  return <Checkbox aria-label={label} checked={selected.has(messageId)} onCheckedChange={(on) => toggle(messageId, on === true)} />;
}

/** The header checkbox: selects every selectable row on this page, or clears them. */
export function SelectAllMessages({ messageIds, label }: { messageIds: string[]; label: string }) {
  const { selected, setMany } = useSelection();
  const chosen = messageIds.filter((id) => selected.has(id)).length;
  return (
    <Checkbox
      aria-label={label}
      disabled={messageIds.length === 0}
      checked={chosen === 0 ? false : chosen === messageIds.length ? true : "indeterminate"}
      onCheckedChange={(on) => setMany(messageIds, on === true)}
    />
  );
}
