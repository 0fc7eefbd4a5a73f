import { DrizzleAdapter } from "@auth/drizzle-adapter";
import NextAuth from "next-auth";
import GitHub from "next-auth/providers/github";
import Nodemailer from "next-auth/providers/nodemailer";
import { headers } from "next/headers";
import { db } from "@/db";
import { accounts, sessions, users, verificationTokens } from "@/db/schema";
import { assertSignInHost } from "@/lib/auth/origin";
import { env, linkEmail, sendEmail } from "@/lib/platform";
import { requestMetaFromHeaders, systemRequestMeta } from "@/lib/api";
import { createPersonalWorkspace } from "@/lib/workspaces";

const MAGIC_LINK_MINUTES = 15;

// Configuration is built per request (the lazy form), so `next build` needs neither env nor database.
export const { handlers, auth, signIn, signOut } = NextAuth(() => {
  const e = env();
  return {
    secret: e.AUTH_SECRET,
    // Auth.js refuses every request without it. It no longer decides where links point: the route hands Auth.js the
    // app's own origin (app/api/auth/[...nextauth]/route.ts) and each mailed link is rebuilt on it below.
    trustHost: true,
    adapter: DrizzleAdapter(db(), { usersTable: users, accountsTable: accounts, sessionsTable: sessions, verificationTokensTable: verificationTokens }),
    session: { strategy: "database", maxAge: 30 * 24 * 3600, updateAge: 24 * 3600 },
    pages: { signIn: "/sign-in", verifyRequest: "/verify-request", error: "/sign-in" },
    providers: [
      Nodemailer({
        // The provider insists on a server; delivery itself goes through sendEmail, which also covers the dev mailbox.
        server: e.EMAIL_SERVER ?? "smtp://127.0.0.1:25",
        from: e.EMAIL_FROM,
        maxAge: MAGIC_LINK_MINUTES * 60,
        async sendVerificationRequest({ identifier, url, request }) {
          // The one place every sign-in link passes (the form's server action and direct posts alike): a request to
          // a host that is not the app's own mails nothing, and the link is built on the app's origin.
          const link = new URL(url);
          const linkAtOrigin = new URL(link.pathname + link.search, assertSignInHost(request.headers)).toString();
          await sendEmail({
            to: identifier,
            subject: "Sign in to Switchboard",
            ...linkEmail({
              heading: "Sign in to Switchboard",
              intro: "Use the button below to sign in. It works once.",
              url: linkAtOrigin,
              cta: "Sign in",
              footer: `The link expires in ${MAGIC_LINK_MINUTES} minutes. If you did not ask for it, ignore this mail.`,
            }),
          });
        },
      }),
      ...(e.AUTH_GITHUB_ID ? [GitHub({ clientId: e.AUTH_GITHUB_ID, clientSecret: e.AUTH_GITHUB_SECRET })] : []),
    ],
    callbacks: {
      session({ session, user }) {
        session.user.id = user.id;
        return session;
      },
    },
    events: {
      async createUser({ user }) {
        const meta = await headers().then(requestMetaFromHeaders, () => systemRequestMeta());
        await createPersonalWorkspace({ id: user.id!, email: user.email!, name: user.name }, meta);
      },
    },
  };
});
