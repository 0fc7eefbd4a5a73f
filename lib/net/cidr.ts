import ipaddr from "ipaddr.js";
import { env } from "@/lib/platform";

/**
 * CIDR allowlists and the client address behind trusted proxies. Only dotted-quad IPv4 is accepted: the
 * shorthand forms that ipaddr.js also parses ("127.1", "0x7f000001") would surprise anyone reading a list.
 */

type Address = ipaddr.IPv4 | ipaddr.IPv6;

export type CidrRange = { address: Address; prefix: number };

/** Parses one address, unwrapping IPv4-mapped IPv6 so that `::ffff:1.2.3.4` is treated as `1.2.3.4`. */
export function parseIp(text: string): Address | null {
  const value = text.trim();
  if (ipaddr.IPv4.isValidFourPartDecimal(value)) return ipaddr.IPv4.parse(value);
  if (!ipaddr.IPv6.isValid(value)) return null;
  const v6 = ipaddr.IPv6.parse(value);
  return v6.isIPv4MappedAddress() ? v6.toIPv4Address() : v6;
}

function parseRange(text: string): CidrRange | null {
  const value = text.trim();
  const slash = value.indexOf("/");
  const address = parseIp(slash < 0 ? value : value.slice(0, slash));
  if (!address) return null;
  const full = address.kind() === "ipv4" ? 32 : 128;
  if (slash < 0) return { address, prefix: full };
  const lengthText = value.slice(slash + 1);
  if (!/^\d{1,3}$/.test(lengthText)) return null;
  let prefix = Number(lengthText);
  // An IPv4-mapped range such as ::ffff:10.0.0.0/104 was unwrapped to IPv4 above, so its length shrinks by 96.
  if (address.kind() === "ipv4" && !ipaddr.IPv4.isValidFourPartDecimal(value.slice(0, slash))) {
    if (prefix < 96) return null;
    prefix -= 96;
  }
  return prefix <= full ? { address, prefix } : null;
}

export function parseCidrList(list: readonly string[]): { ok: true; ranges: CidrRange[] } | { ok: false; invalid: string[] } {
  const ranges: CidrRange[] = [];
  const invalid: string[] = [];
  for (const entry of list) {
    const range = parseRange(entry);
    if (range) ranges.push(range);
    else invalid.push(entry);
  }
  return invalid.length > 0 ? { ok: false, invalid } : { ok: true, ranges };
}

function addressInRanges(address: Address, ranges: readonly CidrRange[]): boolean {
  return ranges.some((range) => range.address.kind() === address.kind() && address.match(range.address, range.prefix));
}

/** False for anything that is not an address, so a garbled input never passes an allowlist. */
export function ipInCidrList(ip: string, ranges: readonly CidrRange[]): boolean {
  const address = parseIp(ip);
  return address !== null && addressInRanges(address, ranges);
}

/** One X-Forwarded-For entry, which some proxies write with a port ("1.2.3.4:80", "[2001:db8::1]:443"). */
function parseForwardedEntry(entry: string): Address | null {
  const value = entry.trim();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(value);
  if (bracketed) return parseIp(bracketed[1]);
  const v4WithPort = /^(\d{1,3}(?:\.\d{1,3}){3}):\d+$/.exec(value);
  return parseIp(v4WithPort ? v4WithPort[1] : value);
}

function forwardedFor(headers: Headers | Record<string, string | string[] | undefined>): string {
  if (headers instanceof Headers) return headers.get("x-forwarded-for") ?? "";
  return Object.entries(headers)
    .filter(([name, value]) => name.toLowerCase() === "x-forwarded-for" && value !== undefined)
    .flatMap(([, value]) => value ?? [])
    .join(",");
}

/**
 * The address of the client that made the request. X-Forwarded-For is anyone's to write, so it is read only
 * when the direct peer is a trusted proxy, and then from the right: each trusted proxy appended the address it
 * saw, and the first untrusted address from the right is the client. An unparseable entry stops the walk at
 * the last address a trusted proxy vouched for.
 */
export function clientIp(
  headers: Headers | Record<string, string | string[] | undefined>,
  peerAddress: string,
  trustedProxies: readonly CidrRange[],
): string {
  const peer = parseIp(peerAddress);
  if (!peer) return peerAddress;
  let current = peer;
  const hops = forwardedFor(headers).split(",").filter((entry) => entry.trim() !== "").reverse();
  for (const hop of hops) {
    if (!addressInRanges(current, trustedProxies)) break;
    const next = parseForwardedEntry(hop);
    if (!next) break;
    current = next;
  }
  return current.toString();
}

/**
 * TRUSTED_PROXIES from the environment, parsed; a bad entry is a configuration error worth failing loudly on.
 * scripts/server.ts calls it once, at start-up, and keeps the ranges for every request.
 */
export function trustedProxiesFromEnv(): CidrRange[] {
  const parsed = parseCidrList(env().TRUSTED_PROXIES);
  if (!parsed.ok) throw new Error(`TRUSTED_PROXIES has invalid entries: ${parsed.invalid.join(", ")}`);
  return parsed.ranges;
}
