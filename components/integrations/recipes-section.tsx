"use client";

import Link from "next/link";
import { ActionForm, fieldError } from "@/components/action-form";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { FormField } from "@/components/ui/form";
import { Input } from "@/components/ui/input";
import type { ActionState } from "@/lib/api/actions";

export interface RecipeCard {
  id: string;
  version: number;
  name: string;
  summary: string;
  sourceName: string;
  provider: string;
  service: string;
  urlHint: string;
}

export interface InstalledParts {
  recipe: string;
  source: { id: string; name: string; url: string };
  template: { id: string; name: string };
  endpoint: { id: string; url: string };
  connection: { id: string; name: string };
}

type Action = (state: ActionState<InstalledParts>, formData: FormData) => Promise<ActionState<InstalledParts>>;

/** What an install made, each part linked to where it is edited. */
function Created({ parts, workspace }: { parts: InstalledParts; workspace: string }) {
  return (
    <div className="rounded-md border bg-muted/40 p-3 text-sm" data-testid="recipe-installed">
      <p className="font-medium">Installed. Point the provider at the source URL:</p>
      <code className="mt-1 block break-all text-xs">{parts.source.url}</code>
      <ul className="mt-2 list-disc space-y-1 pl-5">
        <li>Source <Link className="underline" href={`/${workspace}/sources/${parts.source.id}`}>{parts.source.name}</Link>, with its connection {parts.connection.name || parts.connection.id}</li>
        <li>Endpoint <Link className="underline" href={`/${workspace}/endpoints/${parts.endpoint.id}`}>{parts.endpoint.url}</Link></li>
        <li>Template <Link className="underline" href={`/${workspace}/templates/${parts.template.id}`}>{parts.template.name}</Link></li>
      </ul>
    </div>
  );
}

function InstallForm({ recipe, action, workspace, applications }: { recipe: RecipeCard; action: Action; workspace: string; applications: { id: string; name: string }[] }) {
  return (
    <ActionForm action={action} workspace={workspace} resetOnSuccess={false} className="space-y-3">
      {(state, pending) => (
        <>
          <input type="hidden" name="recipe" value={recipe.id} />
          <FormField label={`${recipe.service} URL`} htmlFor={`${recipe.id}-url`} error={fieldError(state, "destinationUrl")} description={recipe.urlHint}>
            <Input id={`${recipe.id}-url`} name="destinationUrl" placeholder="https://…" />
          </FormField>
          <div className="grid gap-3 sm:grid-cols-3">
            <FormField label="Application" htmlFor={`${recipe.id}-application`} error={fieldError(state, "application")}>
              <select id={`${recipe.id}-application`} name="application" defaultValue={applications[0]?.id ?? ""} className="h-9 w-full rounded-md border bg-background px-2 text-sm">
                {applications.map((a) => <option key={a.id} value={a.id}>{a.name}</option>)}
              </select>
            </FormField>
            <FormField label="Source name" htmlFor={`${recipe.id}-source`} error={fieldError(state, "sourceName")}>
              <Input id={`${recipe.id}-source`} name="sourceName" placeholder={recipe.sourceName} />
            </FormField>
            <FormField label="Signing secret (optional)" htmlFor={`${recipe.id}-secret`} error={fieldError(state, "sourceSecret")}>
              <Input id={`${recipe.id}-secret`} name="sourceSecret" type="password" autoComplete="off" placeholder="Generated when empty" />
            </FormField>
          </div>
          <Button type="submit" disabled={pending}>{pending ? "Installing…" : "Install"}</Button>
          {state?.ok && state.data ? <Created parts={state.data} workspace={workspace} /> : null}
        </>
      )}
    </ActionForm>
  );
}

/** The Integrations page's Recipes: ready-made flows, each installed in one step and editable part by part after. */
export function RecipesSection({ recipes, action, workspace, applications, writable }: { recipes: RecipeCard[]; action: Action; workspace: string; applications: { id: string; name: string }[]; writable: boolean }) {
  return (
    <section className="space-y-3" aria-labelledby="recipes-heading">
      <div>
        <h2 id="recipes-heading" className="text-lg font-semibold">Recipes</h2>
        <p className="text-sm text-muted-foreground">Common flows in one step: a source for the provider, a connection that picks and shapes its events, and an endpoint that posts them in the destination&apos;s format.</p>
      </div>
      {recipes.length === 0 ? <p className="text-sm text-muted-foreground">No recipes are available.</p> : null}
      <div className="grid gap-4 lg:grid-cols-2">
        {recipes.map((recipe) => (
          <Card key={recipe.id} data-testid={`recipe-${recipe.id}`}>
            <CardHeader>
              <CardTitle className="text-base">{recipe.name}</CardTitle>
              <CardDescription>{recipe.summary} <span className="whitespace-nowrap">(v{recipe.version}, {recipe.provider} → {recipe.service})</span></CardDescription>
            </CardHeader>
            <CardContent>
              {writable ? <InstallForm recipe={recipe} action={action} workspace={workspace} applications={applications} /> : <p className="text-sm text-muted-foreground">Installing a recipe needs a role that may change sources and endpoints.</p>}
            </CardContent>
          </Card>
        ))}
      </div>
    </section>
  );
}
