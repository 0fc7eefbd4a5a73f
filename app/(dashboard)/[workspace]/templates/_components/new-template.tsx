"use client";

import { Plus } from "lucide-react";
import { useState } from "react";
import { ActionForm, fieldError } from "@/components/action-form";
import { FormDialog } from "@/components/form-dialog";
import { Button } from "@/components/ui/button";
import { DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { FormField } from "@/components/ui/form";
import { Input } from "@/components/ui/input";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { TARGET_LABELS, TEMPLATE_TARGETS, type TemplateTarget } from "@/lib/payloads/targets";
import { createTemplateAction } from "../actions";

/** The new template form: a name, and a target unless it starts from a built-in (whose target it takes). */
function TemplateForm({ workspace, builtIn, defaultName }: { workspace: string; builtIn?: string; defaultName?: string }) {
  const [target, setTarget] = useState<TemplateTarget>("json");
  return (
    <ActionForm action={createTemplateAction} workspace={workspace} resetOnSuccess={false} className="space-y-5">
      {(state, pending) => (
        <>
          <DialogHeader>
            <DialogTitle>{builtIn ? `Use ${defaultName}` : "New template"}</DialogTitle>
            <DialogDescription>{builtIn ? "Makes an editable copy of the built-in in this workspace, as a draft." : "Starts as a draft you edit and preview, then publish."}</DialogDescription>
          </DialogHeader>
          {builtIn ? <input type="hidden" name="builtIn" value={builtIn} /> : null}
          <FormField label="Name" htmlFor="template-name" error={fieldError(state, "name")} description="Unique in the workspace; endpoints pick templates by it.">
            <Input name="name" defaultValue={defaultName} placeholder="Order alerts" autoComplete="off" />
          </FormField>
          {builtIn ? null : (
            <FormField label="Target format" htmlFor="template-target" error={fieldError(state, "target")} description="Decides the content type and how the output is checked.">
              <Select name="target" value={target} onValueChange={(v) => setTarget(v as TemplateTarget)}>
                <SelectTrigger id="template-target" className="w-full"><SelectValue /></SelectTrigger>
                <SelectContent>
                  {TEMPLATE_TARGETS.map((t) => <SelectItem key={t} value={t}>{TARGET_LABELS[t]}</SelectItem>)}
                </SelectContent>
              </Select>
            </FormField>
          )}
          <DialogFooter>
            <Button type="submit" disabled={pending}>{pending ? "Creating…" : "Create template"}</Button>
          </DialogFooter>
        </>
      )}
    </ActionForm>
  );
}

export function NewTemplateDialog({ workspace }: { workspace: string }) {
  return (
    <FormDialog trigger={<Button><Plus aria-hidden /> New template</Button>}>
      {() => <TemplateForm workspace={workspace} />}
    </FormDialog>
  );
}

export function UseBuiltInButton({ workspace, builtIn, name }: { workspace: string; builtIn: string; name: string }) {
  return (
    <FormDialog trigger={<Button variant="outline" size="sm" aria-label={`Use ${name}`}>Use</Button>}>
      {() => <TemplateForm workspace={workspace} builtIn={builtIn} defaultName={name} />}
    </FormDialog>
  );
}
