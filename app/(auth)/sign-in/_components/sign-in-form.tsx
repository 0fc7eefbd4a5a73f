"use client";

import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { FormError, FormField } from "@/components/ui/form";
import { Input } from "@/components/ui/input";
import { signInWithEmail } from "../actions";

export function SignInForm({ callbackUrl }: { callbackUrl: string }) {
  const [state, action, pending] = useActionState(signInWithEmail, null);
  return (
    <form action={action} className="space-y-4" noValidate>
      <input type="hidden" name="callbackUrl" value={callbackUrl} />
      <FormField label="Email" htmlFor="email" error={state?.fieldError}>
        <Input id="email" name="email" type="email" autoComplete="email" placeholder="you@company.com" defaultValue={state?.email} required autoFocus />
      </FormField>
      {state?.error ? <FormError>{state.error}</FormError> : null}
      <Button type="submit" className="w-full" disabled={pending}>
        {pending ? "Sending link…" : "Email me a sign-in link"}
      </Button>
    </form>
  );
}
