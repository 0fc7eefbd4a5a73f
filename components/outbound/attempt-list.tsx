import { ChevronRight } from "lucide-react";
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { Time } from "@/components/ui/time";
import type { SentBody } from "@/lib/outbound/message-lists";
import type { AttemptView } from "@/lib/outbound/schemas";
import { cn } from "@/lib/ui/cn";
import { SelectAllMessages, SelectMessage } from "./bulk-replay";
import { JsonBlock } from "./json-block";


/** An attempt's outcome as a badge: the status code, green when delivered; the error class when nothing answered. */
export function AttemptOutcome({ attempt }: { attempt: Pick<AttemptView, "succeeded" | "responseStatus" | "errorClass"> }) {
  if (attempt.succeeded) return <Badge variant="success" className="font-mono">{attempt.responseStatus}</Badge>;
  if (attempt.responseStatus != null) return <Badge variant="warning" className="font-mono">{attempt.responseStatus}</Badge>;
  return <Badge variant="destructive" className="font-mono">{attempt.errorClass ?? "error"}</Badge>;
}

function HeaderTable({ headers }: { headers: Record<string, string> | null }) {
  const entries = Object.entries(headers ?? {});
  if (entries.length === 0) return <p className="text-xs text-muted-foreground">None</p>;
  return (
    <dl className="grid grid-cols-[minmax(8rem,auto)_1fr] gap-x-3 gap-y-1 rounded-md border bg-muted/30 p-2 font-mono text-xs">
      {entries.map(([name, value]) => (
        <div key={name} className="contents">
          <dt className="text-muted-foreground">{name}</dt>
          <dd className="break-all">{value}</dd>
        </div>
      ))}
    </dl>
  );
}

function SentBodyView({ body, sha256 }: { body: SentBody; sha256: string }) {
  return (
    <>
      {typeof body === "object" && body !== null ? (
        <Purged at={body.purgedAt} what="The request body" testId="attempt-request-body-purged" />
      ) : body !== null ? (
        <>
          {/* Exactly the bytes that were signed and sent: not pretty-printed. */}
          <pre data-testid="attempt-request-body" className="max-h-60 overflow-auto rounded-md border bg-muted/50 p-3 font-mono text-xs leading-relaxed whitespace-pre-wrap break-all">{body}</pre>
          <p className="text-[11px] text-muted-foreground">Rebuilt from the stored message (every delivery of it sends this envelope); it matches the sha256 recorded when it was sent.</p>
        </>
      ) : null}
      <p className="font-mono text-[11px] break-all text-muted-foreground">body sha256 {sha256}</p>
    </>
  );
}

/** A body the workspace's retention purge cleared: said as such, not shown as missing or as an error. */
export function Purged({ at, what, testId }: { at: Date; what: string; testId?: string }) {
  return (
    <p className="text-xs text-muted-foreground" data-testid={testId}>
      {what} was purged on <Time value={at} format="date" /> under the workspace&apos;s retention settings; its metadata is kept.
    </p>
  );
}

/**
 * Attempts, newest first, each a row that opens to show the request as sent and the response as received. Native
 * <details> elements: the log works before (and without) any client JavaScript.
 */
export function AttemptList({
  attempts,
  messageHref,
  showUrl = false,
  selectFailed = false,
  bodies,
}: {
  attempts: AttemptView[];
  messageHref?: (messageId: string) => string;
  showUrl?: boolean;
  /** Failed attempts get a checkbox selecting their message for a bulk resend (inside <BulkReplay>). */
  selectFailed?: boolean;
  /** Each attempt's request body as sent, from sentBodies (null: only its hash is known). */
  bodies?: Map<string, SentBody>;
}) {
  const failedMessages = [...new Set(attempts.filter((a) => !a.succeeded).map((a) => a.messageId))];
  return (
    <ul className="divide-y rounded-lg border bg-card">
      {selectFailed && failedMessages.length > 0 ? (
        <li className="flex items-center gap-3 px-4 py-2 text-xs text-muted-foreground">
          <SelectAllMessages messageIds={failedMessages} label="Select every failed attempt on this page" />
          Select failed attempts to resend their messages
        </li>
      ) : null}
      {attempts.map((attempt) => (
        <li key={attempt.id} className={selectFailed ? "flex items-start" : undefined}>
          {selectFailed ? (
            <span className="flex w-10 shrink-0 justify-end pt-3.5 pl-4">
              {attempt.succeeded ? null : <SelectMessage messageId={attempt.messageId} label={`Select attempt ${attempt.number} of ${attempt.messageId}`} />}
            </span>
          ) : null}
          <details className="group min-w-0 flex-1" data-testid="attempt-row" data-status={attempt.responseStatus ?? ""} data-succeeded={attempt.succeeded}>
            <summary className="flex cursor-pointer list-none items-center gap-3 px-4 py-3 text-sm hover:bg-muted/40 [&::-webkit-details-marker]:hidden">
              <ChevronRight className="size-4 shrink-0 text-muted-foreground transition-transform group-open:rotate-90" aria-hidden />
              <AttemptOutcome attempt={attempt} />
              <span className="text-muted-foreground">Attempt {attempt.number}</span>
              {attempt.trigger === "manual" ? <Badge variant="outline">manual</Badge> : null}
              <span className={cn("min-w-0 flex-1 truncate", showUrl ? "font-mono text-xs" : "")}>
                {showUrl ? attempt.url : messageHref ? <span className="font-mono text-xs">{attempt.messageId}</span> : null}
              </span>
              <span className="hidden tabular-nums text-muted-foreground sm:inline">{attempt.durationMs} ms</span>
              <Time value={attempt.createdAt} className="whitespace-nowrap text-muted-foreground" />
            </summary>
            <div className="grid gap-4 border-t bg-muted/10 px-4 py-4 2xl:grid-cols-2">
              <section className="min-w-0 space-y-2">
                <h4 className="text-xs font-semibold tracking-wide text-muted-foreground uppercase">Request</h4>
                <p className="font-mono text-xs break-all">POST {attempt.url}</p>
                <HeaderTable headers={attempt.requestHeaders} />
                <SentBodyView body={bodies?.get(attempt.id) ?? null} sha256={attempt.requestBodySha256} />
                {messageHref ? (
                  <Link className="text-xs underline" href={messageHref(attempt.messageId)}>Message {attempt.messageId}</Link>
                ) : null}
              </section>
              <section className="min-w-0 space-y-2">
                <h4 className="text-xs font-semibold tracking-wide text-muted-foreground uppercase">Response</h4>
                <p className="text-sm">
                  {attempt.responseStatus != null ? <>Status <span className="font-mono" data-testid="attempt-response-status">{attempt.responseStatus}</span></> : "No response"}
                  <span className="text-muted-foreground"> · {attempt.durationMs} ms</span>
                  {attempt.errorClass ? <span className="text-muted-foreground"> · error class <code className="text-destructive">{attempt.errorClass}</code></span> : null}
                </p>
                {attempt.errorMessage ? <p className="text-xs text-destructive">{attempt.errorMessage}</p> : null}
                <HeaderTable headers={attempt.responseHeaders} />
                {attempt.bodiesPurgedAt ? (
                  <Purged at={attempt.bodiesPurgedAt} what="The response body" testId="attempt-response-body-purged" />
                ) : attempt.responseBody ? (
                  <>
                    <JsonBlock value={attempt.responseBody} className="max-h-60" testId="attempt-response-body" />
                    {attempt.responseBodyTruncated ? <p className="text-xs text-muted-foreground">Truncated at 20 KB.</p> : null}
                  </>
                ) : (
                  <p className="text-xs text-muted-foreground">Empty body</p>
                )}
              </section>
            </div>
          </details>
        </li>
      ))}
    </ul>
  );
}
