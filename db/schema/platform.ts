import { pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { newId } from "@/lib/platform/ids";

/** Mail that would have been sent when no SMTP server is configured (embedded mode's dev mailbox). */
export const devMailbox = pgTable("dev_mailbox", {
  id: text("id").primaryKey().$defaultFn(() => newId("mail")),
  to: text("to").notNull(),
  subject: text("subject").notNull(),
  text: text("text").notNull(),
  html: text("html"),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});
