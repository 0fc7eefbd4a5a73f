import fc from "fast-check";
import { afterEach, describe, expect, it } from "vitest";
import { resetEnvForTests } from "@/lib/platform/env";
import { clientIp, ipInCidrList, parseCidrList, parseIp, trustedProxiesFromEnv, type CidrRange } from "@/lib/net/cidr";

function ranges(list: string[]): CidrRange[] {
  const parsed = parseCidrList(list);
  if (!parsed.ok) throw new Error(`invalid test ranges: ${parsed.invalid.join(", ")}`);
  return parsed.ranges;
}

const v4 = fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255)).map((octets) => octets.join("."));
const v6 = fc.array(fc.nat(0xffff), { minLength: 8, maxLength: 8 }).map((parts) => parts.map((p) => p.toString(16)).join(":"));

describe("parseCidrList", () => {
  it("accepts IPv4 and IPv6 ranges and single addresses", () => {
    const result = parseCidrList(["10.0.0.0/8", " 192.168.1.7 ", "2001:db8::/32", "::1", "0.0.0.0/0", "::/0", "::ffff:10.0.0.0/104"]);
    expect(result.ok).toBe(true);
    if (result.ok) {
      expect(result.ranges.map((r) => `${r.address.toString()}/${r.prefix}`)).toEqual([
        "10.0.0.0/8",
        "192.168.1.7/32",
        "2001:db8::/32",
        "::1/128",
        "0.0.0.0/0",
        "::/0",
        "10.0.0.0/8",
      ]);
    }
  });

  it("lists every invalid entry", () => {
    const result = parseCidrList(["10.0.0.0/8", "10.0.0.0/33", "::/129", "example.com", "127.1", "0x7f000001", "1.2.3.4/", "1.2.3.4/-1", "::ffff:1.2.3.4/64", ""]);
    expect(result).toEqual({
      ok: false,
      invalid: ["10.0.0.0/33", "::/129", "example.com", "127.1", "0x7f000001", "1.2.3.4/", "1.2.3.4/-1", "::ffff:1.2.3.4/64", ""],
    });
  });

  it("accepts an empty list", () => {
    expect(parseCidrList([])).toEqual({ ok: true, ranges: [] });
  });
});

describe("ipInCidrList", () => {
  const list = ranges(["10.0.0.0/8", "203.0.113.7", "2001:db8::/32", "::1"]);

  it("matches IPv4 and IPv6 addresses against their own kind of range", () => {
    expect(ipInCidrList("10.255.0.1", list)).toBe(true);
    expect(ipInCidrList("11.0.0.1", list)).toBe(false);
    expect(ipInCidrList("203.0.113.7", list)).toBe(true);
    expect(ipInCidrList("203.0.113.8", list)).toBe(false);
    expect(ipInCidrList("2001:db8:ffff::1", list)).toBe(true);
    expect(ipInCidrList("2001:db9::1", list)).toBe(false);
    expect(ipInCidrList("::1", list)).toBe(true);
    expect(ipInCidrList("0:0:0:0:0:0:0:1", list)).toBe(true);
  });

  it("matches IPv4-mapped IPv6 addresses against IPv4 ranges, and mapped ranges against IPv4 addresses", () => {
    expect(ipInCidrList("::ffff:10.1.2.3", list)).toBe(true);
    expect(ipInCidrList("::ffff:a01:203", list)).toBe(true);
    expect(ipInCidrList("::ffff:11.1.2.3", list)).toBe(false);
    expect(ipInCidrList("10.1.2.3", ranges(["::ffff:10.0.0.0/104"]))).toBe(true);
  });

  it("never matches non-addresses", () => {
    for (const input of ["", "example.com", "10.0.0.1/8", "127.1", "10.0.0.256", "[::1]"]) {
      expect(ipInCidrList(input, ranges(["0.0.0.0/0", "::/0"]))).toBe(false);
    }
  });

  it("property: every address is in its own /32 or /128, and in 0.0.0.0/0 or ::/0", () => {
    fc.assert(
      fc.property(fc.oneof(v4, v6), (ip) => {
        const full = ip.includes(":") ? 128 : 32;
        expect(ipInCidrList(ip, ranges([`${ip}/${full}`]))).toBe(true);
        expect(ipInCidrList(ip, ranges([ip]))).toBe(true);
        expect(ipInCidrList(ip, ranges(["0.0.0.0/0", "::/0"]))).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it("property: an IPv4 address is not in a disjoint range, and matches its IPv4-mapped form", () => {
    fc.assert(
      fc.property(v4, fc.integer({ min: 1, max: 32 }), (ip, prefix) => {
        const first = Number(ip.split(".")[0]);
        // Flipping the top bit of the first octet moves the address out of every range of length >= 1 around it.
        const other = [first ^ 0x80, ...ip.split(".").slice(1)].join(".");
        expect(ipInCidrList(ip, ranges([`${ip}/${prefix}`]))).toBe(true);
        expect(ipInCidrList(other, ranges([`${ip}/${prefix}`]))).toBe(false);
        expect(ipInCidrList(`::ffff:${ip}`, ranges([`${ip}/${prefix}`]))).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it("property: an IPv6 address is not in a disjoint range", () => {
    fc.assert(
      fc.property(v6, fc.integer({ min: 1, max: 128 }), (ip, prefix) => {
        const parts = ip.split(":");
        const other = [(parseInt(parts[0], 16) ^ 0x8000).toString(16), ...parts.slice(1)].join(":");
        expect(ipInCidrList(ip, ranges([`${ip}/${prefix}`]))).toBe(true);
        expect(ipInCidrList(other, ranges([`${ip}/${prefix}`]))).toBe(false);
      }),
      { numRuns: 500 },
    );
  });
});

describe("clientIp", () => {
  const proxies = ranges(["10.0.0.0/8", "fd00::/8"]);

  it("ignores X-Forwarded-For when the peer is not a trusted proxy", () => {
    expect(clientIp({ "x-forwarded-for": "1.1.1.1" }, "203.0.113.9", proxies)).toBe("203.0.113.9");
    expect(clientIp({ "x-forwarded-for": "1.1.1.1" }, "10.0.0.2", [])).toBe("10.0.0.2");
  });

  it("takes the first untrusted address from the right, not the spoofable leftmost one", () => {
    const headers = { "X-Forwarded-For": "6.6.6.6, 198.51.100.4, 10.0.0.5" };
    expect(clientIp(headers, "10.0.0.2", proxies)).toBe("198.51.100.4");
  });

  it("walks past several trusted proxies of both families", () => {
    const headers = new Headers({ "x-forwarded-for": "198.51.100.4, fd00::7, 10.1.1.1" });
    expect(clientIp(headers, "fd00::1", proxies)).toBe("198.51.100.4");
  });

  it("reads repeated headers in order and entries with ports", () => {
    const headers = { "x-forwarded-for": ["198.51.100.4:5123", "[2001:db8::9]:443, 10.0.0.5"] };
    expect(clientIp(headers, "10.0.0.2", proxies)).toBe("2001:db8::9");
    expect(clientIp({ "x-forwarded-for": "198.51.100.4:5123" }, "10.0.0.2", proxies)).toBe("198.51.100.4");
  });

  it("reports IPv4-mapped peers and entries in IPv4 form", () => {
    expect(clientIp({}, "::ffff:203.0.113.9", proxies)).toBe("203.0.113.9");
    expect(clientIp({ "x-forwarded-for": "::ffff:198.51.100.4" }, "::ffff:10.0.0.2", proxies)).toBe("198.51.100.4");
  });

  it("stops at an unparseable entry, at the last address a trusted proxy vouched for", () => {
    const headers = { "x-forwarded-for": "198.51.100.4, unknown, 10.0.0.5" };
    expect(clientIp(headers, "10.0.0.2", proxies)).toBe("10.0.0.5");
  });

  it("falls back to the peer without a header, and to the leftmost when every hop is trusted", () => {
    expect(clientIp({}, "10.0.0.2", proxies)).toBe("10.0.0.2");
    expect(clientIp({ "x-forwarded-for": "10.9.9.9, 10.0.0.5" }, "10.0.0.2", proxies)).toBe("10.9.9.9");
  });

  it("property: whatever the client prepends, the answer is the address the first trusted proxy saw", () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(v4, v6, fc.string()), { maxLength: 5 }), v4, (spoofed, real) => {
        fc.pre(!ipInCidrList(real, proxies));
        const header = [...spoofed.map((s) => s.replaceAll(",", "")), real, "10.0.0.5"].join(", ");
        expect(clientIp({ "x-forwarded-for": header }, "10.0.0.2", proxies)).toBe(parseIp(real)!.toString());
      }),
    );
  });
});

describe("trustedProxiesFromEnv", () => {
  const saved = process.env.TRUSTED_PROXIES;
  afterEach(() => {
    // Assigning undefined to process.env would store the string "undefined".
    if (saved === undefined) delete process.env.TRUSTED_PROXIES;
    else process.env.TRUSTED_PROXIES = saved;
    resetEnvForTests();
  });

  it("parses TRUSTED_PROXIES and fails loudly on a bad entry", () => {
    process.env.TRUSTED_PROXIES = "10.0.0.0/8, ::1";
    resetEnvForTests();
    expect(trustedProxiesFromEnv()).toHaveLength(2);
    process.env.TRUSTED_PROXIES = "10.0.0.0/8,proxy.internal";
    resetEnvForTests();
    expect(() => trustedProxiesFromEnv()).toThrow(/proxy\.internal/);
  });
});
