"use client";

import { FileUp } from "lucide-react";
import { useState } from "react";
import { ActionForm } from "@/components/action-form";
import { errorsUnder } from "@/components/outbound/field-errors";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { FormField } from "@/components/ui/form";
import { Textarea } from "@/components/ui/textarea";
import { importOpenApiAction } from "../actions";

const PLACEHOLDER = `{
  "openapi": "3.1.0",
  "info": { "title": "Billing webhooks", "version": "1" },
  "webhooks": {
    "invoice.paid": {
      "post": {
        "tags": ["Billing"],
        "requestBody": { "content": { "application/json": { "schema": { "type": "object" } } } }
      }
    }
  }
}`;

function names(list: string[]) {
  return list.length ? list.join(", ") : "none";
}

/** Imports the webhooks section of a pasted OpenAPI 3.1 document: new types, and new versions where schemas changed. */
export function ImportOpenApiDialog({ workspace }: { workspace: string }) {
  const [open, setOpen] = useState(false);
  const [formKey, setFormKey] = useState(0);
  const [document, setDocument] = useState("");
  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (!next) {
          setFormKey((k) => k + 1);
          setDocument("");
        }
      }}
    >
      <DialogTrigger asChild>
        <Button variant="outline"><FileUp aria-hidden /> Import OpenAPI</Button>
      </DialogTrigger>
      <DialogContent className="sm:max-w-2xl">
        <ActionForm key={formKey} action={importOpenApiAction} workspace={workspace} resetOnSuccess={false} className="space-y-4">
          {(state, pending) =>
            state?.ok && state.data ? (
              <>
                <DialogHeader>
                  <DialogTitle>Imported</DialogTitle>
                </DialogHeader>
                <Alert variant="success">
                  <AlertDescription>
                    <p>Created: <span className="font-mono">{names(state.data.created)}</span></p>
                    <p>New versions: <span className="font-mono">{names(state.data.versioned)}</span></p>
                    <p>Unchanged: <span className="font-mono">{names(state.data.unchanged)}</span></p>
                  </AlertDescription>
                </Alert>
                <DialogFooter><Button type="button" onClick={() => setOpen(false)}>Done</Button></DialogFooter>
              </>
            ) : (
              <>
                <DialogHeader>
                  <DialogTitle>Import from OpenAPI</DialogTitle>
                  <DialogDescription>
                    Each entry of the document&apos;s <code>webhooks</code> becomes an event type named by its key, with the JSON request body as its schema and the first tag as its feature group. Types that exist get a new version only if their schema changed.
                  </DialogDescription>
                </DialogHeader>
                <FormField label="OpenAPI 3.1 document (JSON)" htmlFor="openapi-document" error={errorsUnder(state, "document")}>
                  <Textarea name="document" value={document} onChange={(e) => setDocument(e.target.value)} rows={14} className="font-mono text-xs" placeholder={PLACEHOLDER} spellCheck={false} />
                </FormField>
                <DialogFooter><Button type="submit" disabled={pending}>{pending ? "Importing…" : "Import"}</Button></DialogFooter>
              </>
            )
          }
        </ActionForm>
      </DialogContent>
    </Dialog>
  );
}
