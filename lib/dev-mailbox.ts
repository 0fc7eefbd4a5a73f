import { desc } from "drizzle-orm";
import { db } from "@/db";
import { devMailbox } from "@/db/schema";

/** The newest mails that went to the dev mailbox, each with the first link in it (usually the point of the mail). */
export async function listDevMail(limit = 25) {
  const rows = await db().select().from(devMailbox).orderBy(desc(devMailbox.createdAt)).limit(limit);
  return rows.map((row) => ({ ...row, link: row.text.match(/https?:\/\/\S+/)?.[0] ?? null }));
}
