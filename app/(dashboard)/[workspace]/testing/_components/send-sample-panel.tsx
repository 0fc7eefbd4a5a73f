"use client";

import Link from "next/link";
import { useEffect, useRef, useState } from "react";
import { ActionForm, fieldError } from "@/components/action-form";
import { errorsUnder } from "@/components/outbound/field-errors";
import { AttemptList } from "@/components/outbound/attempt-list";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { FormField } from "@/components/ui/form";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { Textarea } from "@/components/ui/textarea";
import type { SampleAttemptResult } from "@/lib/outbound/sample-send";
import { sendSampleAction } from "../actions";

export interface SampleEventType {
  name: string;
  version: number;
  sample: unknown;
}

// A long URL is one unbreakable word: the chosen value is cut with an ellipsis instead of running past the field.
const TRIGGER = "w-full min-w-0 overflow-hidden font-mono text-xs *:data-[slot=select-value]:block *:data-[slot=select-value]:truncate";

const pretty = (value: unknown) => (value === null || value === undefined ? "" : JSON.stringify(value, null, 2));

/**
 * Sends an event type's sample (or the payload as edited) to one endpoint and shows the attempt it made inline: the
 * request as signed and sent, the response, and the time it took, from the attempts log.
 */
export function SendSamplePanel({ workspace, endpoints, eventTypes }: { workspace: string; endpoints: { id: string; url: string; status: string }[]; eventTypes: SampleEventType[] }) {
  const [endpointId, setEndpointId] = useState(endpoints.find((e) => e.status !== "disabled")?.id ?? "");
  const [eventType, setEventType] = useState(eventTypes[0]?.name ?? "");
  const [payload, setPayload] = useState(pretty(eventTypes[0]?.sample));

  if (endpoints.length === 0 || eventTypes.length === 0) {
    return (
      <p className="text-sm text-muted-foreground">
        Sending a sample needs an endpoint and an event type.{" "}
        {endpoints.length === 0 ? <Link className="underline" href={`/${workspace}/endpoints`}>Add an endpoint</Link> : <Link className="underline" href={`/${workspace}/event-types`}>Create an event type</Link>}{" "}
        first (a chaos receiver URL, below, makes a good first endpoint).
      </p>
    );
  }
  const pick = (name: string) => {
    setEventType(name);
    setPayload(pretty(eventTypes.find((t) => t.name === name)?.sample));
  };

  return (
    <ActionForm action={sendSampleAction} workspace={workspace} resetOnSuccess={false} className="space-y-4">
      {(state, pending) => (
        <>
          <div className="grid gap-4 md:grid-cols-2">
            <FormField label="Endpoint" htmlFor="sample-endpoint" error={fieldError(state, "endpointId")} className="min-w-0">
              <Select name="endpointId" value={endpointId} onValueChange={setEndpointId}>
                <SelectTrigger id="sample-endpoint" className={TRIGGER} data-testid="sample-endpoint"><SelectValue placeholder="Pick an endpoint" /></SelectTrigger>
                <SelectContent>
                  {endpoints.map((e) => (
                    <SelectItem key={e.id} value={e.id} disabled={e.status === "disabled"} className="font-mono text-xs">
                      {e.url}{e.status === "enabled" ? "" : ` (${e.status})`}
                    </SelectItem>
                  ))}
                </SelectContent>
              </Select>
            </FormField>
            <FormField label="Sample" htmlFor="sample-event-type" error={fieldError(state, "eventType")} className="min-w-0">
              <Select name="eventType" value={eventType} onValueChange={pick}>
                <SelectTrigger id="sample-event-type" className={TRIGGER}><SelectValue /></SelectTrigger>
                <SelectContent>
                  {eventTypes.map((t) => <SelectItem key={t.name} value={t.name} className="font-mono text-xs">{t.name} v{t.version}</SelectItem>)}
                </SelectContent>
              </Select>
            </FormField>
          </div>
          <FormField label="Payload (JSON)" htmlFor="sample-payload" error={errorsUnder(state, "payload")} description="The event type's sample; edit it to send something else. It is checked against the type's schema.">
            <Textarea name="payload" rows={6} value={payload} onChange={(e) => setPayload(e.target.value)} className="font-mono text-xs" spellCheck={false} />
          </FormField>
          <Button type="submit" disabled={pending || !endpointId}>{pending ? "Sending…" : "Send sample"}</Button>
          {state?.ok && state.data ? <SampleAttempt workspace={workspace} result={state.data} /> : null}
        </>
      )}
    </ActionForm>
  );
}

function SampleAttempt({ workspace, result }: { workspace: string; result: SampleAttemptResult }) {
  const box = useRef<HTMLDivElement>(null);
  // The attempt row is a <details> (as in every attempts log); here it is what was asked for, so it opens at once.
  useEffect(() => box.current?.querySelector("details")?.setAttribute("open", ""), [result]);
  return (
    <div ref={box} className="space-y-2" data-testid="sample-result">
      {result.note ? (
        <Alert variant="warning"><AlertDescription>{result.note}</AlertDescription></Alert>
      ) : null}
      {result.attempt ? (
        <AttemptList attempts={[result.attempt]} bodies={new Map([[result.attempt.id, result.requestBody]])} messageHref={(id) => `/${workspace}/messages/${id}`} showUrl />
      ) : null}
      <p className="text-xs text-muted-foreground">
        <Link className="underline" href={`/${workspace}/messages/${result.messageId}`}>Message {result.messageId}</Link>: later retries, if it failed, follow the endpoint&apos;s schedule (see the retry preview).
      </p>
    </div>
  );
}
