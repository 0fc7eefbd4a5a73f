"use client";

import { useActionState, useEffect, useRef } from "react";
import { FormError } from "@/components/ui/form";
import { toast } from "@/components/ui/toast";
import type { ActionState } from "@/lib/actions";

type Action<T> = (state: ActionState<T>, formData: FormData) => Promise<ActionState<T>>;

/** Every dashboard form: runs a server action, shows field errors beside fields and a toast on success. */
export function ActionForm<T>({
  action,
  workspace,
  children,
  className,
  resetOnSuccess = true,
}: {
  action: Action<T>;
  workspace?: string;
  children: (state: ActionState<T>, pending: boolean) => React.ReactNode;
  className?: string;
  resetOnSuccess?: boolean;
}) {
  const [state, formAction, pending] = useActionState(action, null);
  const form = useRef<HTMLFormElement>(null);

  useEffect(() => {
    if (!state?.ok) return;
    if (state.message) toast({ title: state.message, variant: "success" });
    if (resetOnSuccess) form.current?.reset();
  }, [state, resetOnSuccess]);

  return (
    <form ref={form} action={formAction} className={className} noValidate>
      {workspace ? <input type="hidden" name="workspace" value={workspace} /> : null}
      {children(state, pending)}
      {state && !state.ok && state.formError ? <FormError className="mt-2">{state.formError}</FormError> : null}
    </form>
  );
}

export function fieldError(state: ActionState<unknown>, field: string): string[] | undefined {
  return state && !state.ok ? state.fieldErrors?.[field] : undefined;
}
