import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";

describe("start script", () => {
  it("exits non-zero and names each invalid variable", () => {
    const result = spawnSync("npx", ["--no-install", "tsx", "scripts/start.ts", "start"], {
      env: { PATH: process.env.PATH, HOME: process.env.HOME, DATABASE_URL: "mysql://nope/db", AUTH_SECRET: "short", ENCRYPTION_KEYS: "k1:abc", NODE_ENV: "production" },
      encoding: "utf8",
      timeout: 60_000,
    });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain("DATABASE_URL");
    expect(result.stderr).toContain("AUTH_SECRET: must be at least 32 characters");
    expect(result.stderr).toContain("ENCRYPTION_KEYS");
    expect(result.stdout).not.toContain("migrations applied");
  });
});
