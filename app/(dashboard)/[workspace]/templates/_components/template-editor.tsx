"use client";

import { linter, lintGutter, type Diagnostic } from "@codemirror/lint";
import CodeMirror, { EditorView } from "@uiw/react-codemirror";
import { CheckCircle2, CircleAlert, Loader2 } from "lucide-react";
import { useTheme } from "next-themes";
import { startTransition, useEffect, useMemo, useRef, useState } from "react";
import { ActionForm, fieldError } from "@/components/action-form";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { FormField } from "@/components/ui/form";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { Textarea } from "@/components/ui/textarea";
import { Time } from "@/components/ui/time";
import type { ActionState } from "@/lib/api/actions";
import type { TemplatePreview, TemplateVersionView, TemplateView } from "@/lib/payloads/schemas";
import { TARGET_LABELS } from "@/lib/payloads/targets";
import { previewAction, publishAction, rollbackAction, saveDraftAction } from "../actions";

export interface SampleChoice {
  label: string;
  eventType: string;
  /** The payload as JSON text. */
  payload: string;
}

const PREVIEW_DELAY_MS = 400;

/** The template error as a CodeMirror diagnostic at its line and column (the whole first line when it has none). */
function diagnosticsFor(view: EditorView, preview: TemplatePreview | null): Diagnostic[] {
  if (!preview || preview.ok) return [];
  const { line, column, message } = preview.error;
  const doc = view.state.doc;
  const at = line && line <= doc.lines ? doc.line(line) : doc.line(1);
  const from = Math.min(at.from + Math.max((column ?? 1) - 1, 0), at.to);
  return [{ from, to: Math.max(from + 1, Math.min(at.to, doc.length)), severity: "error", message }];
}

/**
 * The template editor: the draft's source, a sample event (the catalog's or a built-in's) with editable data and
 * vars, and the rendering beside them, re-rendered on the server a moment after each change and checked for the
 * template's target. Saving keeps the draft; publishing saves it and makes the next version.
 */
export function TemplateEditor({ workspace, template, versions, samples, canWrite }: { workspace: string; template: TemplateView; versions: TemplateVersionView[]; samples: SampleChoice[]; canWrite: boolean }) {
  const { resolvedTheme } = useTheme();
  const [source, setSource] = useState(template.draftSource);
  const [sampleIndex, setSampleIndex] = useState(0);
  const [payload, setPayload] = useState(samples[0]?.payload ?? "{}");
  const [vars, setVars] = useState("");
  const [preview, setPreview] = useState<TemplatePreview | null>(null);
  const [previewError, setPreviewError] = useState<string | null>(null);
  const eventType = samples[sampleIndex]?.eventType ?? "example.event";
  // What the shown preview was rendered from; while it is not what the editor holds, a render is on its way.
  const inputs = JSON.stringify([source, eventType, payload, vars]);
  const [renderedInputs, setRenderedInputs] = useState<string | null>(null);
  const rendering = renderedInputs !== inputs;
  const latest = useRef(0);

  useEffect(() => {
    const request = ++latest.current;
    const timer = setTimeout(() => {
      const form = new FormData();
      form.set("workspace", workspace);
      form.set("id", template.id);
      form.set("source", source);
      form.set("eventType", eventType);
      form.set("payload", payload);
      form.set("vars", vars);
      startTransition(async () => {
        const state = (await previewAction(null, form)) as ActionState<TemplatePreview>;
        // An answer to an older edit is dropped: only the newest request's shows.
        if (request !== latest.current) return;
        setRenderedInputs(JSON.stringify([source, eventType, payload, vars]));
        if (state?.ok && state.data) {
          setPreview(state.data);
          setPreviewError(null);
        } else {
          const fields = state && !state.ok ? Object.entries(state.fieldErrors ?? {}).map(([field, messages]) => `${field}: ${messages.join(", ")}`) : [];
          setPreviewError(fields.length ? fields.join("; ") : ((state && !state.ok && state.formError) || "The preview failed."));
        }
      });
    }, PREVIEW_DELAY_MS);
    return () => clearTimeout(timer);
  }, [workspace, template.id, source, eventType, payload, vars]);

  const extensions = useMemo(
    () => [
      EditorView.lineWrapping,
      lintGutter(),
      linter((view) => diagnosticsFor(view, preview), { delay: 100 }),
      EditorView.contentAttributes.of({ "aria-label": "Template source", spellcheck: "false" }),
    ],
    [preview],
  );
  const draftChanged = source !== template.draftSource;
  const latestSource = versions[0]?.source;

  return (
    <div className="space-y-6">
      <div className="grid gap-6 xl:grid-cols-2">
        <Card>
          <CardHeader>
            <CardTitle className="text-base">Draft</CardTitle>
            <CardDescription>
              Liquid: <code>{"{{ event.data.field | json }}"}</code> inserts a value as JSON; <code>event.type</code>, <code>event.id</code>, <code>event.timestamp</code> and the endpoint&apos;s <code>vars.*</code> are there too.
              {latestSource !== undefined && latestSource !== source ? " The draft differs from the latest version." : null}
            </CardDescription>
          </CardHeader>
          <CardContent className="space-y-4">
            <div className="overflow-hidden rounded-md border border-input text-xs [&_.cm-editor.cm-focused]:outline-none [&_.cm-scroller]:font-mono" data-testid="template-source">
              <CodeMirror
                value={source}
                onChange={setSource}
                extensions={extensions}
                readOnly={!canWrite}
                theme={resolvedTheme === "dark" ? "dark" : "light"}
                minHeight="18rem"
                maxHeight="36rem"
                basicSetup={{ lineNumbers: true, foldGutter: false, highlightActiveLine: false, autocompletion: false, searchKeymap: false }}
              />
            </div>
            {canWrite ? (
              <div className="flex flex-wrap items-end gap-3">
                <ActionForm action={saveDraftAction} workspace={workspace} resetOnSuccess={false}>
                  {(_state, pending) => (
                    <>
                      <input type="hidden" name="id" value={template.id} />
                      <input type="hidden" name="source" value={source} />
                      <Button type="submit" variant="outline" disabled={pending || !draftChanged}>{pending ? "Saving…" : draftChanged ? "Save draft" : "Draft saved"}</Button>
                    </>
                  )}
                </ActionForm>
                <ActionForm action={publishAction} workspace={workspace} className="flex flex-1 flex-wrap items-end gap-2">
                  {(state, pending) => (
                    <>
                      <input type="hidden" name="id" value={template.id} />
                      <input type="hidden" name="source" value={source} />
                      <FormField label="Changelog" htmlFor="publish-changelog" error={fieldError(state, "changelog") ?? fieldError(state, "source")} className="min-w-48 flex-1">
                        <Input name="changelog" placeholder="What changed in this version" autoComplete="off" />
                      </FormField>
                      <Button type="submit" disabled={pending}>{pending ? "Publishing…" : `Publish v${template.latestVersion + 1}`}</Button>
                    </>
                  )}
                </ActionForm>
              </div>
            ) : null}
          </CardContent>
        </Card>

        <Card>
          <CardHeader>
            <CardTitle className="text-base">Preview</CardTitle>
            <CardDescription>Rendered on the server as a delivery would be, and checked as {TARGET_LABELS[template.target]}.</CardDescription>
          </CardHeader>
          <CardContent className="space-y-4">
            <div className="grid gap-3 sm:grid-cols-2">
              <div className="space-y-2">
                <Label htmlFor="preview-sample">Sample event</Label>
                <Select
                  value={String(sampleIndex)}
                  onValueChange={(value) => {
                    setSampleIndex(Number(value));
                    setPayload(samples[Number(value)]?.payload ?? "{}");
                  }}
                >
                  <SelectTrigger id="preview-sample" className="w-full"><SelectValue /></SelectTrigger>
                  <SelectContent>
                    {samples.map((s, i) => <SelectItem key={i} value={String(i)}>{s.label}</SelectItem>)}
                  </SelectContent>
                </Select>
              </div>
              <div className="space-y-2">
                <Label htmlFor="preview-vars">Vars (JSON)</Label>
                <Input id="preview-vars" value={vars} onChange={(e) => setVars(e.target.value)} placeholder='{"title": "Paid"}' className="font-mono text-xs" />
              </div>
            </div>
            <div className="space-y-2">
              <Label htmlFor="preview-payload">event.data</Label>
              <Textarea id="preview-payload" value={payload} onChange={(e) => setPayload(e.target.value)} rows={5} className="font-mono text-xs" />
            </div>
            <PreviewResult preview={preview} error={previewError} rendering={rendering} />
          </CardContent>
        </Card>
      </div>
      <Versions workspace={workspace} template={template} versions={versions} canWrite={canWrite} />
    </div>
  );
}

function PreviewResult({ preview, error, rendering }: { preview: TemplatePreview | null; error: string | null; rendering: boolean }) {
  return (
    <div className="space-y-2" data-testid="template-preview" aria-live="polite" aria-busy={rendering}>
      <div className="flex min-h-6 items-center gap-2 text-sm" data-testid="preview-status">
        {rendering ? <Loader2 className="size-4 animate-spin text-muted-foreground" aria-label="Rendering" /> : null}
        {error ? (
          <span className="text-destructive">{error}</span>
        ) : !preview ? null : !preview.ok ? (
          <span className="flex items-center gap-1 text-destructive"><CircleAlert className="size-4" aria-hidden />Template error{preview.error.line ? ` at line ${preview.error.line}, column ${preview.error.column}` : ""}: {preview.error.message}</span>
        ) : preview.validation.ok ? (
          <span className="flex items-center gap-1 text-success"><CheckCircle2 className="size-4" aria-hidden />Valid output · {preview.contentType}</span>
        ) : (
          <span className="flex items-center gap-1 text-warning-foreground dark:text-warning"><CircleAlert className="size-4" aria-hidden />The output would be refused:</span>
        )}
      </div>
      {preview?.ok && !preview.validation.ok ? (
        <ul className="list-disc space-y-1 pl-5 text-sm" data-testid="preview-issues">
          {preview.validation.issues.map((issue, i) => (
            <li key={i}>
              {issue.path ? <code className="text-xs">{issue.path}</code> : null} {issue.message}
              {issue.line ? ` (line ${issue.line}, column ${issue.column})` : ""}
            </li>
          ))}
        </ul>
      ) : null}
      {preview?.ok ? <pre className="max-h-96 overflow-auto rounded-md bg-muted p-3 font-mono text-xs whitespace-pre-wrap" data-testid="preview-output">{preview.output}</pre> : null}
    </div>
  );
}

function Versions({ workspace, template, versions, canWrite }: { workspace: string; template: TemplateView; versions: TemplateVersionView[]; canWrite: boolean }) {
  return (
    <Card>
      <CardHeader>
        <CardTitle className="text-base">Versions</CardTitle>
        <CardDescription>Published versions never change. Rolling back publishes an earlier version&apos;s source again as the new latest; endpoints pinned to a version keep theirs.</CardDescription>
      </CardHeader>
      <CardContent>
        {versions.length === 0 ? (
          <p className="text-sm text-muted-foreground">Nothing published yet: endpoints can use this template once it has a version.</p>
        ) : (
          <ol className="divide-y" data-testid="template-versions">
            {versions.map((v) => (
              <li key={v.number} className="flex flex-wrap items-center justify-between gap-2 py-2" data-testid="template-version">
                <div>
                  <span className="font-medium">v{v.number}</span>
                  {v.number === template.latestVersion ? <span className="ml-2 text-xs text-muted-foreground">latest</span> : null}
                  <span className="ml-3 text-sm">{v.changelog || <span className="text-muted-foreground">No changelog</span>}</span>
                  <div className="text-xs text-muted-foreground">{v.publishedBy} · <Time value={v.publishedAt} /></div>
                </div>
                {canWrite && v.number < template.latestVersion ? (
                  <ActionForm action={rollbackAction} workspace={workspace}>
                    {(_state, pending) => (
                      <>
                        <input type="hidden" name="id" value={template.id} />
                        <input type="hidden" name="version" value={v.number} />
                        <Button type="submit" variant="outline" size="sm" disabled={pending}>{pending ? "Rolling back…" : `Roll back to v${v.number}`}</Button>
                      </>
                    )}
                  </ActionForm>
                ) : null}
              </li>
            ))}
          </ol>
        )}
      </CardContent>
    </Card>
  );
}
