"use client";

import { Fragment, useEffect, useState } from "react";
import { Dialog, DialogContent, DialogTrigger } from "@/components/ui/dialog";

/**
 * A dialog holding a form. Closing it (by the close button, Escape, or `close()`) remounts the form, so the next
 * opening starts blank: no leftover field errors, and no shown-once secret lingering in a closed dialog's state.
 */
export function FormDialog({ trigger, className, children }: { trigger: React.ReactNode; className?: string; children: (close: () => void) => React.ReactNode }) {
  const [open, setOpen] = useState(false);
  const [generation, setGeneration] = useState(0);
  const close = () => {
    setOpen(false);
    setGeneration((g) => g + 1);
  };
  return (
    <Dialog open={open} onOpenChange={(next) => (next ? setOpen(true) : close())}>
      <DialogTrigger asChild>{trigger}</DialogTrigger>
      <DialogContent className={className}>
        <Fragment key={generation}>{children(close)}</Fragment>
      </DialogContent>
    </Dialog>
  );
}

/** Rendered inside a FormDialog's form: closes the dialog once its action succeeds. */
export function CloseOnSuccess({ ok, close }: { ok: boolean; close: () => void }) {
  useEffect(() => {
    if (ok) close();
  }, [ok, close]);
  return null;
}
