import { desc, lt } from "drizzle-orm";
import { db } from "@/db";
import { devMailbox } from "@/db/schema";
import { usesDevMailbox } from "@/lib/platform/email";
import { parseIp, requestIp } from "@/lib/net";

/** How long a mail stays in the dev mailbox: sign-in links expire in minutes, invitations are re-sent easily. */
export const DEV_MAILBOX_RETENTION_HOURS = 24;

/**
 * Whether this request may see the dev mailbox: it holds working sign-in links, so only the person at the machine
 * may, in the embedded default. The client's address is the socket's (scripts/server.ts), never a header the client
 * chose; a request through a trusted proxy counts as the address the proxy names.
 */
export function devMailboxVisibleTo(headers: Headers): boolean {
  if (!usesDevMailbox()) return false;
  return parseIp(requestIp(headers) ?? "")?.range() === "loopback";
}

/** The newest mails that went to the dev mailbox, each with the first link in it (usually the point of the mail). */
export async function listDevMail(limit = 25) {
  const rows = await db().select().from(devMailbox).orderBy(desc(devMailbox.createdAt)).limit(limit);
  return rows.map((row) => ({ ...row, link: row.text.match(/https?:\/\/\S+/)?.[0] ?? null }));
}

/** Drops mails older than the retention; a scheduled job (lib/platform/jobs.ts). Returns how many went. */
export async function purgeOldDevMail(now = new Date()): Promise<number> {
  const cutoff = new Date(now.getTime() - DEV_MAILBOX_RETENTION_HOURS * 3600_000);
  const removed = await db().delete(devMailbox).where(lt(devMailbox.createdAt, cutoff)).returning({ id: devMailbox.id });
  return removed.length;
}
