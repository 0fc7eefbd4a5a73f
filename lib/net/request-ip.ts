import { env } from "@/lib/platform";
import { parseIp } from "@/lib/net/cidr";

/**
 * The client address of a request handled by Next, which does not expose the socket. Outside Vercel the app is
 * served by scripts/server.ts, which replaces X-Forwarded-For with the one address the socket supports (its peer,
 * or what TRUSTED_PROXIES vouch for) before Next sees the request, so the header is believed as it stands. On Vercel
 * its edge sets the headers and nothing else reaches the function.
 */
export function requestIp(headers: Headers): string | null {
  if (env().mode === "vercel") return headers.get("x-real-ip") ?? headers.get("x-forwarded-for")?.split(",")[0]?.trim() ?? null;
  return parseIp(headers.get("x-forwarded-for") ?? "")?.toString() ?? null;
}
