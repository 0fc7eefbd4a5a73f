"use client";

import { Eye } from "lucide-react";
import { ActionForm } from "@/components/action-form";
import { CopyButton } from "@/components/outbound/copy-button";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import type { ActionState } from "@/lib/api/actions";

/** A value to copy (a URL, a key, a secret), written out in full beside its copy button. */
export function CopyableValue({ value, testId, copyLabel }: { value: string; testId: string; copyLabel: string }) {
  return (
    <div className="flex items-center gap-2">
      <code data-testid={testId} className="min-w-0 flex-1 rounded-md border bg-muted px-2 py-1.5 font-mono text-xs break-all">{value}</code>
      <CopyButton value={value} label={copyLabel} />
    </div>
  );
}

/**
 * A secret: masked until its value is known (`value` undefined), then written out with a copy button. `shownOnce`
 * names what cannot be shown again (a key whose hash alone is stored) and adds the warning to copy it now.
 */
export function SecretReveal({
  value,
  masked,
  testId,
  copyLabel,
  shownOnce,
}: {
  value: string | undefined;
  /** What stands for the value while it is hidden, e.g. "whsec_••••"; nothing is shown without it. */
  masked?: string;
  testId: string;
  copyLabel: string;
  shownOnce?: { noun: string; note?: React.ReactNode };
}) {
  if (value === undefined) {
    return masked ? <code className="block rounded-md border bg-muted px-2 py-1.5 font-mono text-xs text-muted-foreground">{masked}</code> : null;
  }
  const copyable = <CopyableValue value={value} testId={testId} copyLabel={copyLabel} />;
  if (!shownOnce) return copyable;
  return (
    <div className="space-y-3">
      <Alert variant="warning">
        <AlertDescription>
          Copy this {shownOnce.noun} now. Switchboard stores only its hash and cannot show it again.{shownOnce.note ? <> {shownOnce.note}</> : null}
        </AlertDescription>
      </Alert>
      {copyable}
    </div>
  );
}

type RevealAction<T> = (state: ActionState<T>, formData: FormData) => Promise<ActionState<T>>;

/**
 * The form that reveals stored secrets through a server action (which audits the reveal): `children` draws them,
 * masked while `revealed` is undefined, and a Reveal button shows until they are.
 */
export function SecretRevealForm<T>({
  action,
  workspace,
  id,
  label = "Reveal",
  pendingLabel = label,
  className,
  children,
}: {
  action: RevealAction<T>;
  workspace: string;
  /** The id of what the secrets belong to, sent as the form's `id`. */
  id: string;
  label?: string;
  pendingLabel?: string;
  className?: string;
  children: (revealed: T | undefined) => React.ReactNode;
}) {
  return (
    <ActionForm action={action} workspace={workspace} resetOnSuccess={false} className={className}>
      {(state, pending) => {
        const revealed = state?.ok ? state.data : undefined;
        return (
          <>
            <input type="hidden" name="id" value={id} />
            {children(revealed)}
            {revealed === undefined ? (
              <Button type="submit" variant="outline" size="sm" disabled={pending}><Eye aria-hidden /> {pending ? pendingLabel : label}</Button>
            ) : null}
          </>
        );
      }}
    </ActionForm>
  );
}
