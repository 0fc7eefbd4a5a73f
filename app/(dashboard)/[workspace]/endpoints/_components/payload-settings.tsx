"use client";

import CodeMirror, { EditorView } from "@uiw/react-codemirror";
import { useTheme } from "next-themes";
import { useState } from "react";
import { ActionForm, fieldError } from "@/components/action-form";
import { Button } from "@/components/ui/button";
import { Checkbox } from "@/components/ui/checkbox";
import { FormField } from "@/components/ui/form";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import type { EndpointView } from "@/lib/outbound/schemas";
import { PAYLOAD_FORMAT_LABELS, PAYLOAD_FORMATS } from "@/lib/payloads/formats";
import { setEndpointPayloadAction, testTransformationAction } from "../actions";

const EXAMPLE = `function handler(webhook) {
  // webhook = { eventType, payload, url, method, headers }
  webhook.payload = { text: webhook.eventType + " received" };
  // webhook.cancel = true; // skip this delivery
  return webhook;
}`;

/**
 * The endpoint page's Payload section: the body's format, a transformation with a test run against an event type's
 * sample payload (output, cancel, or the error with its line), and gzip above a threshold.
 */
export function PayloadSettings({ workspace, endpoint, eventTypes, canWrite }: { workspace: string; endpoint: EndpointView; eventTypes: string[]; canWrite: boolean }) {
  const { resolvedTheme } = useTheme();
  const [source, setSource] = useState(endpoint.transformation ?? "");
  const [format, setFormat] = useState<string>(endpoint.payloadFormat);
  const [eventType, setEventType] = useState(eventTypes[0] ?? "");
  const editor = (
    <CodeMirror
      value={source}
      onChange={setSource}
      placeholder={EXAMPLE}
      readOnly={!canWrite}
      theme={resolvedTheme === "dark" ? "dark" : "light"}
      minHeight="10rem"
      maxHeight="28rem"
      extensions={[EditorView.lineWrapping, EditorView.contentAttributes.of({ "aria-label": "Transformation" })]}
      basicSetup={{ lineNumbers: true, foldGutter: false, autocompletion: false }}
      className="overflow-hidden rounded-md border font-mono text-xs"
    />
  );
  return (
    <div className="space-y-6">
      <ActionForm action={setEndpointPayloadAction} workspace={workspace} resetOnSuccess={false} className="space-y-4">
        {(state, pending) => (
          <>
            <input type="hidden" name="id" value={endpoint.id} />
            <FormField label="Format" htmlFor="payload-format" error={fieldError(state, "payloadFormat")} description="The content type always matches the body. Template is picked with its template, above.">
              <Select name="payloadFormat" value={format} onValueChange={setFormat} disabled={!canWrite}>
                <SelectTrigger id="payload-format" className="w-full sm:w-96"><SelectValue /></SelectTrigger>
                <SelectContent>
                  {PAYLOAD_FORMATS.filter((f) => f !== "template" || endpoint.payloadFormat === "template").map((f) => (
                    <SelectItem key={f} value={f}>{PAYLOAD_FORMAT_LABELS[f]}</SelectItem>
                  ))}
                </SelectContent>
              </Select>
            </FormField>
            <FormField label="Transformation" htmlFor="payload-transformation" error={fieldError(state, "transformation")}
              description="JavaScript run in a sandbox on every delivery (50 ms, 16 MiB, no network or files). Change webhook.payload, url, method or headers, or set webhook.cancel = true to skip the delivery.">
              {editor}
            </FormField>
            <input type="hidden" name="transformation" value={source} />
            <div className="flex items-center gap-2">
              <Checkbox id="payload-transformation-enabled" name="transformationEnabled" defaultChecked={endpoint.transformationEnabled} disabled={!canWrite} />
              <Label htmlFor="payload-transformation-enabled">Run the transformation on deliveries</Label>
            </div>
            <div className="grid gap-4 sm:grid-cols-2">
              <div className="flex items-center gap-2">
                <Checkbox id="payload-compression" name="compression" defaultChecked={endpoint.compression === "gzip"} disabled={!canWrite} />
                <Label htmlFor="payload-compression">Compress with gzip</Label>
              </div>
              <FormField label="Compress bodies from (bytes)" htmlFor="payload-threshold" error={fieldError(state, "compressionThresholdBytes")}>
                <Input id="payload-threshold" name="compressionThresholdBytes" type="number" min={0} defaultValue={endpoint.compressionThresholdBytes} disabled={!canWrite} />
              </FormField>
            </div>
            <p className="text-sm text-muted-foreground">
              Compressed requests carry <code>Content-Encoding: gzip</code>. The signature covers the uncompressed body: receivers verify the body after decoding it, as their frameworks do.
            </p>
            {canWrite ? <Button type="submit" disabled={pending}>{pending ? "Saving…" : "Save payload settings"}</Button> : null}
          </>
        )}
      </ActionForm>

      <ActionForm action={testTransformationAction} workspace={workspace} resetOnSuccess={false} className="space-y-3 rounded-md border p-4">
        {(state, pending) => (
          <>
            <input type="hidden" name="id" value={endpoint.id} />
            <input type="hidden" name="transformation" value={source} />
            <p className="text-sm font-medium">Test run</p>
            {eventTypes.length === 0 ? (
              <p className="text-sm text-muted-foreground">Add an event type with a sample payload to test the transformation against.</p>
            ) : (
              <div className="flex flex-wrap items-end gap-3">
                <FormField label="Sample event" htmlFor="payload-test-type" error={fieldError(state, "eventType")}>
                  <Select name="eventType" value={eventType} onValueChange={setEventType}>
                    <SelectTrigger id="payload-test-type" className="w-64"><SelectValue /></SelectTrigger>
                    <SelectContent>{eventTypes.map((t) => <SelectItem key={t} value={t}>{t}</SelectItem>)}</SelectContent>
                  </Select>
                </FormField>
                <Button type="submit" variant="outline" disabled={pending}>{pending ? "Running…" : "Test run"}</Button>
              </div>
            )}
            {fieldError(state, "transformation") ? <p className="font-mono text-sm text-destructive" role="alert">{fieldError(state, "transformation")!.join(" ")}</p> : null}
            {state?.ok && state.message ? <pre className="overflow-x-auto rounded bg-muted p-2 text-xs" aria-label="Test run output">{state.message}</pre> : null}
          </>
        )}
      </ActionForm>
    </div>
  );
}
