"use client";

import Link from "next/link";
import { ActionForm, fieldError } from "@/components/action-form";
import { Button } from "@/components/ui/button";
import { FormMessage } from "@/components/ui/form";
import { installAlertRecipeAction } from "../actions";

/** The alert recipes' install form: the Slack connection the rules alert (the newest one preselected). */
export function InstallAlertRecipe({ workspace, recipe, slackConnections }: { workspace: string; recipe: string; slackConnections: { id: string; label: string }[] }) {
  if (slackConnections.length === 0) {
    return <p className="text-sm text-muted-foreground">Connect Slack first: <Link className="underline" href={`/${workspace}/integrations`}>Integrations → Add to Slack</Link>.</p>;
  }
  return (
    <ActionForm action={installAlertRecipeAction} workspace={workspace} className="flex flex-wrap items-end gap-2">
      {(state, pending) => (
        <>
          <input type="hidden" name="recipe" value={recipe} />
          <label className="grid gap-1 text-sm">
            <span className="font-medium">Slack connection</span>
            <select name="slackEndpointId" defaultValue={slackConnections[0].id} aria-label="Slack connection" className="h-9 rounded-md border border-input bg-transparent px-3 text-sm">
              {slackConnections.map((c) => <option key={c.id} value={c.id}>{c.label}</option>)}
            </select>
          </label>
          <Button type="submit" disabled={pending}>{pending ? "Installing…" : "Install"}</Button>
          <FormMessage error={fieldError(state, "slackEndpointId") ?? fieldError(state, "recipe")} className="basis-full" />
        </>
      )}
    </ActionForm>
  );
}
