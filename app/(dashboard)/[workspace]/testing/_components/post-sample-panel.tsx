"use client";

import Link from "next/link";
import { useState } from "react";
import { ActionForm, fieldError } from "@/components/action-form";
import { JsonBlock } from "@/components/outbound/json-block";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { FormField } from "@/components/ui/form";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { PROVIDER_SAMPLES } from "@/lib/inbound/provider-samples";
import type { SamplePostResult } from "@/lib/inbound/sample-post";
import { postSampleAction } from "../actions";

const SIGNING = [
  { value: "source", label: "With the source's secret" },
  { value: "wrong_secret", label: "With a wrong secret" },
  { value: "unsigned", label: "Unsigned" },
] as const;

/**
 * Posts a provider sample to a source as that provider would (signed with the source's own secret, or wrongly on
 * purpose) and shows the source's verdict: end-to-end verification over the network, through the source's public URL.
 */
export function PostSamplePanel({ workspace, sources }: { workspace: string; sources: { id: string; name: string; provider: string; providerLabel: string }[] }) {
  const first = sources[0];
  const [sourceId, setSourceId] = useState(first?.id ?? "");
  const [sampleId, setSampleId] = useState((PROVIDER_SAMPLES.find((s) => s.provider === first?.provider) ?? PROVIDER_SAMPLES[0]).id);
  const [signing, setSigning] = useState<string>("source");
  if (sources.length === 0) {
    return <p className="text-sm text-muted-foreground">No sources yet. <Link className="underline" href={`/${workspace}/sources`}>Create one</Link> with Stripe, GitHub, Shopify or Slack verification to test it here.</p>;
  }
  const pickSource = (id: string) => {
    setSourceId(id);
    const provider = sources.find((s) => s.id === id)?.provider;
    const match = PROVIDER_SAMPLES.find((s) => s.provider === provider);
    if (match) setSampleId(match.id);
  };
  return (
    <ActionForm action={postSampleAction} workspace={workspace} resetOnSuccess={false} className="space-y-4">
      {(state, pending) => (
        <>
          <div className="grid gap-4 md:grid-cols-3">
            <FormField label="Source" htmlFor="post-source" className="min-w-0" error={fieldError(state, "sourceId")}>
              <Select name="sourceId" value={sourceId} onValueChange={pickSource}>
                <SelectTrigger id="post-source" className="w-full min-w-0"><SelectValue /></SelectTrigger>
                <SelectContent>
                  {sources.map((s) => <SelectItem key={s.id} value={s.id}>{s.name} · {s.providerLabel}</SelectItem>)}
                </SelectContent>
              </Select>
            </FormField>
            <FormField label="Provider sample" htmlFor="post-sample" className="min-w-0" error={fieldError(state, "sampleId")}>
              <Select name="sampleId" value={sampleId} onValueChange={setSampleId}>
                <SelectTrigger id="post-sample" className="w-full min-w-0"><SelectValue /></SelectTrigger>
                <SelectContent>
                  {PROVIDER_SAMPLES.map((s) => <SelectItem key={s.id} value={s.id}>{s.title}</SelectItem>)}
                </SelectContent>
              </Select>
            </FormField>
            <FormField label="Signature" htmlFor="post-signing" className="min-w-0" error={fieldError(state, "signing")}>
              <Select name="signing" value={signing} onValueChange={setSigning}>
                <SelectTrigger id="post-signing" className="w-full"><SelectValue /></SelectTrigger>
                <SelectContent>
                  {SIGNING.map((s) => <SelectItem key={s.value} value={s.value}>{s.label}</SelectItem>)}
                </SelectContent>
              </Select>
            </FormField>
          </div>
          <Button type="submit" disabled={pending}>{pending ? "Posting…" : "Sign and post"}</Button>
          {state?.ok && state.data ? <Verdict workspace={workspace} sourceId={sourceId} result={state.data} /> : null}
        </>
      )}
    </ActionForm>
  );
}

function Headers({ headers }: { headers: Record<string, string> }) {
  return (
    <dl className="grid grid-cols-[minmax(8rem,auto)_1fr] gap-x-3 gap-y-1 rounded-md border bg-muted/30 p-2 font-mono text-xs">
      {Object.entries(headers).map(([name, value]) => (
        <div key={name} className="contents">
          <dt className="text-muted-foreground">{name}</dt>
          <dd className="break-all">{value}</dd>
        </div>
      ))}
    </dl>
  );
}

function Verdict({ workspace, sourceId, result }: { workspace: string; sourceId: string; result: SamplePostResult }) {
  const variant = result.verdict === "accepted" ? "success" : result.verdict === "rejected" ? "warning" : "destructive";
  return (
    <div className="space-y-3 rounded-lg border p-4" data-testid="post-result" data-verdict={result.verdict}>
      <p className="flex flex-wrap items-center gap-2 text-sm">
        <Badge variant={variant} className="capitalize">{result.verdict}</Badge>
        {result.response ? <span className="font-mono">{result.response.status}</span> : null}
        <span className="text-muted-foreground">{result.durationMs} ms</span>
        {result.requestId ? <Link className="text-xs underline" href={`/${workspace}/testing/${sourceId}?request=${result.requestId}`}>Open in the inspector</Link> : null}
      </p>
      {result.reason ? <p className="text-sm">{result.reason}</p> : null}
      {result.detail ? <p className="text-xs text-muted-foreground" data-testid="post-detail">{result.detail}</p> : null}
      {result.note ? <p className="text-xs text-muted-foreground">{result.note}</p> : null}
      <div className="grid gap-4 xl:grid-cols-2">
        <section className="min-w-0 space-y-2">
          <h4 className="text-xs font-semibold tracking-wide text-muted-foreground uppercase">Request</h4>
          <p className="font-mono text-xs break-all">POST {result.url}</p>
          <Headers headers={result.request.headers} />
          <JsonBlock value={result.request.body} className="max-h-60" />
        </section>
        <section className="min-w-0 space-y-2">
          <h4 className="text-xs font-semibold tracking-wide text-muted-foreground uppercase">Response</h4>
          {result.response ? (
            <>
              <Headers headers={result.response.headers} />
              {result.response.body ? <JsonBlock value={result.response.body} className="max-h-60" /> : <p className="text-xs text-muted-foreground">Empty body</p>}
            </>
          ) : (
            <p className="text-xs text-muted-foreground">No response</p>
          )}
        </section>
      </div>
    </div>
  );
}
