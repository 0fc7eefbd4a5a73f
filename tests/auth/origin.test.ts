// Which origin a sign-in link is built on. Over a real socket (forged Host, forged X-Forwarded-Host) in
// tests/e2e/security.e2e.ts; here the Vercel rules, which no local server can play.
import { afterEach, describe, expect, it } from "vitest";
import { signInOrigin } from "@/lib/auth/origin";
import { resetEnvForTests } from "@/lib/platform/env";

const VERCEL = {
  VERCEL: "1",
  INNGEST_EVENT_KEY: "e",
  INNGEST_SIGNING_KEY: "s",
  UPSTASH_REDIS_REST_URL: "https://upstash.example.test",
  UPSTASH_REDIS_REST_TOKEN: "t",
  APP_URL: "https://hooks.example.test",
  VERCEL_URL: "sb-abc123.vercel.app",
  VERCEL_BRANCH_URL: "sb-git-feature.vercel.app",
  AUTH_REDIRECT_PROXY_URL: "https://auth-proxy.example.test/api/auth",
};
const host = (value: string) => new Headers({ host: value });

describe("signInOrigin", () => {
  afterEach(() => {
    for (const key of Object.keys(VERCEL)) delete process.env[key];
    resetEnvForTests();
  });

  it("is APP_URL for a request to APP_URL's host, and nothing for any other host", () => {
    process.env.APP_URL = "http://127.0.0.1:4321";
    resetEnvForTests();
    expect(signInOrigin(host("127.0.0.1:4321"))).toBe("http://127.0.0.1:4321");
    expect(signInOrigin(host("localhost:4321"))).toBeNull();
    expect(signInOrigin(host("attacker.example"))).toBeNull();
    expect(signInOrigin(new Headers())).toBeNull();
  });

  it("on Vercel, also accepts the deployment's own hosts, and links back to the host asked", () => {
    Object.assign(process.env, VERCEL);
    resetEnvForTests();
    expect(signInOrigin(host("hooks.example.test"))).toBe("https://hooks.example.test");
    expect(signInOrigin(host("sb-abc123.vercel.app"))).toBe("https://sb-abc123.vercel.app");
    expect(signInOrigin(new Headers({ host: "internal", "x-forwarded-host": "sb-git-feature.vercel.app" }))).toBe("https://sb-git-feature.vercel.app");
    expect(signInOrigin(host("auth-proxy.example.test"))).toBe("https://auth-proxy.example.test");
    expect(signInOrigin(host("sb-someone-else.vercel.app"))).toBeNull();
  });
});
