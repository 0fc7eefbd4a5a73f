import { z } from "zod";
import { AppError } from "@/lib/api";
import { rateLimit, RULES } from "@/lib/platform";

export const signInEmailSchema = z.string().trim().toLowerCase().email("Enter a valid email address");

/** Sign-in mails are limited per address (no inbox flooding) and per IP (no address enumeration sweeps). */
export async function assertSignInAllowed(email: string, ip: string | null) {
  const [byEmail, byIp] = await Promise.all([
    rateLimit("signin:email", email, RULES.signInPerEmail),
    rateLimit("signin:ip", ip ?? "unknown", RULES.signInPerIp),
  ]);
  const blocked = [byEmail, byIp].find((r) => !r.success);
  if (blocked) {
    const minutes = Math.max(1, Math.ceil((blocked.reset - Date.now()) / 60_000));
    throw new AppError("rate_limited", `Too many sign-in attempts. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`);
  }
}
