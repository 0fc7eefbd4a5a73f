// The dev mailbox: the embedded default's stand-in for SMTP, for the person at the machine only, kept for a day.
// That a remote client gets 404 from a real server is tested in tests/e2e/security.e2e.ts.
import { eq } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { db } from "@/db";
import { devMailbox } from "@/db/schema";
import { devMailboxVisibleTo } from "@/lib/platform/dev-mailbox";
import { resetEnvForTests } from "@/lib/platform/env";
import { SCHEDULED_JOBS } from "@/lib/platform/jobs";

/** Headers as scripts/server.ts hands them to Next: X-Forwarded-For is the client address it took from the socket. */
const from = (address: string) => new Headers({ "x-forwarded-for": address });

describe("dev mailbox", () => {
  afterEach(() => {
    process.env.SWITCHBOARD_EMBEDDED = "1";
    delete process.env.EMAIL_SERVER;
    delete process.env.APP_URL;
    resetEnvForTests();
  });

  it("is shown only in the embedded mode without SMTP, and only to loopback clients", () => {
    expect(devMailboxVisibleTo(from("127.0.0.1"))).toBe(true);
    expect(devMailboxVisibleTo(from("::1"))).toBe(true);
    expect(devMailboxVisibleTo(from("::ffff:127.0.0.1"))).toBe(true);
    expect(devMailboxVisibleTo(from("203.0.113.5"))).toBe(false);
    expect(devMailboxVisibleTo(from("10.0.0.2"))).toBe(false);
    expect(devMailboxVisibleTo(new Headers())).toBe(false);

    process.env.EMAIL_SERVER = "smtp://127.0.0.1:2525";
    resetEnvForTests();
    expect(devMailboxVisibleTo(from("127.0.0.1"))).toBe(false);

    process.env.SWITCHBOARD_EMBEDDED = "";
    process.env.APP_URL = "https://hooks.example.test";
    resetEnvForTests();
    expect(devMailboxVisibleTo(from("127.0.0.1"))).toBe(false);
  });

  it("is purged of mail older than a day by a scheduled job", async () => {
    const [old] = await db().insert(devMailbox).values({ to: "old@example.test", subject: "Sign in", text: "old" }).returning();
    const [recent] = await db().insert(devMailbox).values({ to: "new@example.test", subject: "Sign in", text: "new" }).returning();
    await db().update(devMailbox).set({ createdAt: new Date(Date.now() - 25 * 3600_000) }).where(eq(devMailbox.id, old.id));
    await db().update(devMailbox).set({ createdAt: new Date(Date.now() - 23 * 3600_000) }).where(eq(devMailbox.id, recent.id));

    await SCHEDULED_JOBS.find((job) => job.name === "purge-dev-mailbox")!.run();
    const left = await db().select({ id: devMailbox.id }).from(devMailbox);
    expect(left.map((row) => row.id)).toEqual([recent.id]);
  });
});
