import { and, eq, lt, sql } from "drizzle-orm";
import { db, type Tx } from "@/db";
import { messageEventIds } from "@/db/schema";
import { AppError } from "@/lib/api";
import type { Id } from "@/lib/platform/id-types";

/**
 * Senders' event ids, the idempotency keys of sendMessage: an id is claimed with its message and refused again for
 * 24 hours, then forgotten by a scheduled purge.
 */

export const EVENT_ID_TTL_SECONDS = 24 * 3600;

/**
 * Claims the event id for this message, or throws 409 `duplicate_event` naming the original message. An id older than
 * 24 hours that the purge has not yet removed is released here. Concurrent senders of one id serialise on the
 * primary key: the second waits for the first to commit, then sees its row.
 */
export async function claimEventId(tx: Tx, workspaceId: string, eventId: string, messageId: Id<"msg">) {
  const claim = () =>
    tx.insert(messageEventIds).values({ workspaceId, eventId, messageId }).onConflictDoNothing().returning({ messageId: messageEventIds.messageId });
  if ((await claim()).length) return;
  const released = await tx
    .delete(messageEventIds)
    .where(
      and(
        eq(messageEventIds.workspaceId, workspaceId),
        eq(messageEventIds.eventId, eventId),
        lt(messageEventIds.createdAt, sql`now() - make_interval(secs => ${EVENT_ID_TTL_SECONDS})`),
      ),
    )
    .returning();
  if (released.length && (await claim()).length) return;
  const [original] = await tx
    .select({ messageId: messageEventIds.messageId })
    .from(messageEventIds)
    .where(and(eq(messageEventIds.workspaceId, workspaceId), eq(messageEventIds.eventId, eventId)));
  throw new AppError("duplicate_event", `A message with event id ${eventId} was already sent in the last 24 hours.`, {
    messageId: original?.messageId,
  });
}

/** Forgets event ids older than 24 hours (a scheduled job); returns how many. */
export async function purgeExpiredEventIds(tx: Tx = db()): Promise<number> {
  const purged = await tx
    .delete(messageEventIds)
    .where(lt(messageEventIds.createdAt, sql`now() - make_interval(secs => ${EVENT_ID_TTL_SECONDS})`))
    .returning({ eventId: messageEventIds.eventId });
  return purged.length;
}
