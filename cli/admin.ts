// `switchboard admin create-user --email <address>`: the first user of a self-hosted install, without SMTP. It creates
// the user and their personal workspace (the same path a first sign-in takes, lib/workspaces/service.ts), and prints a
// one-time sign-in link. Needs only DATABASE_URL, AUTH_SECRET and APP_URL. Built into dist/admin.mjs, which the plain
// JavaScript CLI (cli/index.js) loads for its admin commands.
import { createHash, randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import { drizzle } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import * as schema from "@/db/schema";
import { users, verificationTokens } from "@/db/schema";
import { systemRequestMeta } from "@/lib/api/request-context";
import { createPersonalWorkspace } from "@/lib/workspaces/service";

/** How long the printed link works: long enough to copy it from a server's console into a browser. */
export const SIGN_IN_LINK_MINUTES = 60;

/** The email provider's id in lib/auth/config.ts (Auth.js's Nodemailer provider), which the link's callback names. */
const EMAIL_PROVIDER_ID = "nodemailer";

/** Auth.js's normalisation of an email address (its email provider's default), so the link matches what it looks up. */
export function normalizeEmail(raw: string): string {
  const email = raw.normalize("NFKC").toLowerCase().trim();
  const [local, domain] = email.split("@");
  if (email.includes('"') || !local || !domain || email.split("@").length !== 2) throw new Error(`"${raw}" is not an email address.`);
  return `${local}@${domain.split(",")[0]}`;
}

export interface CreateUserResult {
  email: string;
  userId: string;
  /** The personal workspace made for a new user; null when the user already existed (they keep theirs). */
  workspace: { id: string; slug: string } | null;
  signInLink: string;
  expires: Date;
}

/**
 * Creates the user (unless they exist) with their personal workspace, and a one-time sign-in link in Auth.js's own
 * format: the verification token is stored as SHA-256 of token + AUTH_SECRET, exactly as its email provider stores the
 * token it mails, so Auth.js's callback signs the user in and deletes the token.
 */
export async function createUser(options: { email: string; databaseUrl: string; authSecret: string; appUrl: string }): Promise<CreateUserResult> {
  const email = normalizeEmail(options.email);
  const client = postgres(options.databaseUrl, { max: 1, onnotice: () => {} });
  const db = drizzle(client, { schema });
  try {
    const request = { ...systemRequestMeta(), userAgent: "switchboard-cli" };
    const [existing] = await db.select().from(users).where(eq(users.email, email));
    let userId = existing?.id;
    let workspace: CreateUserResult["workspace"] = null;
    if (!existing) {
      const created = await db.transaction(async (tx) => {
        const [user] = await tx.insert(users).values({ email }).returning();
        return { user, workspace: await createPersonalWorkspace(user, request, tx) };
      });
      userId = created.user.id;
      workspace = { id: created.workspace.id, slug: created.workspace.slug };
    }
    const token = randomBytes(32).toString("hex");
    const expires = new Date(Date.now() + SIGN_IN_LINK_MINUTES * 60_000);
    await db.insert(verificationTokens).values({
      identifier: email,
      token: createHash("sha256").update(`${token}${options.authSecret}`).digest("hex"),
      expires,
    });
    const appUrl = options.appUrl.replace(/\/+$/, "");
    const query = new URLSearchParams({ callbackUrl: `${appUrl}/`, token, email });
    return { email, userId: userId!, workspace, signInLink: `${appUrl}/api/auth/callback/${EMAIL_PROVIDER_ID}?${query}`, expires };
  } finally {
    await client.end({ timeout: 5 });
  }
}
