"use client";

import Link from "next/link";
import { useState } from "react";
import { ActionForm, fieldError } from "@/components/action-form";
import { Button } from "@/components/ui/button";
import { FormField } from "@/components/ui/form";
import { Input } from "@/components/ui/input";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import type { EndpointView } from "@/lib/outbound/schemas";
import { setEndpointTemplateAction } from "../actions";

export interface TemplateChoice {
  id: string;
  name: string;
  latestVersion: number;
}

const NONE = "none";
const LATEST = "latest";

/** Picks the endpoint's payload template and its version (or the latest); picking one sets the payload format to template. */
export function TemplatePicker({ workspace, endpoint, templates }: { workspace: string; endpoint: EndpointView; templates: TemplateChoice[] }) {
  const [templateId, setTemplateId] = useState(endpoint.templateId ?? NONE);
  const [version, setVersion] = useState(endpoint.templateVersion?.toString() ?? LATEST);
  const picked = templates.find((t) => t.id === templateId);
  const published = templates.filter((t) => t.latestVersion > 0);
  return (
    <ActionForm action={setEndpointTemplateAction} workspace={workspace} resetOnSuccess={false} className="space-y-4">
      {(state, pending) => (
        <>
          <input type="hidden" name="id" value={endpoint.id} />
          <div className="grid gap-4 sm:grid-cols-2">
            <FormField label="Template" htmlFor="endpoint-template" error={fieldError(state, "templateId")}
              description={published.length ? undefined : <>No published template yet: make one on the <Link href={`/${workspace}/templates`} className="underline">Templates</Link> page.</>}>
              <Select name="templateId" value={templateId} onValueChange={(value) => { setTemplateId(value); setVersion(LATEST); }}>
                <SelectTrigger id="endpoint-template" className="w-full"><SelectValue /></SelectTrigger>
                <SelectContent>
                  <SelectItem value={NONE}>None (the payload format decides)</SelectItem>
                  {published.map((t) => <SelectItem key={t.id} value={t.id}>{t.name}</SelectItem>)}
                </SelectContent>
              </Select>
            </FormField>
            <FormField label="Version" htmlFor="endpoint-template-version" error={fieldError(state, "templateVersion")} description="Pin a version, or follow the latest: a publish reaches this endpoint at once.">
              <Select name="templateVersion" value={version} onValueChange={setVersion} disabled={!picked}>
                <SelectTrigger id="endpoint-template-version" className="w-full"><SelectValue /></SelectTrigger>
                <SelectContent>
                  <SelectItem value={LATEST}>Latest{picked ? ` (now v${picked.latestVersion})` : ""}</SelectItem>
                  {picked ? Array.from({ length: picked.latestVersion }, (_, i) => picked.latestVersion - i).map((n) => <SelectItem key={n} value={String(n)}>v{n}</SelectItem>) : null}
                </SelectContent>
              </Select>
            </FormField>
          </div>
          <FormField label="Template variables" htmlFor="endpoint-template-vars" error={fieldError(state, "templateVars")} description='JSON of strings, the template&apos;s vars, such as {"title": "Orders", "url": "https://…"}.'>
            <Input name="templateVars" defaultValue={Object.keys(endpoint.templateVars).length ? JSON.stringify(endpoint.templateVars) : ""} placeholder='{"title": "Orders"}' className="font-mono text-xs" autoComplete="off" />
          </FormField>
          <Button type="submit" disabled={pending}>{pending ? "Saving…" : "Save template"}</Button>
        </>
      )}
    </ActionForm>
  );
}
