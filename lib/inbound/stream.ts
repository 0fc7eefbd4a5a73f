import { and, asc, eq, gt, inArray, max, min, notExists, or, sql } from "drizzle-orm";
import { db } from "@/db";
import { inboundRequests, tunnelResponses } from "@/db/schema";
import { markLive, subscribe, type LiveNote } from "@/lib/inbound/live";
import { requestView } from "@/lib/inbound/requests";
import { tunnelResponseOut } from "@/lib/inbound/schemas";
import type { Id } from "@/lib/platform/id-types";

/**
 * A source's requests as server-sent events, for the request inspector and the `switchboard listen` tunnel.
 *
 * The database is the stream's source of truth: notifications (lib/inbound/live.ts) and a slow poll only trigger a
 * catch-up query, so a lost notification, a dropped LISTEN connection or another instance's request all end up
 * read from the table. Each event's `id:` is the highest sequence number sent so far, so a client that reconnects
 * with Last-Event-ID resumes after it.
 *
 * Sequence numbers are taken when a row is inserted but become visible when it commits, so a request can appear
 * after one with a higher number was sent. Each catch-up therefore also re-reads a small window below the cursor
 * (OVERLAP rows created in the last OVERLAP_SECONDS) and sends whatever in it this connection did not send yet. A
 * client resuming with Last-Event-ID can thus see a very recent request again: delivery is at least once, and
 * clients drop repeats by request id (the inspector and the CLI do).
 *
 * In listener mode (a tunnel), only accepted requests are sent, and never one this listener already answered
 * (tunnel_responses). Without Last-Event-ID, a listener resumes after the last request it answered, so a restarted
 * CLI gets exactly what it missed; a listener that never answered anything starts with new requests only.
 *
 * A stream lasts as long as its client stays, far beyond the request that authorized it, so the route re-checks that
 * authorization every STREAM_AUTH_RECHECK_MS: once the key is revoked or the member removed, the stream sends an
 * `end` event and closes (and the client's reconnection is then refused).
 */

const OVERLAP = 200;
/** How long after its creation a request may still be committing; inserts are single statements or short transactions. */
const OVERLAP_SECONDS = 10;
const BATCH = 100;
/** How many sent ids are remembered to skip repeats from the overlap window. */
const SENT_MEMORY = 5_000;
const LIVE_RENEW_MS = 30_000;

export interface RequestStreamOptions {
  sourceId: Id<"src">;
  /** The Last-Event-ID header of a reconnecting client. */
  lastEventId: string | null;
  /** Set for a tunnel: its name, under which it posts its answers back. */
  listener: string | null;
  signal: AbortSignal;
  /** Whether the client may still read this source: false ends the stream; a throw (the database away) does not. */
  stillAuthorized: () => Promise<boolean>;
  authRecheckMs: number;
  pollMs?: number;
  heartbeatMs?: number;
}

async function startingPoint(sourceId: Id<"src">, lastEventId: string | null, listener: string | null) {
  const resume = lastEventId && /^\d{1,15}$/.test(lastEventId.trim()) ? Number(lastEventId.trim()) : null;
  let answered: { high: number | null; low: number | null } = { high: null, low: null };
  if (listener) {
    [answered] = await db()
      .select({ high: max(tunnelResponses.requestSeq), low: min(tunnelResponses.requestSeq) })
      .from(tunnelResponses)
      .where(and(eq(tunnelResponses.sourceId, sourceId), eq(tunnelResponses.listener, listener)));
  }
  let cursor = resume ?? answered.high;
  if (cursor === null) {
    const [latest] = await db().select({ seq: max(inboundRequests.seq) }).from(inboundRequests).where(eq(inboundRequests.sourceId, sourceId));
    cursor = latest.seq ?? 0;
  }
  // The lowest sequence number the overlap window may reach back to: never before this client's own history.
  const floor = listener ? (answered.low !== null ? answered.low - 1 : cursor) : resume !== null ? cursor - OVERLAP : cursor;
  return { cursor, floor };
}

export const STREAM_HEADERS = {
  "content-type": "text/event-stream; charset=utf-8",
  "cache-control": "no-cache, no-transform",
  connection: "keep-alive",
  // Proxies such as nginx would otherwise buffer the stream.
  "x-accel-buffering": "no",
};

export function requestStream(options: RequestStreamOptions): ReadableStream<Uint8Array> {
  const { sourceId, listener, signal, pollMs = 2_000, heartbeatMs = 15_000 } = options;
  const encoder = new TextEncoder();
  let closed = false;
  const cleanups: (() => void)[] = [];
  const close = () => {
    if (closed) return;
    closed = true;
    cleanups.forEach((cleanup) => cleanup());
  };
  // Start awaits queries; anything set up after the client already left is undone at once.
  const onClose = (cleanup: () => void) => (closed ? cleanup() : cleanups.push(cleanup));

  return new ReadableStream<Uint8Array>({
    async start(controller) {
      const write = (text: string) => {
        if (closed) return;
        try {
          controller.enqueue(encoder.encode(text));
        } catch {
          close();
        }
      };
      onClose(() => {
        try {
          controller.close();
        } catch {
          // already closed by the client
        }
      });
      if (signal.aborted) return close();
      signal.addEventListener("abort", close, { once: true });

      const start = await startingPoint(sourceId, options.lastEventId, listener);
      const floor = start.floor;
      let cursor = start.cursor;
      const sent = new Set<string>();
      const remember = (id: string) => {
        sent.add(id);
        if (sent.size > SENT_MEMORY) sent.delete(sent.values().next().value!);
      };

      async function readBatch(): Promise<number> {
        const lowest = Math.max(floor, cursor - OVERLAP);
        const candidates = await db()
          .select({ id: inboundRequests.id, seq: inboundRequests.seq })
          .from(inboundRequests)
          .where(
            and(
              eq(inboundRequests.sourceId, sourceId),
              or(gt(inboundRequests.seq, cursor), and(gt(inboundRequests.seq, lowest), sql`${inboundRequests.createdAt} > now() - make_interval(secs => ${OVERLAP_SECONDS})`)),
              listener ? eq(inboundRequests.verdict, "accepted") : undefined,
              listener
                ? notExists(
                    db()
                      .select({ one: sql`1` })
                      .from(tunnelResponses)
                      .where(and(eq(tunnelResponses.requestId, inboundRequests.id), eq(tunnelResponses.listener, listener))),
                  )
                : undefined,
            ),
          )
          .orderBy(asc(inboundRequests.seq))
          .limit(BATCH + OVERLAP);
        const fresh = candidates.filter((c) => !sent.has(c.id)).slice(0, BATCH);
        if (fresh.length === 0) return 0;
        const rows = await db().select().from(inboundRequests).where(inArray(inboundRequests.id, fresh.map((c) => c.id))).orderBy(asc(inboundRequests.seq));
        for (const row of rows) {
          if (closed) break;
          remember(row.id);
          cursor = Math.max(cursor, row.seq);
          write(`id: ${cursor}\nevent: request\ndata: ${JSON.stringify(requestView(row))}\n\n`);
        }
        return fresh.length;
      }

      let running = false;
      let again = false;
      async function catchUp() {
        if (running) {
          again = true;
          return;
        }
        running = true;
        try {
          do {
            again = false;
            while (!closed && (await readBatch()) === BATCH);
          } while (again && !closed);
        } catch (error) {
          // The next notification or poll tries again; the client keeps its connection.
          console.warn(JSON.stringify({ level: "warn", msg: "request stream catch-up failed", sourceId, reason: (error as Error).message }));
        } finally {
          running = false;
        }
      }

      async function sendResponse(note: Extract<LiveNote, { kind: "response" }>) {
        const [row] = await db()
          .select()
          .from(tunnelResponses)
          .where(and(eq(tunnelResponses.requestId, note.requestId), eq(tunnelResponses.listener, note.listener)));
        if (row) write(`event: response\ndata: ${JSON.stringify(tunnelResponseOut.parse(row))}\n\n`);
      }

      onClose(
        subscribe(sourceId, (note) => {
          if (note.kind === "response") {
            if (!listener) void sendResponse(note).catch(() => {});
          } else {
            void catchUp();
          }
        }),
      );
      const renew = () => markLive(sourceId).catch(() => {});
      await renew();
      write(`retry: 1000\nevent: ready\ndata: ${JSON.stringify({ cursor, listener })}\n\n`);
      await catchUp();
      const recheck = async () => {
        const authorized = await options.stillAuthorized().catch((error: unknown) => {
          console.warn(JSON.stringify({ level: "warn", msg: "request stream could not re-check its authorization", sourceId, reason: (error as Error).message }));
          return true;
        });
        if (authorized) return;
        write(`event: end\ndata: ${JSON.stringify({ reason: "unauthorized" })}\n\n`);
        close();
      };
      const timers = [
        setInterval(() => void catchUp(), pollMs),
        setInterval(() => write(": keepalive\n\n"), heartbeatMs),
        setInterval(renew, LIVE_RENEW_MS),
        setInterval(() => void recheck(), options.authRecheckMs),
      ];
      onClose(() => timers.forEach(clearInterval));
    },
    cancel() {
      close();
    },
  });
}
