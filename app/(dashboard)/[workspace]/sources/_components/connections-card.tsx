"use client";

import { ArrowRight } from "lucide-react";
import { ActionForm, fieldError } from "@/components/action-form";
import { errorsUnder } from "@/components/outbound/field-errors";
import { useDraft } from "@/components/outbound/use-draft";
import { CodeEditor } from "@/components/ui/code-editor";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { FormField } from "@/components/ui/form";
import { Input } from "@/components/ui/input";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import type { ConnectionView } from "@/lib/inbound/schemas";
import { createConnectionAction, deleteConnectionAction, toggleConnectionAction } from "../actions";

const FILTER_EXAMPLE = '{"path": "headers.x-github-event", "op": "eq", "value": "push"}';
const TRANSFORM_EXAMPLE = '{"eventType": "github.{{headers.x-github-event}}", "payload": {"repo": "{{body.repository.full_name}}"}}';

export interface EndpointChoice {
  id: string;
  url: string;
  status: string;
}

function AddConnection({ workspace, sourceId, endpoints }: { workspace: string; sourceId: string; endpoints: EndpointChoice[] }) {
  const draft = useDraft({ endpointId: "", name: "", filter: "", transform: "" });
  return (
    <ActionForm action={createConnectionAction} workspace={workspace} resetOnSuccess={false} className="space-y-4 rounded-md border p-4">
      {(state, pending) => (
        <>
          <input type="hidden" name="sourceId" value={sourceId} />
          <div className="grid gap-4 sm:grid-cols-2">
            <FormField label="Endpoint" htmlFor="connection-endpoint" error={fieldError(state, "endpointId")}>
              <Select name="endpointId" value={draft.values.endpointId} onValueChange={(v) => draft.set("endpointId", v)}>
                <SelectTrigger id="connection-endpoint" className="w-full"><SelectValue placeholder="Pick an endpoint" /></SelectTrigger>
                <SelectContent>
                  {endpoints.map((e) => <SelectItem key={e.id} value={e.id}>{e.url}{e.status !== "enabled" ? ` (${e.status})` : ""}</SelectItem>)}
                </SelectContent>
              </Select>
            </FormField>
            <FormField label="Name (optional)" htmlFor="connection-name" error={fieldError(state, "name")}>
              <Input id="connection-name" placeholder="Pushes to main" {...draft.field("name")} />
            </FormField>
          </div>
          <FormField label="Filter (optional)" htmlFor="connection-filter" error={errorsUnder(state, "filter")} description="The endpoint filter's operators, over the request: paths start at body, headers, query, method or path.">
            <CodeEditor id="connection-filter" aria-label="Filter (optional)" rows={2} placeholder={FILTER_EXAMPLE} {...draft.field("filter")} />
          </FormField>
          <FormField label="Transformation (optional)" htmlFor="connection-transform" error={errorsUnder(state, "transform")} description="A JSON template; {{path}} takes a value from the request. Without one, the body is sent as it is.">
            <CodeEditor id="connection-transform" aria-label="Transformation (optional)" rows={3} placeholder={TRANSFORM_EXAMPLE} {...draft.field("transform")} />
          </FormField>
          <Button type="submit" disabled={pending}>{pending ? "Adding…" : "Add connection"}</Button>
        </>
      )}
    </ActionForm>
  );
}

/** Where the source's accepted requests go: each connection makes an outbound message, signed with the endpoint's secret. */
export function ConnectionsCard({ workspace, sourceId, connections, endpoints, canWrite }: { workspace: string; sourceId: string; connections: ConnectionView[]; endpoints: EndpointChoice[]; canWrite: boolean }) {
  const urls = new Map(endpoints.map((e) => [e.id, e.url]));
  return (
    <Card>
      <CardHeader>
        <CardTitle>Connections</CardTitle>
        <CardDescription>Accepted requests that pass a connection&apos;s filter become messages to its endpoint, through the same outbox, retries and signing as every other message.</CardDescription>
      </CardHeader>
      <CardContent className="space-y-4">
        {connections.length === 0 ? <p className="text-sm text-muted-foreground">No connections: requests are stored and shown, but not forwarded.</p> : null}
        <ul className="space-y-3">
          {connections.map((c) => (
            <li key={c.id} data-testid="connection" className="space-y-2 rounded-md border p-3">
              <div className="flex flex-wrap items-center gap-2 text-sm">
                <ArrowRight className="size-4 text-muted-foreground" aria-hidden />
                <span className="font-medium">{c.name || "Connection"}</span>
                <code className="font-mono text-xs text-muted-foreground">{urls.get(c.endpointId) ?? c.endpointId}</code>
                <Badge variant={c.enabled ? "success" : "outline"}>{c.enabled ? "Active" : "Paused"}</Badge>
                {canWrite ? (
                  <div className="ml-auto flex gap-2">
                    <ActionForm action={toggleConnectionAction} workspace={workspace}>
                      {(_s, pending) => (
                        <>
                          <input type="hidden" name="id" value={c.id} />
                          <input type="hidden" name="enabled" value={String(!c.enabled)} />
                          <Button type="submit" size="sm" variant="outline" disabled={pending}>{c.enabled ? "Pause" : "Resume"}</Button>
                        </>
                      )}
                    </ActionForm>
                    <ActionForm action={deleteConnectionAction} workspace={workspace}>
                      {(_s, pending) => (
                        <>
                          <input type="hidden" name="id" value={c.id} />
                          <Button type="submit" size="sm" variant="ghost" disabled={pending}>Remove</Button>
                        </>
                      )}
                    </ActionForm>
                  </div>
                ) : null}
              </div>
              {c.filter ? <div className="text-xs"><span className="text-muted-foreground">Filter </span><code className="font-mono">{JSON.stringify(c.filter)}</code></div> : null}
              {c.transform ? <div className="text-xs"><span className="text-muted-foreground">Transformation </span><code className="font-mono">{JSON.stringify(c.transform)}</code></div> : null}
            </li>
          ))}
        </ul>
        {canWrite ? (
          endpoints.length ? (
            <AddConnection workspace={workspace} sourceId={sourceId} endpoints={endpoints} />
          ) : (
            <p className="text-sm text-muted-foreground">Add an endpoint first, then connect this source to it.</p>
          )
        ) : null}
      </CardContent>
    </Card>
  );
}
