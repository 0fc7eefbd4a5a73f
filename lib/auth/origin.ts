import { AppError } from "@/lib/api";
import { env } from "@/lib/platform";

/**
 * The host a request was made to. X-Forwarded-Host is present only as a trusted proxy sent it or as Next copied it
 * from Host (scripts/server.ts drops the client's own), and on Vercel its edge sets it.
 */
function requestHost(headers: Headers): string | null {
  const host = (headers.get("x-forwarded-host") ?? headers.get("host"))?.split(",")[0]?.trim().toLowerCase();
  return host || null;
}

const hostOf = (url: string) => new URL(url).host;

/**
 * The origin a sign-in link is built on for a request, or null when the request was made to a host that is not the
 * app's own: such a request gets no link, as its Host is the client's to write (a forged one would mail a valid
 * token to the attacker's domain). Outside Vercel the app's own is APP_URL alone, the origin of every emailed link.
 * On Vercel, whose edge routes by Host, a deployment is also reached on its own URLs (VERCEL_URL, VERCEL_BRANCH_URL,
 * VERCEL_PROJECT_PRODUCTION_URL) and through AUTH_REDIRECT_PROXY_URL's host; links stay on the host asked, so
 * preview deployments keep signing in on themselves.
 */
export function signInOrigin(headers: Headers): string | null {
  const e = env();
  const host = requestHost(headers);
  const appOrigin = new URL(e.APP_URL).origin;
  if (host === hostOf(e.APP_URL)) return appOrigin;
  if (e.mode !== "vercel" || !host) return null;
  const own = [e.VERCEL_URL, e.VERCEL_BRANCH_URL, e.VERCEL_PROJECT_PRODUCTION_URL, e.AUTH_REDIRECT_PROXY_URL && hostOf(e.AUTH_REDIRECT_PROXY_URL)];
  return own.some((h) => h?.toLowerCase() === host) ? `https://${host}` : null;
}

/** Refuses a sign-in request made to another host, with the address to use instead. */
export function assertSignInHost(headers: Headers): string {
  const origin = signInOrigin(headers);
  if (!origin) throw new AppError("wrong_host", `Sign-in links are sent only for ${env().APP_URL}: open the app there to sign in.`);
  return origin;
}
