"use client";

import { Radio, Send } from "lucide-react";
import { useEffect, useMemo, useState } from "react";
import { ActionForm, fieldError } from "@/components/action-form";
import { JsonBlock } from "@/components/outbound/json-block";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { FormField } from "@/components/ui/form";
import { Input } from "@/components/ui/input";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { Table, TableBody, TableCell, TableRow } from "@/components/ui/table";
import { Time } from "@/components/ui/time";
import type { AsJson } from "@/lib/api/v1-schemas";
import type { InboundRequestView, TunnelResponseView } from "@/lib/inbound/schemas";
import { cn } from "@/lib/ui/cn";
import { replayAction } from "../actions";

/** A tunnel's answer as the stream sends it. */
export type InspectedResponse = AsJson<TunnelResponseView>;

/** A request as the stream sends it (the page sends the same), with the tunnels' answers gathered under it. */
export type InspectedRequest = AsJson<InboundRequestView> & {
  /** True when the page cut a large body short; the stream sends bodies whole. */
  bodyCut?: boolean;
  responses: InspectedResponse[];
};

type Body = { kind: "empty" } | { kind: "text"; text: string } | { kind: "binary"; base64: string };

function decodeBody(base64: string | null): Body {
  if (!base64) return { kind: "empty" };
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  if (bytes.length === 0) return { kind: "empty" };
  try {
    return { kind: "text", text: new TextDecoder("utf-8", { fatal: true }).decode(bytes) };
  } catch {
    return { kind: "binary", base64 };
  }
}

function VerdictBadge({ request }: { request: InspectedRequest }) {
  return (
    <Badge data-testid="verdict" variant={request.verdict === "accepted" ? "success" : "destructive"}>
      {request.verdict === "accepted" ? "Accepted" : "Rejected"} {request.status}
    </Badge>
  );
}

function ReplayDialog({ workspace, request, endpoints }: { workspace: string; request: InspectedRequest; endpoints: { id: string; url: string }[] }) {
  const [target, setTarget] = useState<"endpoint" | "url">(endpoints.length ? "endpoint" : "url");
  const [endpointId, setEndpointId] = useState("");
  const [url, setUrl] = useState("");
  return (
    <Dialog>
      <DialogTrigger asChild>
        <Button variant="outline" size="sm"><Send aria-hidden /> Replay…</Button>
      </DialogTrigger>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>Replay this request</DialogTitle>
          <DialogDescription>To an endpoint, as a message signed with its secret; or to any URL, as it arrived. URLs pass the same SSRF rules as deliveries.</DialogDescription>
        </DialogHeader>
        <ActionForm action={replayAction} workspace={workspace} resetOnSuccess={false} className="space-y-4">
          {(state, pending) => (
            <>
              <input type="hidden" name="id" value={request.id} />
              <input type="hidden" name="target" value={target} />
              <div className="flex gap-2">
                <Button type="button" size="sm" variant={target === "endpoint" ? "secondary" : "ghost"} onClick={() => setTarget("endpoint")} disabled={!endpoints.length}>Endpoint</Button>
                <Button type="button" size="sm" variant={target === "url" ? "secondary" : "ghost"} onClick={() => setTarget("url")}>URL</Button>
              </div>
              {target === "endpoint" ? (
                <FormField label="Endpoint" htmlFor="replay-endpoint" error={fieldError(state, "endpointId")}>
                  <Select name="endpointId" value={endpointId} onValueChange={setEndpointId}>
                    <SelectTrigger id="replay-endpoint" className="w-full"><SelectValue placeholder="Pick an endpoint" /></SelectTrigger>
                    <SelectContent>{endpoints.map((e) => <SelectItem key={e.id} value={e.id}>{e.url}</SelectItem>)}</SelectContent>
                  </Select>
                </FormField>
              ) : (
                <FormField label="URL" htmlFor="replay-url" error={fieldError(state, "url")}>
                  <Input id="replay-url" name="url" placeholder="https://example.com/webhooks" value={url} onChange={(e) => setUrl(e.target.value)} />
                </FormField>
              )}
              <Button type="submit" disabled={pending}>{pending ? "Sending…" : "Replay"}</Button>
              {state?.ok && state.data ? (
                state.data.kind === "endpoint" ? (
                  <p className="text-sm">Queued as message <code className="font-mono text-xs">{state.data.messageId}</code>.</p>
                ) : (
                  <div className="space-y-2 text-sm" data-testid="replay-result">
                    <div>
                      {state.data.status !== null ? <Badge variant={state.data.ok ? "success" : "destructive"}>{state.data.status}</Badge> : <Badge variant="destructive">No response</Badge>}{" "}
                      <span className="text-muted-foreground">{state.data.durationMs} ms</span>
                    </div>
                    {state.data.error ? <p className="text-destructive">{state.data.error}</p> : null}
                    {state.data.body ? <JsonBlock value={state.data.body} className="max-h-48" /> : null}
                  </div>
                )
              ) : null}
            </>
          )}
        </ActionForm>
      </DialogContent>
    </Dialog>
  );
}

function RequestDetail({ workspace, request, endpoints, canWrite }: { workspace: string; request: InspectedRequest; endpoints: { id: string; url: string }[]; canWrite: boolean }) {
  const body = useMemo(() => decodeBody(request.body), [request.body]);
  // Pretty by default; raw shows the exact bytes, which is what signatures cover.
  const [raw, setRaw] = useState(false);
  const query = [...new URLSearchParams(request.query)];
  return (
    <Card data-testid="request-detail-panel">
      <CardHeader className="flex flex-row flex-wrap items-center gap-2 space-y-0">
        <CardTitle className="font-mono text-sm">{request.method} {request.path || "/"}</CardTitle>
        <VerdictBadge request={request} />
        <span className="text-xs text-muted-foreground"><Time value={request.createdAt} /> from {request.ip ?? "unknown"}</span>
        {canWrite ? <div className="ml-auto"><ReplayDialog workspace={workspace} request={request} endpoints={endpoints} /></div> : null}
      </CardHeader>
      <CardContent className="space-y-5 text-sm">
        {request.verdict === "rejected" ? (
          <div className="rounded-md border border-destructive/30 bg-destructive/5 p-3" data-testid="why">
            <div className="font-medium">Why it was rejected: <code className="font-mono">{request.reason}</code></div>
            {request.detail ? <p className="text-muted-foreground">{request.detail}</p> : null}
          </div>
        ) : request.detail ? (
          <p className="text-muted-foreground">{request.detail}</p>
        ) : null}
        {request.duplicateCount > 0 ? <p className="text-muted-foreground">{request.duplicateCount} later repeat(s) of this delivery id were dropped.</p> : null}
        {request.messageIds.length ? <p className="text-muted-foreground">Routed as {request.messageIds.map((m) => <code key={m} className="mr-1 font-mono text-xs">{m}</code>)}</p> : null}

        {query.length ? (
          <section className="space-y-1">
            <h3 className="font-medium">Query</h3>
            <Table><TableBody>{query.map(([k, v], i) => <TableRow key={i}><TableCell className="w-1/3 font-mono text-xs">{k}</TableCell><TableCell className="font-mono text-xs break-all whitespace-normal">{v}</TableCell></TableRow>)}</TableBody></Table>
          </section>
        ) : null}

        <section className="space-y-1">
          <h3 className="font-medium">Headers</h3>
          <Table>
            <TableBody>
              {request.headers.map(([name, value], i) => (
                <TableRow key={i}><TableCell className="w-1/3 align-top font-mono text-xs">{name}</TableCell><TableCell className="font-mono text-xs break-all whitespace-normal">{value}</TableCell></TableRow>
              ))}
            </TableBody>
          </Table>
        </section>

        <section className="space-y-1">
          <div className="flex items-center gap-2">
            <h3 className="font-medium">Body</h3>
            <span className="text-xs text-muted-foreground">{request.bodySize} bytes{request.bodyCut ? " (shortened here; the stored body is complete)" : ""}</span>
            {body.kind === "text" ? (
              <Button type="button" size="sm" variant="ghost" className="ml-auto" onClick={() => setRaw(!raw)}>{raw ? "Pretty" : "Raw"}</Button>
            ) : null}
          </div>
          {body.kind === "empty" ? (
            <p className="text-muted-foreground" data-testid="request-body-empty">
              {request.bodyPurged ? "Purged: the workspace's retention settings cleared the body; its metadata is kept." : request.body === null ? "Not kept: the body was refused before it was read whole." : "Empty."}
            </p>
          ) : body.kind === "text" ? (
            raw ? (
              <pre data-testid="request-body-raw" className="max-h-96 overflow-auto rounded-md border bg-muted/50 p-3 font-mono text-xs whitespace-pre-wrap break-all">{body.text}</pre>
            ) : (
              <JsonBlock value={body.text} testId="request-body" />
            )
          ) : (
            <>
              <p className="text-muted-foreground">Binary; shown as base64.</p>
              <JsonBlock value={body.base64} />
            </>
          )}
        </section>

        {request.responses.length ? (
          <section className="space-y-2" data-testid="tunnel-responses">
            <h3 className="font-medium">Answered by listen tunnels</h3>
            {request.responses.map((r) => (
              <div key={r.listener} className="space-y-1 rounded-md border p-3">
                <div className="flex flex-wrap items-center gap-2 text-xs">
                  <Badge variant="outline">{r.listener}</Badge>
                  <code className="font-mono">{r.targetUrl}</code>
                  {r.status !== null ? <Badge variant={r.status < 300 ? "success" : "destructive"} data-testid="tunnel-status">{r.status}</Badge> : <Badge variant="destructive">{r.error}</Badge>}
                  <span className="text-muted-foreground">{r.durationMs} ms</span>
                </div>
                {r.body ? <JsonBlock value={r.body} className="max-h-48" /> : null}
              </div>
            ))}
          </section>
        ) : null}
      </CardContent>
    </Card>
  );
}

/**
 * The live view of a source's requests: the latest from the page, then each new one as the server-sent event stream
 * delivers it (EventSource reconnects with Last-Event-ID by itself; repeats are dropped by id).
 */
export function LiveInspector({
  workspace,
  streamUrl,
  initial,
  selected: initiallySelected,
  endpoints,
  canWrite,
}: {
  workspace: string;
  streamUrl: string;
  initial: InspectedRequest[];
  selected?: string;
  endpoints: { id: string; url: string }[];
  canWrite: boolean;
}) {
  const [requests, setRequests] = useState<InspectedRequest[]>(initial);
  const [selected, setSelected] = useState<string | undefined>(initiallySelected ?? initial[0]?.id);
  const [live, setLive] = useState<"connecting" | "live" | "reconnecting" | "ended">("connecting");

  useEffect(() => {
    const source = new EventSource(streamUrl);
    source.addEventListener("ready", () => setLive("live"));
    source.addEventListener("error", () => setLive("reconnecting"));
    // The server ends the stream when this member may no longer read the source: reconnecting would be refused.
    source.addEventListener("end", () => {
      source.close();
      setLive("ended");
    });
    source.addEventListener("request", (event) => {
      const request = { ...(JSON.parse((event as MessageEvent).data) as Omit<InspectedRequest, "responses">), responses: [] };
      setRequests((current) => (current.some((r) => r.id === request.id) ? current : [request, ...current].sort((a, b) => b.seq - a.seq).slice(0, 200)));
      setSelected((current) => current ?? request.id);
    });
    source.addEventListener("response", (event) => {
      const response = JSON.parse((event as MessageEvent).data) as InspectedResponse;
      setRequests((current) =>
        current.map((r) => (r.id === response.requestId ? { ...r, responses: [...r.responses.filter((x) => x.listener !== response.listener), response] } : r)),
      );
    });
    return () => source.close();
  }, [streamUrl]);

  const current = requests.find((r) => r.id === selected);

  return (
    <div className="grid gap-4 lg:grid-cols-[minmax(0,22rem)_minmax(0,1fr)]">
      <div className="space-y-2">
        <div className="flex items-center gap-2 text-sm" data-testid="live-status">
          <Radio className={cn("size-4", live === "live" ? "text-success" : "text-muted-foreground")} aria-hidden />
          {live === "live" ? "Live" : live === "connecting" ? "Connecting…" : live === "ended" ? "Ended: you no longer have access" : "Reconnecting…"}
          <span className="text-muted-foreground">· {requests.length} request{requests.length === 1 ? "" : "s"}</span>
        </div>
        {requests.length === 0 ? (
          <p className="rounded-md border border-dashed p-6 text-center text-sm text-muted-foreground">Waiting for the first request. They appear here as they arrive.</p>
        ) : (
          <ul className="divide-y rounded-md border" aria-label="Requests">
            {requests.map((r) => (
              <li key={r.id}>
                <button
                  type="button"
                  data-testid="inspector-request"
                  data-verdict={r.verdict}
                  onClick={() => setSelected(r.id)}
                  className={cn("flex w-full items-center gap-2 px-3 py-2 text-left text-sm hover:bg-accent", selected === r.id && "bg-accent")}
                >
                  <span className="w-14 shrink-0 font-mono text-xs font-medium">{r.method}</span>
                  <span className="min-w-0 flex-1 truncate font-mono text-xs">{r.path || "/"}{r.query ? `?${r.query}` : ""}</span>
                  <VerdictBadge request={r} />
                  <Time value={r.createdAt} format="time" className="shrink-0 text-xs text-muted-foreground" />
                </button>
              </li>
            ))}
          </ul>
        )}
      </div>
      {current ? <RequestDetail workspace={workspace} request={current} endpoints={endpoints} canWrite={canWrite} /> : null}
    </div>
  );
}
