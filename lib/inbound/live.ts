import { EventEmitter } from "node:events";
import { eq } from "drizzle-orm";
import { db, sql } from "@/db";
import { sources } from "@/db/schema";
import type { Id } from "@/lib/platform";

/**
 * Live announcements of inbound requests and tunnel responses, across app instances through PostgreSQL LISTEN/NOTIFY.
 *
 * A notification only says "look": streams read the rows themselves from the database, so a lost or duplicated
 * notification costs a query, never a request. Each instance holds one LISTEN connection, opened when its first
 * stream subscribes; when that connection is re-established after a drop, every stream is told to catch up.
 */

export const INBOUND_CHANNEL = "switchboard_inbound";

export type LiveNote =
  | { kind: "request"; sourceId: Id<"src">; id: Id<"req"> }
  | { kind: "response"; sourceId: Id<"src">; requestId: Id<"req">; listener: string }
  /** The LISTEN connection was (re)established: anything may have been missed. */
  | { kind: "resync"; sourceId: Id<"src"> };

/** How long a stream's mark keeps requests announced; streams renew it well before it lapses. */
export const LIVE_MARK_SECONDS = 90;

const hub = new EventEmitter();
hub.setMaxListeners(0);
const subscribers = new Map<Id<"src">, number>();
let listening: { client: ReturnType<typeof sql>; ready: Promise<unknown> } | null = null;

function ensureListening() {
  const client = sql();
  if (listening?.client === client) return;
  const ready = client
    .listen(
      INBOUND_CHANNEL,
      (payload) => {
        try {
          const note = JSON.parse(payload) as LiveNote;
          if (typeof note.sourceId === "string") hub.emit(note.sourceId, note);
        } catch {
          // Only this module notifies on the channel; anything unparseable is ignored.
        }
      },
      () => {
        for (const sourceId of subscribers.keys()) hub.emit(sourceId, { kind: "resync", sourceId } satisfies LiveNote);
      },
    )
    .catch((error: Error) => {
      // Streams still poll the database, so they keep working, only a little later; the next subscribe retries.
      console.warn(JSON.stringify({ level: "warn", msg: "inbound LISTEN failed; streams fall back to polling", reason: error.message }));
      if (listening?.client === client) listening = null;
    });
  listening = { client, ready };
}

/** Calls `handler` for every note about the source until the returned function is called. */
export function subscribe(sourceId: Id<"src">, handler: (note: LiveNote) => void): () => void {
  ensureListening();
  hub.on(sourceId, handler);
  subscribers.set(sourceId, (subscribers.get(sourceId) ?? 0) + 1);
  return () => {
    hub.off(sourceId, handler);
    const left = (subscribers.get(sourceId) ?? 1) - 1;
    if (left > 0) subscribers.set(sourceId, left);
    else subscribers.delete(sourceId);
  };
}

/** True when a stream in this process watches the source (no database mark needed to announce to it). */
export function watchedHere(sourceId: Id<"src">): boolean {
  return subscribers.has(sourceId);
}

/**
 * Announces a note to every instance. Local subscribers hear it at once; remote ones through NOTIFY. Failures are
 * logged, not thrown: the request is already stored, and streams poll.
 */
export async function announce(note: LiveNote): Promise<void> {
  hub.emit(note.sourceId, note);
  try {
    await sql()`select pg_notify(${INBOUND_CHANNEL}, ${JSON.stringify(note)})`;
  } catch (error) {
    console.warn(JSON.stringify({ level: "warn", msg: "inbound NOTIFY failed", reason: (error as Error).message }));
  }
}

/** Marks the source as watched, so every instance announces its requests for the next LIVE_MARK_SECONDS. */
export async function markLive(sourceId: Id<"src">): Promise<void> {
  await db()
    .update(sources)
    .set({ liveUntil: new Date(Date.now() + LIVE_MARK_SECONDS * 1000) })
    .where(eq(sources.id, sourceId));
}

/** Whether requests of this source should be announced: watched here, or marked live by a stream elsewhere. */
export function isWatched(source: { id: Id<"src">; liveUntil: Date | null }, now = Date.now()): boolean {
  return watchedHere(source.id) || (source.liveUntil !== null && source.liveUntil.getTime() > now);
}
