import { describe, expect, it } from "vitest";
import { EnvError, parseEnv, rateLimitBacking } from "@/lib/platform/env";

const base = {
  DATABASE_URL: "postgres://u@127.0.0.1:5432/db",
  AUTH_SECRET: "x".repeat(32),
  ENCRYPTION_KEYS: `k1:${Buffer.alloc(32, 1).toString("base64")}`,
  APP_URL: "https://hooks.example.test",
  EMAIL_SERVER: "smtp://127.0.0.1:2525",
};
const { APP_URL: _appUrl, EMAIL_SERVER: _emailServer, ...secretsOnly } = base;

function problems(raw: Record<string, string>) {
  try {
    parseEnv(raw);
  } catch (error) {
    expect(error).toBeInstanceOf(EnvError);
    return (error as EnvError).problems.map((p) => p.variable);
  }
  throw new Error("expected the environment to be rejected");
}

describe("parseEnv", () => {
  it("accepts a minimal self-hosted environment", () => {
    const env = parseEnv(base);
    expect(env.mode).toBe("self-hosted");
    expect(env.ENCRYPTION_KEYS[0].id).toBe("k1");
    expect(rateLimitBacking(env)).toBe("memory");
  });

  it("names each missing variable", () => {
    expect(problems({}).sort()).toEqual(["AUTH_SECRET", "DATABASE_URL", "ENCRYPTION_KEYS"]);
  });

  it("requires EMAIL_SERVER and APP_URL when self-hosted, and neither in the embedded default", () => {
    const { EMAIL_SERVER: _, ...withoutMail } = base;
    expect(() => parseEnv(withoutMail)).toThrow(/EMAIL_SERVER: is required when self-hosted/);
    expect(problems(secretsOnly).sort()).toEqual(["APP_URL", "EMAIL_SERVER"]);
    expect(parseEnv({ ...secretsOnly, SWITCHBOARD_EMBEDDED: "1" }).APP_URL).toBe("http://localhost:3000");
  });

  it("links a Vercel deployment without APP_URL to its own URL", () => {
    const vercel = { ...secretsOnly, VERCEL: "1", INNGEST_EVENT_KEY: "e", INNGEST_SIGNING_KEY: "s", UPSTASH_REDIS_REST_URL: "https://u.example.test", UPSTASH_REDIS_REST_TOKEN: "t" };
    expect(parseEnv({ ...vercel, VERCEL_URL: "sb-git-x.vercel.app" }).APP_URL).toBe("https://sb-git-x.vercel.app");
    expect(problems(vercel)).toEqual(["APP_URL"]);
  });

  it("names malformed variables", () => {
    expect(problems({ ...base, DATABASE_URL: "mysql://x/y" })).toEqual(["DATABASE_URL"]);
    expect(problems({ ...base, ENCRYPTION_KEYS: "k1:short" })).toEqual(["ENCRYPTION_KEYS"]);
    expect(problems({ ...base, REDIS_URL: "not a url" })).toEqual(["REDIS_URL"]);
  });

  it("requires paired variables together", () => {
    expect(problems({ ...base, AUTH_GITHUB_ID: "id" })).toEqual(["AUTH_GITHUB_SECRET"]);
  });

  it("requires Inngest and Upstash on Vercel", () => {
    expect(problems({ ...base, VERCEL: "1" }).sort()).toEqual(["INNGEST_EVENT_KEY", "INNGEST_SIGNING_KEY", "UPSTASH_REDIS_REST_URL"]);
  });

  it("picks the mode and rate-limit backing from the environment", () => {
    expect(parseEnv({ ...base, SWITCHBOARD_EMBEDDED: "1" }).mode).toBe("embedded");
    expect(rateLimitBacking(parseEnv({ ...base, REDIS_URL: "redis://127.0.0.1:6379" }))).toBe("redis");
  });
});
