import { createTransport, type Transporter } from "nodemailer";
import { db } from "@/db";
import { devMailbox } from "@/db/schema";
import { env } from "@/lib/platform/env";

export interface Email {
  to: string;
  subject: string;
  text: string;
  html?: string;
}

let transport: Transporter | undefined;

/** True when mail goes to the dev mailbox page instead of an SMTP server: the embedded default without SMTP only. */
export function usesDevMailbox(): boolean {
  const e = env();
  return e.mode === "embedded" && !e.EMAIL_SERVER;
}

/**
 * Sends through SMTP when EMAIL_SERVER is set. Otherwise, in the embedded default (a laptop), the mail lands in the
 * dev mailbox table and the console, so sign-in works with nothing configured. Self-hosted servers cannot start
 * without EMAIL_SERVER (lib/platform/env.ts); Vercel deployments without it send nothing.
 */
export async function sendEmail(email: Email): Promise<void> {
  const e = env();
  if (e.EMAIL_SERVER) {
    transport ??= createTransport(e.EMAIL_SERVER);
    const result = await transport.sendMail({ from: e.EMAIL_FROM, ...email });
    const failed = [...(result.rejected ?? []), ...(result.pending ?? [])];
    if (failed.length) throw new Error(`Email to ${failed.join(", ")} could not be sent`);
    return;
  }
  if (!usesDevMailbox()) throw new Error(`EMAIL_SERVER is not configured, and the ${e.mode} mode has no dev mailbox.`);
  await db().insert(devMailbox).values(email);
  console.log(`[dev mailbox] to ${email.to}: ${email.subject}\n${email.text}\n`);
}

/** Text made safe inside HTML (an element's text or a quoted attribute), for the mails' HTML bodies. */
export const escapeHtml = (s: string) => s.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]!);

/** Plain and HTML bodies for a mail whose point is one link. */
export function linkEmail(options: { heading: string; intro: string; url: string; cta: string; footer: string }) {
  const text = `${options.heading}\n\n${options.intro}\n\n${options.cta}: ${options.url}\n\n${options.footer}\n`;
  const escape = escapeHtml;
  const html = `<div style="font-family:system-ui,sans-serif;max-width:480px;margin:auto;padding:24px">
<h2 style="margin:0 0 12px">${escape(options.heading)}</h2><p>${escape(options.intro)}</p>
<p><a href="${escape(options.url)}" style="display:inline-block;background:#111;color:#fff;padding:10px 16px;border-radius:6px;text-decoration:none">${escape(options.cta)}</a></p>
<p style="color:#666;font-size:13px">${escape(options.footer)}</p></div>`;
  return { text, html };
}
