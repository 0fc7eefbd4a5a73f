"use client";

import { startTransition, useActionState, useEffect, useRef } from "react";
import { FormError } from "@/components/ui/form";
import { toast } from "@/components/ui/toast";
import type { ActionState } from "@/lib/api/actions";

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

  // React resets a form after every action it runs, failed ones included, and Radix selects and checkboxes follow
  // that reset back to their first value. Submitting through onSubmit keeps every field as typed after an error;
  // `action` stays for submissions before hydration.
  const submit = (event: React.FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const formData = new FormData(event.currentTarget, (event.nativeEvent as SubmitEvent).submitter);
    startTransition(() => formAction(formData));
  };

  return (
    <form ref={form} action={formAction} onSubmit={submit} className={className} noValidate>
      {workspace ? <input type="hidden" name="workspace" value={workspace} /> : null}
      {children(state, pending)}
      {state && !state.ok && state.formError ? <FormError className="mt-2">{state.formError}</FormError> : null}
    </form>
  );
}

export function fieldError(state: ActionState<unknown>, field: string): string[] | undefined {
  return state && !state.ok ? state.fieldErrors?.[field] : undefined;
}
