"use client";

import { Eye, Pause, Play, RotateCw, Trash2 } from "lucide-react";
import Link from "next/link";
import { useState } from "react";
import { ActionForm, fieldError } from "@/components/action-form";
import { FormDialog } from "@/components/form-dialog";
import { AttemptOutcome } from "@/components/outbound/attempt-list";
import { CopyButton } from "@/components/outbound/copy-button";
import { EndpointFields, type CatalogEntry } from "@/components/outbound/endpoint-fields";
import { errorsUnder } from "@/components/outbound/field-errors";
import { TimezoneField } from "@/components/outbound/timezone-field";
import { Button } from "@/components/ui/button";
import { DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { FormField } from "@/components/ui/form";
import { Input } from "@/components/ui/input";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { Textarea } from "@/components/ui/textarea";
import { Time } from "@/components/ui/time";
import type { EndpointView } from "@/lib/outbound/schemas";
import type { AttemptView } from "@/lib/outbound/schemas";
import {
  changePortalEndpointStatusAction,
  deletePortalEndpointAction,
  recoverPortalAction,
  revealPortalSecretAction,
  rotatePortalSecretAction,
  sendPortalExampleAction,
  updatePortalEndpointAction,
} from "../../actions";

export function StatusButton({ endpoint }: { endpoint: EndpointView }) {
  if (endpoint.status === "disabled") return null;
  const change = endpoint.status === "paused" ? "resume" : "pause";
  return (
    <ActionForm action={changePortalEndpointStatusAction}>
      {(_s, pending) => (
        <>
          <input type="hidden" name="id" value={endpoint.id} />
          <input type="hidden" name="change" value={change} />
          <Button type="submit" variant="outline" size="sm" disabled={pending}>
            {change === "pause" ? <><Pause aria-hidden /> Pause</> : <><Play aria-hidden /> Resume</>}
          </Button>
        </>
      )}
    </ActionForm>
  );
}

export function DeleteButton({ id }: { id: string }) {
  return (
    <FormDialog trigger={<Button variant="outline" size="sm"><Trash2 aria-hidden /> Delete</Button>}>
      {(close) => (
        <ActionForm action={deletePortalEndpointAction} className="space-y-4">
          {(_s, pending) => (
            <>
              <DialogHeader>
                <DialogTitle>Delete this endpoint?</DialogTitle>
                <DialogDescription>It stops receiving webhooks at once, and its delivery history goes with it.</DialogDescription>
              </DialogHeader>
              <input type="hidden" name="id" value={id} />
              <DialogFooter>
                <Button type="button" variant="ghost" onClick={close}>Cancel</Button>
                <Button type="submit" variant="destructive" disabled={pending}>Delete endpoint</Button>
              </DialogFooter>
            </>
          )}
        </ActionForm>
      )}
    </FormDialog>
  );
}

export function EditEndpointForm({ endpoint, catalog }: { endpoint: EndpointView; catalog: CatalogEntry[] }) {
  return (
    <ActionForm action={updatePortalEndpointAction} resetOnSuccess={false} className="space-y-5">
      {(state, pending) => (
        <>
          <input type="hidden" name="id" value={endpoint.id} />
          <EndpointFields state={state} catalog={catalog} endpoint={endpoint} />
          <Button type="submit" disabled={pending}>{pending ? "Saving…" : "Save endpoint"}</Button>
        </>
      )}
    </ActionForm>
  );
}

function SecretValue({ value }: { value: string }) {
  return (
    <div className="flex items-center gap-2">
      <code data-testid="signing-secret" className="min-w-0 flex-1 rounded-md border bg-muted px-2 py-1.5 font-mono text-xs break-all">{value}</code>
      <CopyButton value={value} label="Copy secret" />
    </div>
  );
}

export function RevealSecret({ id }: { id: string }) {
  return (
    <ActionForm action={revealPortalSecretAction} resetOnSuccess={false} className="space-y-2">
      {(state, pending) =>
        state?.ok && state.data ? (
          <div className="space-y-2">
            <SecretValue value={state.data.secret} />
            {state.data.previous.map((p) => (
              <p key={p.secret} className="text-xs text-muted-foreground">The previous secret also signs until {p.expiresAt ? <Time value={p.expiresAt} /> : "further notice"}.</p>
            ))}
          </div>
        ) : (
          <>
            <input type="hidden" name="id" value={id} />
            <Button type="submit" variant="outline" size="sm" disabled={pending}><Eye aria-hidden /> Reveal secret</Button>
          </>
        )
      }
    </ActionForm>
  );
}

const OVERLAPS = [
  ["0", "No overlap: retire it now"],
  ["3600", "1 hour"],
  ["86400", "24 hours"],
  ["604800", "7 days (the most)"],
];

export function RotateSecret({ id }: { id: string }) {
  const [overlap, setOverlap] = useState("86400");
  return (
    <FormDialog trigger={<Button variant="outline" size="sm"><RotateCw aria-hidden /> Rotate…</Button>}>
      {(close) => (
        <ActionForm action={rotatePortalSecretAction} resetOnSuccess={false} className="space-y-4">
          {(state, pending) =>
            state?.ok && state.data ? (
              <>
                <DialogHeader>
                  <DialogTitle>New signing secret</DialogTitle>
                  <DialogDescription>
                    {Number(overlap) > 0 ? <>The old secret keeps signing until <Time value={state.data.previousExpiresAt} />: switch your receiver before then.</> : "The old secret no longer signs."}
                  </DialogDescription>
                </DialogHeader>
                <SecretValue value={state.data.secret} />
                <DialogFooter><Button type="button" onClick={close}>Done</Button></DialogFooter>
              </>
            ) : (
              <>
                <DialogHeader>
                  <DialogTitle>Rotate the signing secret</DialogTitle>
                  <DialogDescription>During the overlap every delivery is signed with both secrets, so no delivery fails while you switch.</DialogDescription>
                </DialogHeader>
                <input type="hidden" name="id" value={id} />
                <input type="hidden" name="overlapSeconds" value={overlap} />
                <FormField label="Overlap" htmlFor="portal-overlap" error={fieldError(state, "overlapSeconds")}>
                  <Select value={overlap} onValueChange={setOverlap}>
                    <SelectTrigger id="portal-overlap"><SelectValue /></SelectTrigger>
                    <SelectContent>{OVERLAPS.map(([v, l]) => <SelectItem key={v} value={v}>{l}</SelectItem>)}</SelectContent>
                  </Select>
                </FormField>
                <DialogFooter>
                  <Button type="button" variant="ghost" onClick={close}>Cancel</Button>
                  <Button type="submit" disabled={pending}>Rotate secret</Button>
                </DialogFooter>
              </>
            )
          }
        </ActionForm>
      )}
    </FormDialog>
  );
}

type RecentAttempt = Pick<AttemptView, "id" | "messageId" | "succeeded" | "responseStatus" | "errorClass" | "durationMs">;

/** The example's outcome beside the button: its latest attempt among the endpoint's recent ones, which the page refreshes until it is made. */
function ExampleOutcome({ messageId, attempts }: { messageId: string; attempts: RecentAttempt[] }) {
  const attempt = attempts.find((a) => a.messageId === messageId);
  return (
    <div className="flex flex-wrap items-center gap-2 text-sm" data-testid="example-sent">
      <span>Sent as</span>
      <Link className="font-mono text-xs underline" href={`/portal/messages/${messageId}`}>{messageId}</Link>
      {attempt ? (
        <span className="flex items-center gap-2" data-testid="example-attempt" data-succeeded={attempt.succeeded}>
          <AttemptOutcome attempt={attempt} />
          <span className="text-muted-foreground">{attempt.succeeded ? "delivered" : "not delivered"} in {attempt.durationMs} ms</span>
        </span>
      ) : (
        <span className="text-muted-foreground">delivering…</span>
      )}
    </div>
  );
}

export function SendExample({ endpointId, eventTypes, attempts }: { endpointId: string; eventTypes: string[]; attempts: RecentAttempt[] }) {
  const [eventType, setEventType] = useState(eventTypes[0] ?? "");
  if (eventTypes.length === 0) return <p className="text-sm text-muted-foreground">There are no event types to send an example of yet.</p>;
  return (
    <ActionForm action={sendPortalExampleAction} resetOnSuccess={false} className="space-y-3">
      {(state, pending) => (
        <>
          <input type="hidden" name="endpointId" value={endpointId} />
          <input type="hidden" name="eventType" value={eventType} />
          <FormField label="Event type" htmlFor="portal-example-type" error={fieldError(state, "eventType")}>
            <Select value={eventType} onValueChange={setEventType}>
              <SelectTrigger id="portal-example-type"><SelectValue /></SelectTrigger>
              <SelectContent>{eventTypes.map((t) => <SelectItem key={t} value={t}>{t}</SelectItem>)}</SelectContent>
            </Select>
          </FormField>
          <FormField label="Payload (optional: the event type's example otherwise)" htmlFor="portal-example-payload" error={errorsUnder(state, "payload")}>
            <Textarea id="portal-example-payload" name="payload" rows={4} className="font-mono text-xs" placeholder='{"example": true}' />
          </FormField>
          <Button type="submit" disabled={pending}>{pending ? "Sending…" : "Send example"}</Button>
          {state?.ok && state.data ? <ExampleOutcome messageId={state.data} attempts={attempts} /> : null}
        </>
      )}
    </ActionForm>
  );
}

export function RecoverForm({ endpointId }: { endpointId: string }) {
  return (
    <ActionForm action={recoverPortalAction} resetOnSuccess={false} className="flex flex-wrap items-end gap-3">
      {(state, pending) => (
        <>
          <input type="hidden" name="endpointId" value={endpointId} />
          <TimezoneField />
          <FormField label="Resend every failed delivery since" htmlFor="portal-recover-since" error={fieldError(state, "since")}>
            <Input id="portal-recover-since" type="datetime-local" name="since" />
          </FormField>
          <Button type="submit" variant="outline" disabled={pending}>Recover</Button>
        </>
      )}
    </ActionForm>
  );
}
