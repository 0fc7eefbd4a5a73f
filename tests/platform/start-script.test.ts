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

  // Without SMTP, sign-in links would have nowhere safe to go: the dev mailbox is the embedded default's alone.
  it.each(["start", "worker"])("%s: refuses a self-hosted environment without EMAIL_SERVER, naming it", (command) => {
    const result = spawnSync("npx", ["--no-install", "tsx", "scripts/start.ts", command], {
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        // Nothing listens on port 1: had the check passed, the migrations would fail instead.
        DATABASE_URL: "postgres://postgres@127.0.0.1:1/none",
        AUTH_SECRET: "x".repeat(32),
        ENCRYPTION_KEYS: `k1:${Buffer.alloc(32, 1).toString("base64")}`,
        APP_URL: "https://hooks.example.test",
        NODE_ENV: "production",
      },
      encoding: "utf8",
      timeout: 60_000,
    });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain("EMAIL_SERVER: is required when self-hosted");
  });
});
