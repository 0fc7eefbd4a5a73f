// Pure classification tests: nothing here opens a socket, so every range can be covered without touching it.
import fc from "fast-check";
import { afterEach, describe, expect, it } from "vitest";
import {
  checkTarget,
  classifyAddress,
  isTargetAllowed,
  parseHostLiteral,
  policyFromEnv,
  validateTargetUrl,
  type TargetPolicy,
} from "@/lib/net/ssrf";
import { resetEnvForTests } from "@/lib/platform/env";

const closed: TargetPolicy = { allowPrivate: false, allowlist: [] };
const openPrivate: TargetPolicy = { allowPrivate: true, allowlist: [] };
const loopbackAllowlist: TargetPolicy = { allowPrivate: false, allowlist: ["127.0.0.0/8", "::1/128"] };

describe("classifyAddress", () => {
  it.each([
    ["127.0.0.1", "loopback"],
    ["127.255.255.254", "loopback"],
    ["10.0.0.1", "private"],
    ["172.16.0.1", "private"],
    ["172.31.255.255", "private"],
    ["192.168.1.1", "private"],
    ["169.254.1.1", "link-local"],
    ["100.64.0.1", "cgnat"],
    ["100.127.255.255", "cgnat"],
    ["224.0.0.1", "multicast"],
    ["239.255.255.250", "multicast"],
    ["240.0.0.1", "reserved"],
    ["192.0.0.8", "reserved"],
    ["192.88.99.1", "reserved"],
    ["0.0.0.0", "unspecified"],
    ["0.1.2.3", "unspecified"],
    ["255.255.255.255", "broadcast"],
    ["169.254.169.254", "metadata"],
    ["169.254.170.2", "metadata"],
    ["100.100.100.200", "metadata"],
    ["192.0.2.1", "documentation"],
    ["198.51.100.7", "documentation"],
    ["203.0.113.9", "documentation"],
    ["198.18.0.1", "benchmarking"],
    ["198.19.255.255", "benchmarking"],
    ["::1", "loopback"],
    ["::", "unspecified"],
    ["fe80::1", "link-local"],
    ["fc00::1", "unique-local"],
    ["fd12:3456::1", "unique-local"],
    ["fd00:ec2::254", "metadata"],
    ["ff02::1", "multicast"],
    ["2001:db8::1", "documentation"],
    ["3fff::1", "documentation"],
    ["2001:2::1", "benchmarking"],
    ["2001::1", "teredo"],
    ["2001:0:4136:e378:8000:63bf:3fff:fdd2", "teredo"],
    ["100::1", "reserved"],
    ["fec0::1", "reserved"],
    ["::ffff:127.0.0.1", "ipv4-mapped:loopback"],
    ["::ffff:7f00:1", "ipv4-mapped:loopback"],
    ["::ffff:10.1.2.3", "ipv4-mapped:private"],
    ["::ffff:169.254.169.254", "ipv4-mapped:metadata"],
    ["::127.0.0.1", "ipv4-compatible:loopback"],
    ["64:ff9b::127.0.0.1", "nat64:loopback"],
    ["64:ff9b::a9fe:a9fe", "nat64:metadata"],
    ["64:ff9b:1::10.0.0.1", "nat64:private"],
    ["2002:7f00:1::", "6to4:loopback"],
    ["2002:c0a8:101::1", "6to4:private"],
    ["not-an-ip", "invalid"],
    ["fe80::1%eth0", "invalid"],
  ])("%s is %s", (ip, range) => {
    expect(classifyAddress(ip)).toEqual({ allowed: false, range });
  });

  it.each([
    "8.8.8.8",
    "1.1.1.1",
    "93.184.216.34",
    "172.32.0.1",
    "100.128.0.1",
    "2606:4700:4700::1111",
    "2a00:1450:4001:80b::200e",
    "::ffff:8.8.8.8",
    "64:ff9b::8.8.8.8",
    "2002:808:808::1",
  ])("%s is public", (ip) => {
    expect(classifyAddress(ip)).toEqual({ allowed: true });
  });

  it("refuses public IPv4 behind the deprecated compatible form and the local-use NAT64 prefix", () => {
    expect(classifyAddress("::8.8.8.8")).toEqual({ allowed: false, range: "reserved" });
    expect(classifyAddress("64:ff9b:1::8.8.8.8")).toEqual({ allowed: false, range: "reserved" });
  });
});

describe("parseHostLiteral", () => {
  it.each([
    ["127.0.0.1", "127.0.0.1"],
    ["127.1", "127.0.0.1"],
    ["0x7f000001", "127.0.0.1"],
    ["0X7F000001", "127.0.0.1"],
    ["2130706433", "127.0.0.1"],
    ["0177.0.0.1", "127.0.0.1"],
    ["127.0.0.01", "127.0.0.1"],
    ["0x7f.1", "127.0.0.1"],
    ["127.0.0.1.", "127.0.0.1"],
    ["10.1", "10.0.0.1"],
    ["10.0.1", "10.0.0.1"],
    ["0", "0.0.0.0"],
    ["[::1]", "::1"],
    ["[::ffff:127.0.0.1]", "::ffff:7f00:1"],
    ["[0:0:0:0:0:0:0:1]", "::1"],
    ["::FFFF:7F00:1", "::ffff:7f00:1"],
    ["[::127.0.0.1]", "::7f00:1"],
  ])("%s -> %s", (host, expected) => {
    expect(parseHostLiteral(host)).toBe(expected);
  });

  it.each(["example.com", "localhost", "1.2.3.4.5", "256.0.0.1", "4294967296", "09.0.0.1", "[fe80::1%eth0]", "[not-ip]"])(
    "%s is not an IP literal",
    (host) => {
      expect(parseHostLiteral(host)).toBeNull();
    },
  );

  it("agrees with WHATWG URL on every spelling of an IPv4 address", () => {
    // Each of up to four parts may be written in decimal, octal or hex; the last part absorbs the remaining bytes.
    const spell = (value: number, radix: "dec" | "oct" | "hex") =>
      radix === "dec" ? value.toString(10) : radix === "oct" ? `0${value.toString(8)}` : `0x${value.toString(16)}`;
    const radix = fc.constantFrom("dec" as const, "oct" as const, "hex" as const);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffffff }), fc.integer({ min: 1, max: 4 }), fc.array(radix, { minLength: 4, maxLength: 4 }), (n, partCount, radixes) => {
        const bytes = [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255];
        const leading = bytes.slice(0, partCount - 1);
        const last = bytes.slice(partCount - 1).reduce((acc, b) => acc * 256 + b, 0);
        const host = [...leading, last].map((v, i) => spell(v, radixes[i])).join(".");
        const expected = bytes.join(".");
        expect(new URL(`http://${host}/`).hostname).toBe(expected);
        expect(parseHostLiteral(host)).toBe(expected);
      }),
    );
  });
});

describe("policy", () => {
  const loopbackSpellings = [
    "http://127.0.0.1/hook",
    "http://127.1/hook",
    "http://0x7f000001/hook",
    "http://2130706433/hook",
    "http://[::1]/hook",
    "http://[::ffff:127.0.0.1]/hook",
    "http://localhost/hook",
    "http://LOCALHOST./hook",
    "http://api.localhost/hook",
  ];

  it.each(loopbackSpellings)("refuses %s when private targets are off", (url) => {
    // https is used here so the refusal is about the address, not the scheme.
    const result = validateTargetUrl(url.replace("http:", "https:"), closed);
    expect(result).toMatchObject({ ok: false, code: "ssrf_blocked" });
  });

  it.each(loopbackSpellings)("allows %s with ALLOW_PRIVATE_TARGETS", (url) => {
    expect(validateTargetUrl(url, openPrivate).ok).toBe(true);
  });

  it.each(loopbackSpellings)("allows %s with a loopback CIDR allowlist", (url) => {
    expect(validateTargetUrl(url, loopbackAllowlist).ok).toBe(true);
  });

  it("lets ALLOW_PRIVATE_TARGETS unlock private ranges but not metadata, multicast or reserved ones", () => {
    for (const ip of ["10.0.0.1", "192.168.0.10", "100.64.1.1", "169.254.10.10", "fd00::1", "::ffff:10.0.0.1", "64:ff9b::7f00:1"]) {
      expect(isTargetAllowed(ip, closed), ip).toBe(false);
      expect(isTargetAllowed(ip, openPrivate), ip).toBe(true);
    }
    for (const ip of ["169.254.169.254", "fd00:ec2::254", "::ffff:169.254.169.254", "224.0.0.1", "240.0.0.1", "192.0.2.1", "0.0.0.0"]) {
      expect(isTargetAllowed(ip, openPrivate), ip).toBe(false);
    }
  });

  it("honours the CIDR allowlist exactly, including IPv6 forms of an allowlisted IPv4 range", () => {
    const policy: TargetPolicy = { allowPrivate: false, allowlist: ["10.1.0.0/16", "fd00:1::/32", "192.168.5.5"] };
    expect(isTargetAllowed("10.1.200.3", policy)).toBe(true);
    expect(isTargetAllowed("::ffff:10.1.200.3", policy)).toBe(true);
    expect(isTargetAllowed("10.2.0.1", policy)).toBe(false);
    expect(isTargetAllowed("fd00:1::5", policy)).toBe(true);
    expect(isTargetAllowed("fd00:2::5", policy)).toBe(false);
    expect(isTargetAllowed("192.168.5.5", policy)).toBe(true);
    expect(isTargetAllowed("192.168.5.6", policy)).toBe(false);
  });

  it("never allows metadata addresses, even when an allowlist covers them", () => {
    const policy: TargetPolicy = { allowPrivate: true, allowlist: ["169.254.0.0/16", "0.0.0.0/0"] };
    expect(checkTarget("169.254.169.254", policy)).toEqual({ allowed: false, range: "metadata" });
    expect(isTargetAllowed("169.254.1.1", policy)).toBe(true);
  });

  it("keeps public addresses allowed under every policy", () => {
    for (const policy of [closed, openPrivate, loopbackAllowlist]) {
      expect(isTargetAllowed("8.8.8.8", policy)).toBe(true);
      expect(isTargetAllowed("2606:4700:4700::1111", policy)).toBe(true);
    }
  });
});

describe("embedded IPv4 forms (property)", () => {
  const inRange = (base: [number, number, number, number], prefix: number) =>
    fc.integer({ min: 0, max: 2 ** (32 - prefix) - 1 }).map((offset) => {
      const n = ((base[0] << 24) >>> 0) + (base[1] << 16) + (base[2] << 8) + base[3] + offset;
      return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255] as const;
    });
  const ranges: [string, fc.Arbitrary<readonly [number, number, number, number]>][] = [
    ["private", inRange([10, 0, 0, 0], 8)],
    ["private", inRange([172, 16, 0, 0], 12)],
    ["private", inRange([192, 168, 0, 0], 16)],
    ["loopback", inRange([127, 0, 0, 0], 8)],
    ["cgnat", inRange([100, 64, 0, 0], 10)],
    ["multicast", inRange([224, 0, 0, 0], 4)],
    ["unspecified", inRange([0, 0, 0, 0], 8)],
  ];
  const hex = (hi: number, lo: number) => ((hi << 8) | lo).toString(16);

  it.each(ranges)("every %s address is blocked in every spelling", (range, addresses) => {
    fc.assert(
      fc.property(addresses, ([a, b, c, d]) => {
        const dotted = `${a}.${b}.${c}.${d}`;
        expect(classifyAddress(dotted)).toEqual({ allowed: false, range });
        const forms: [string, string][] = [
          [`::ffff:${dotted}`, "ipv4-mapped"],
          [`::ffff:${hex(a, b)}:${hex(c, d)}`, "ipv4-mapped"],
          [`64:ff9b::${dotted}`, "nat64"],
          [`64:ff9b:1::${hex(a, b)}:${hex(c, d)}`, "nat64"],
          [`2002:${hex(a, b)}:${hex(c, d)}::1`, "6to4"],
        ];
        for (const [form, name] of forms) {
          expect(classifyAddress(form), form).toEqual({ allowed: false, range: `${name}:${range}` });
          expect(isTargetAllowed(form, closed), form).toBe(false);
        }
      }),
    );
  });

  // Link-local is checked apart because its metadata carve-outs carry a different range name.
  it("link-local addresses are blocked in every spelling", () => {
    fc.assert(
      fc.property(inRange([169, 254, 0, 0], 16), ([a, b, c, d]) => {
        const dotted = `${a}.${b}.${c}.${d}`;
        for (const form of [dotted, `::ffff:${dotted}`, `64:ff9b::${dotted}`, `2002:${hex(a, b)}:${hex(c, d)}::`]) {
          expect(isTargetAllowed(form, closed), form).toBe(false);
        }
      }),
    );
  });
});

describe("validateTargetUrl", () => {
  it("requires https unless private targets are allowed", () => {
    expect(validateTargetUrl("http://hooks.example.com/x", closed)).toMatchObject({ ok: false, code: "scheme_not_allowed" });
    expect(validateTargetUrl("https://hooks.example.com/x", closed)).toMatchObject({ ok: true });
    expect(validateTargetUrl("http://hooks.example.com/x", openPrivate)).toMatchObject({ ok: true });
    expect(validateTargetUrl("http://hooks.example.com/x", loopbackAllowlist)).toMatchObject({ ok: true });
    expect(validateTargetUrl("ftp://hooks.example.com/x", openPrivate)).toMatchObject({ ok: false, code: "scheme_not_allowed" });
    expect(validateTargetUrl("file:///etc/passwd", openPrivate)).toMatchObject({ ok: false, code: "scheme_not_allowed" });
  });

  it("rejects malformed URLs and embedded credentials", () => {
    expect(validateTargetUrl("not a url", closed)).toMatchObject({ ok: false, code: "invalid_url" });
    expect(validateTargetUrl("https://", closed)).toMatchObject({ ok: false, code: "invalid_url" });
    expect(validateTargetUrl("https://user:pw@hooks.example.com/", closed)).toMatchObject({ ok: false, code: "credentials_in_url" });
    expect(validateTargetUrl("https://user@hooks.example.com/", closed)).toMatchObject({ ok: false, code: "credentials_in_url" });
  });

  it("blocks forbidden IP literals with the range in the message and returns the parsed URL otherwise", () => {
    const blocked = validateTargetUrl("https://169.254.169.254/latest/meta-data", openPrivate);
    expect(blocked).toMatchObject({ ok: false, code: "ssrf_blocked" });
    expect(!blocked.ok && blocked.message).toContain("metadata");
    expect(validateTargetUrl("https://[64:ff9b::a00:1]/", closed)).toMatchObject({ ok: false, code: "ssrf_blocked" });
    const ok = validateTargetUrl("https://8.8.8.8:8443/hook?x=1", closed);
    expect(ok.ok && ok.url.port).toBe("8443");
  });
});

describe("policyFromEnv", () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
    resetEnvForTests();
  });

  it("reads ALLOW_PRIVATE_TARGETS and PRIVATE_TARGET_ALLOWLIST", () => {
    process.env.ALLOW_PRIVATE_TARGETS = "0";
    process.env.PRIVATE_TARGET_ALLOWLIST = "10.0.0.0/8, fd00::/8";
    resetEnvForTests();
    expect(policyFromEnv()).toEqual({ allowPrivate: false, allowlist: ["10.0.0.0/8", "fd00::/8"] });

    process.env.ALLOW_PRIVATE_TARGETS = "true";
    delete process.env.PRIVATE_TARGET_ALLOWLIST;
    resetEnvForTests();
    expect(policyFromEnv()).toEqual({ allowPrivate: true, allowlist: [] });
  });

  it("throws on an allowlist entry that is not a CIDR", () => {
    process.env.PRIVATE_TARGET_ALLOWLIST = "10.0.0.0/8,intranet";
    resetEnvForTests();
    expect(() => policyFromEnv()).toThrow(/intranet/);
  });
});
