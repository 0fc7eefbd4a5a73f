import ipaddr from "ipaddr.js";
import { env } from "@/lib/platform";

/**
 * Outbound SSRF rules (DESIGN §7) as pure functions over addresses and URLs.
 * The HTTP client applies them twice: to every DNS answer before connecting, and to the peer of the connected socket.
 */

type IPv4 = ipaddr.IPv4;
type IPv6 = ipaddr.IPv6;

export type Ipv4RangeName =
  | "loopback"
  | "private"
  | "link-local"
  | "cgnat"
  | "multicast"
  | "reserved"
  | "unspecified"
  | "broadcast"
  | "metadata"
  | "documentation"
  | "benchmarking";

export type EmbeddingName = "ipv4-mapped" | "ipv4-compatible" | "nat64" | "6to4";

export type RangeName =
  | Ipv4RangeName
  | "unique-local"
  | "teredo"
  | "invalid"
  | `${EmbeddingName}:${Ipv4RangeName}`;

export type AddressVerdict = { allowed: true } | { allowed: false; range: RangeName };

export interface TargetPolicy {
  /** Loopback, private, link-local, CGNAT and unique-local targets are allowed (ALLOW_PRIVATE_TARGETS). */
  allowPrivate: boolean;
  /** CIDR ranges (or single addresses) allowed even though they are not public (PRIVATE_TARGET_ALLOWLIST). */
  allowlist: readonly string[];
  /** Loopback targets (and plain http to them) are allowed: a workspace's "Local testing" switch, embedded mode only. */
  allowLoopback?: boolean;
}

type Table<A> = readonly (readonly [range: RangeName, cidr: [A, number]])[];

const v4 = (cidr: string) => ipaddr.IPv4.parseCIDR(cidr);
const v6 = (cidr: string) => ipaddr.IPv6.parseCIDR(cidr);

// Order matters: the first matching row wins, so the narrow metadata and broadcast rows precede their enclosing ranges.
const IPV4_TABLE: Table<IPv4> = [
  // Cloud instance-metadata services hand out credentials; they get their own name so no policy can unlock them.
  ["metadata", v4("169.254.169.254/32")],
  ["metadata", v4("169.254.170.2/32")],
  ["metadata", v4("100.100.100.200/32")],
  ["unspecified", v4("0.0.0.0/8")],
  ["loopback", v4("127.0.0.0/8")],
  ["private", v4("10.0.0.0/8")],
  ["private", v4("172.16.0.0/12")],
  ["private", v4("192.168.0.0/16")],
  ["link-local", v4("169.254.0.0/16")],
  ["cgnat", v4("100.64.0.0/10")],
  ["reserved", v4("192.0.0.0/24")],
  ["documentation", v4("192.0.2.0/24")],
  ["reserved", v4("192.88.99.0/24")],
  ["benchmarking", v4("198.18.0.0/15")],
  ["documentation", v4("198.51.100.0/24")],
  ["documentation", v4("203.0.113.0/24")],
  ["multicast", v4("224.0.0.0/4")],
  ["broadcast", v4("255.255.255.255/32")],
  ["reserved", v4("240.0.0.0/4")],
];

const IPV6_TABLE: Table<IPv6> = [
  ["metadata", v6("fd00:ec2::254/128")],
  ["teredo", v6("2001::/32")],
  ["benchmarking", v6("2001:2::/48")],
  ["reserved", v6("2001:10::/28")],
  ["reserved", v6("2001:20::/28")],
  ["documentation", v6("2001:db8::/32")],
  ["documentation", v6("3fff::/20")],
  ["unique-local", v6("fc00::/7")],
  ["link-local", v6("fe80::/10")],
  ["multicast", v6("ff00::/8")],
];

// Everything routable on the public IPv6 internet lies in 2000::/3; anything else not named above is reserved.
const GLOBAL_UNICAST_V6 = v6("2000::/3");

// Address formats that carry an IPv4 address inside an IPv6 one, and where the IPv4 bytes sit (byte offset).
const EMBEDDINGS: readonly { name: EmbeddingName; cidr: [IPv6, number]; offset: number }[] = [
  { name: "ipv4-mapped", cidr: v6("::ffff:0:0/96"), offset: 12 },
  { name: "nat64", cidr: v6("64:ff9b::/96"), offset: 12 },
  // RFC 8215 local-use prefix; operators usually put the IPv4 address in the last 32 bits (a /96 inside it).
  { name: "nat64", cidr: v6("64:ff9b:1::/48"), offset: 12 },
  { name: "6to4", cidr: v6("2002::/16"), offset: 2 },
  // IPv4-compatible (deprecated, RFC 4291). :: and ::1 are matched before this row.
  { name: "ipv4-compatible", cidr: v6("::/96"), offset: 12 },
];

const LOCAL_USE_NAT64 = v6("64:ff9b:1::/48");

/** Policies may unlock these ranges; the others (metadata, multicast, reserved, ...) are never valid webhook targets. */
const PRIVATE_RANGES: ReadonlySet<string> = new Set(["loopback", "private", "link-local", "cgnat", "unique-local"]);

/** Parses an IP address in any spelling parseHostLiteral accepts, or returns null. */
function parseIp(input: string): IPv4 | IPv6 | null {
  const literal = parseHostLiteral(input);
  if (literal === null) return null;
  return ipaddr.parse(literal);
}

function lookup<A extends IPv4 | IPv6>(address: A, table: Table<A>): RangeName | null {
  for (const [range, cidr] of table) {
    // ipaddr.js types `match` against the union; the table is already of the same kind as the address.
    if ((address as IPv4).match(cidr as [IPv4, number])) return range;
  }
  return null;
}

function classifyV4(address: IPv4): AddressVerdict {
  const range = lookup(address, IPV4_TABLE);
  return range ? { allowed: false, range } : { allowed: true };
}

function embeddedIpv4(address: IPv6): { name: EmbeddingName; inner: IPv4 } | null {
  for (const { name, cidr, offset } of EMBEDDINGS) {
    if (address.match(cidr)) {
      const bytes = address.toByteArray().slice(offset, offset + 4);
      return { name, inner: new ipaddr.IPv4(bytes) };
    }
  }
  return null;
}

function classifyV6(address: IPv6): AddressVerdict {
  const bytes = address.toByteArray();
  if (bytes.every((b) => b === 0)) return { allowed: false, range: "unspecified" };
  if (bytes.slice(0, 15).every((b) => b === 0) && bytes[15] === 1) return { allowed: false, range: "loopback" };

  const embedded = embeddedIpv4(address);
  if (embedded) {
    const inner = classifyV4(embedded.inner);
    if (!inner.allowed) return { allowed: false, range: `${embedded.name}:${inner.range as Ipv4RangeName}` };
    // A public IPv4 behind a local-use NAT64 prefix or the deprecated compatible form still only makes sense on the
    // operator's own network, so those stay closed; mapped, well-known NAT64 and 6to4 forms reach the public address.
    if (embedded.name === "ipv4-compatible" || address.match(LOCAL_USE_NAT64)) return { allowed: false, range: "reserved" };
    return { allowed: true };
  }

  const range = lookup(address, IPV6_TABLE);
  if (range) return { allowed: false, range };
  if (!address.match(GLOBAL_UNICAST_V6)) return { allowed: false, range: "reserved" };
  return { allowed: true };
}

/** Is this address a public unicast address? Anything unparsable is refused as "invalid". */
export function classifyAddress(ip: string): AddressVerdict {
  const address = parseIp(ip);
  if (!address) return { allowed: false, range: "invalid" };
  return address.kind() === "ipv4" ? classifyV4(address as IPv4) : classifyV6(address as IPv6);
}

/** WHATWG URL / inet_aton IPv4 number: 0x-prefixed hex, 0-prefixed octal, otherwise decimal. */
function parseIpv4Number(part: string): number | null {
  if (/^0x[0-9a-f]*$/.test(part)) return part.length === 2 ? 0 : parseInt(part.slice(2), 16);
  if (/^0[0-7]+$/.test(part)) return parseInt(part.slice(1), 8);
  if (/^(0|[1-9][0-9]*)$/.test(part)) return parseInt(part, 10);
  return null;
}

/** Parses the legacy IPv4 spellings (127.1, 0x7f000001, 2130706433, 0177.0.0.1) into dotted-quad form. */
function parseLegacyIpv4(host: string): string | null {
  const parts = host.toLowerCase().split(".");
  // A single trailing dot is allowed, as in fully qualified names ("127.0.0.1.").
  if (parts.length > 1 && parts[parts.length - 1] === "") parts.pop();
  if (parts.length > 4) return null;
  const numbers = parts.map(parseIpv4Number);
  if (numbers.some((n) => n === null)) return null;
  const values = numbers as number[];
  const last = values.pop() as number;
  if (values.some((n) => n > 255) || last >= 256 ** (4 - values.length)) return null;
  let value = last;
  values.forEach((n, i) => (value += n * 256 ** (3 - i)));
  return [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join(".");
}

/**
 * Normalises an IPv6 literal. A dotted IPv4 tail is rewritten as hex first because ipaddr.js reads "::a.b.c.d" as
 * IPv4-mapped (::ffff:a.b.c.d) rather than IPv4-compatible, which would misname the range.
 */
function parseIpv6(host: string): string | null {
  // Zone ids ("fe80::1%eth0") name a local interface; no webhook target needs one.
  if (host.includes("%")) return null;
  let text = host.toLowerCase();
  const lastColon = text.lastIndexOf(":");
  const tail = text.slice(lastColon + 1);
  if (tail.includes(".")) {
    if (!ipaddr.IPv4.isValidFourPartDecimal(tail)) return null;
    const [a, b, c, d] = ipaddr.IPv4.parse(tail).octets;
    text = `${text.slice(0, lastColon + 1)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  if (!ipaddr.IPv6.isValid(text)) return null;
  return ipaddr.IPv6.parse(text).toString();
}

/**
 * The canonical IP address a URL host (or socket address) denotes, or null when it is a DNS name.
 * Accepts every IPv4 spelling WHATWG URL and inet_aton accept, so a host that `new URL()` did not normalise
 * (a raw header, a socket address, a caller-built string) cannot slip past the range check.
 */
export function parseHostLiteral(host: string): string | null {
  const trimmed = host.trim();
  if (trimmed.startsWith("[") && trimmed.endsWith("]")) return parseIpv6(trimmed.slice(1, -1));
  if (trimmed.includes(":")) return parseIpv6(trimmed);
  return parseLegacyIpv4(trimmed);
}

function baseRange(range: RangeName): string {
  return range.includes(":") ? range.slice(range.indexOf(":") + 1) : range;
}

/** Parses one allowlist entry: a CIDR, or a bare address meaning just that address. Throws on anything else. */
export function parseAllowlistEntry(entry: string): [IPv4 | IPv6, number] {
  if (entry.includes("/")) {
    const [address, bits] = entry.split("/");
    const parsed = parseIp(address);
    if (parsed && /^\d+$/.test(bits)) return ipaddr.parseCIDR(`${parsed.toString()}/${bits}`);
  } else {
    const parsed = parseIp(entry);
    if (parsed) return [parsed, parsed.kind() === "ipv4" ? 32 : 128];
  }
  throw new Error(`"${entry}" is not an IP address or CIDR range`);
}

function inAllowlist(address: IPv4 | IPv6, allowlist: readonly string[]): boolean {
  // An allowlisted IPv4 range also covers that range's addresses written in IPv6 forms (::ffff:10.0.0.5).
  const candidates: (IPv4 | IPv6)[] = [address];
  if (address.kind() === "ipv6") {
    const embedded = embeddedIpv4(address as IPv6);
    if (embedded) candidates.push(embedded.inner);
  }
  return allowlist.some((entry) => {
    const cidr = parseAllowlistEntry(entry);
    return candidates.some((c) => c.kind() === cidr[0].kind() && c.match(cidr));
  });
}

/** The policy's verdict on one address: metadata is never allowed, allowlisted ranges are, and private ones when enabled. */
export function checkTarget(ip: string, policy: TargetPolicy): AddressVerdict {
  const verdict = classifyAddress(ip);
  if (verdict.allowed || verdict.range === "invalid") return verdict;
  const base = baseRange(verdict.range);
  if (base === "metadata") return verdict;
  if (inAllowlist(parseIp(ip) as IPv4 | IPv6, policy.allowlist)) return { allowed: true };
  if (policy.allowPrivate && PRIVATE_RANGES.has(base)) return { allowed: true };
  if (policy.allowLoopback && base === "loopback") return { allowed: true };
  return verdict;
}

export function isTargetAllowed(ip: string, policy: TargetPolicy): boolean {
  return checkTarget(ip, policy).allowed;
}

// The environment is parsed once per process (env() is memoised), so one policy object per parsed environment.
const policies = new WeakMap<ReturnType<typeof env>, TargetPolicy>();

/** The policy configured by ALLOW_PRIVATE_TARGETS and PRIVATE_TARGET_ALLOWLIST; a malformed allowlist entry throws here. */
export function policyFromEnv(): TargetPolicy {
  const e = env();
  let policy = policies.get(e);
  if (!policy) {
    e.PRIVATE_TARGET_ALLOWLIST.forEach((entry) => parseAllowlistEntry(entry));
    policy = { allowPrivate: e.ALLOW_PRIVATE_TARGETS, allowlist: e.PRIVATE_TARGET_ALLOWLIST };
    policies.set(e, policy);
  }
  return policy;
}

export type UrlCheck =
  | { ok: true; url: URL }
  | { ok: false; code: "invalid_url" | "scheme_not_allowed" | "credentials_in_url" | "ssrf_blocked"; message: string };

function isLocalhostName(hostname: string): boolean {
  const name = hostname.toLowerCase().replace(/\.$/, "");
  return name === "localhost" || name.endsWith(".localhost");
}

// A loopback-unlocked copy of each environment policy, so every workspace with local testing shares one object
// (the HTTP client keys its agents and URL checks by policy object).
const loopbackPolicies = new WeakMap<TargetPolicy, TargetPolicy>();

/** The environment's policy, plus loopback targets when `localTesting` (a workspace setting, embedded mode only). */
export function policyWithLocalTesting(localTesting: boolean): TargetPolicy {
  const base = policyFromEnv();
  if (!localTesting || env().mode !== "embedded" || base.allowPrivate) return base;
  let policy = loopbackPolicies.get(base);
  if (!policy) loopbackPolicies.set(base, (policy = { ...base, allowLoopback: true }));
  return policy;
}

/** How to allow a refused range, for the ones a setting can unlock; metadata and reserved ranges have no way. */
function unlockHint(range: RangeName): string {
  const base = baseRange(range);
  if (!PRIVATE_RANGES.has(base)) return "";
  const forDevelopment = "start the server with ALLOW_PRIVATE_TARGETS=1 (development only)";
  if (base === "loopback" && env().mode === "embedded") {
    return ` To test against a receiver on this machine, turn on Local testing in the workspace settings, or ${forDevelopment}.`;
  }
  return ` To allow it, ${forDevelopment}, or list its range in PRIVATE_TARGET_ALLOWLIST.`;
}

/**
 * Checks a webhook target URL before any network activity. Hostnames that are DNS names pass here; their addresses
 * are checked when the HTTP client resolves them.
 */
export function validateTargetUrl(raw: string, policy: TargetPolicy): UrlCheck {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, code: "invalid_url", message: "The URL is not a valid absolute URL." };
  }

  // RFC 6761 reserves "localhost" and its subdomains for loopback, whatever DNS might say about them.
  const ip = isLocalhostName(url.hostname) ? "127.0.0.1" : parseHostLiteral(url.hostname);
  const verdict = ip === null ? null : checkTarget(ip, policy);
  // A refused address is reported before the scheme: for http://127.0.0.1:8080 the useful answer is how to allow it.
  if (verdict && !verdict.allowed && (url.protocol === "https:" || url.protocol === "http:")) {
    return {
      ok: false,
      code: "ssrf_blocked",
      message: `The host ${url.hostname} is a ${verdict.range} address, which webhooks may not be sent to.${unlockHint(verdict.range)}`,
    };
  }

  // Plain http only makes sense for targets on a trusted network, so it is allowed exactly when such targets are.
  // Local testing opens plain http only towards the loopback addresses it unlocks.
  const unlockedLoopback = policy.allowLoopback === true && ip !== null && !classifyAddress(ip).allowed;
  const privateAllowed = policy.allowPrivate || policy.allowlist.length > 0 || unlockedLoopback;
  if (url.protocol !== "https:" && !(url.protocol === "http:" && privateAllowed)) {
    return {
      ok: false,
      code: "scheme_not_allowed",
      message: privateAllowed ? "The URL must use https or http." : "The URL must use https.",
    };
  }
  if (url.username || url.password) {
    return {
      ok: false,
      code: "credentials_in_url",
      message: "The URL must not contain credentials; configure endpoint authentication instead.",
    };
  }

  return { ok: true, url };
}
