import { env } from "@/lib/env";
import { clientIp, trustedProxiesFromEnv } from "@/lib/net/cidr";

/**
 * The client address of a request handled by Next, which does not expose the socket. Next fills X-Forwarded-For
 * with the socket's address only when the header is absent, so the rightmost entry is the nearest hop; from there
 * the walk goes left only through TRUSTED_PROXIES. Without a proxy that overwrites the header, a client can name
 * any address: IP allowlists need such a proxy (Vercel's edge is one).
 */
export function requestIp(headers: Headers): string | null {
  if (env().mode === "vercel") return headers.get("x-real-ip") ?? headers.get("x-forwarded-for")?.split(",")[0]?.trim() ?? null;
  const hops = (headers.get("x-forwarded-for") ?? "").split(",").map((h) => h.trim()).filter(Boolean);
  const nearest = hops.pop();
  if (!nearest) return null;
  return clientIp({ "x-forwarded-for": hops.join(",") }, nearest, trustedProxiesFromEnv());
}
