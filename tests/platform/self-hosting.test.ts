// Self-hosting from the README: compose.yaml stays a valid Compose file with the documented layout, `switchboard
// secrets` prints values the app accepts, and `switchboard admin create-user` makes the first user, their workspace
// and a sign-in link in Auth.js's token format, with only DATABASE_URL, AUTH_SECRET and APP_URL set.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import Ajv2019 from "ajv/dist/2019";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { db } from "@/db";
import { memberships, users, verificationTokens, workspaces } from "@/db/schema";
import { parseEnv } from "@/lib/platform/env";

const compose = parse(readFileSync("compose.yaml", "utf8"), { merge: true });
const scripts = (JSON.parse(readFileSync("package.json", "utf8")) as { scripts: Record<string, string> }).scripts;

describe("compose.yaml", () => {
  it("is valid against the Compose specification's JSON schema", () => {
    // tests/fixtures/compose-spec.json: the compose-spec project's schema (see tests/fixtures/README.md). It names its
    // draft as http://…/2019-09/schema#, which Ajv knows under https and without the #, so the draft is given by the
    // class; and it carries draft-04 "id" annotations ("#/properties/services"), which Ajv refuses and which identify
    // nothing that is referenced, so they are dropped.
    const withoutIds = (node: unknown): unknown =>
      Array.isArray(node)
        ? node.map(withoutIds)
        : node && typeof node === "object"
          ? Object.fromEntries(Object.entries(node).filter(([k, v]) => !(k === "id" && typeof v === "string")).map(([k, v]) => [k, withoutIds(v)]))
          : node;
    const { $schema: _draft, ...schema } = withoutIds(JSON.parse(readFileSync("tests/fixtures/compose-spec.json", "utf8"))) as Record<string, unknown>;
    const validate = new Ajv2019({ strict: false, allErrors: true }).compile(schema);
    expect(validate(compose), JSON.stringify(validate.errors, null, 2)).toBe(true);
    // The schema check can fail: a misspelt service key is refused.
    expect(validate({ services: { app: { comand: ["npm", "start"] } } })).toBe(false);
  });

  it("runs PostgreSQL, Redis, a one-off migration, the app and two workers, in that order", () => {
    const { services } = compose;
    expect(Object.keys(services).sort()).toEqual(["app", "migrate", "postgres", "redis", "worker"]);
    expect(services.postgres.image).toMatch(/^postgres:1[5-8]$/);
    expect(services.worker.deploy.replicas).toBe(2);
    for (const name of ["app", "worker"]) {
      expect(services[name].depends_on.migrate.condition).toBe("service_completed_successfully");
    }
    expect(services.migrate.depends_on.postgres.condition).toBe("service_healthy");
    expect(services.migrate.restart).toBe("no");
    // Each process is one of the package's own scripts, built JavaScript under plain node.
    const commands = { migrate: "migrate", app: "start", worker: "worker" } as const;
    for (const [service, script] of Object.entries(commands)) {
      expect(services[service].command.join(" ")).toBe(script === "start" ? "npm start" : `npm run ${script}`);
      expect(scripts[script]).toMatch(/^node dist\//);
    }
    for (const name of ["migrate", "app", "worker"]) {
      expect(services[name].environment.DATABASE_URL).toMatch(/@postgres:5432\//);
      expect(services[name].environment.REDIS_URL).toBe("redis://redis:6379");
    }
  });
});

describe("switchboard secrets", () => {
  it("prints a fresh AUTH_SECRET and ENCRYPTION_KEYS that the environment accepts", () => {
    const run = () => {
      const result = spawnSync(process.execPath, ["cli/index.js", "secrets"], { encoding: "utf8" });
      expect(result.status, result.stderr).toBe(0);
      return Object.fromEntries(result.stdout.trim().split("\n").map((line) => [line.slice(0, line.indexOf("=")), line.slice(line.indexOf("=") + 1)]));
    };
    const first = run();
    expect(Object.keys(first).sort()).toEqual(["AUTH_SECRET", "ENCRYPTION_KEYS"]);
    const env = parseEnv({ DATABASE_URL: "postgres://db/switchboard", SWITCHBOARD_EMBEDDED: "1", ...first });
    expect(env.AUTH_SECRET).toBe(first.AUTH_SECRET);
    expect(env.ENCRYPTION_KEYS).toHaveLength(1);
    const second = run();
    expect(second.AUTH_SECRET).not.toBe(first.AUTH_SECRET);
    expect(second.ENCRYPTION_KEYS).not.toBe(first.ENCRYPTION_KEYS);
  });
});

describe("switchboard admin create-user", () => {
  const authSecret = "s".repeat(40);
  const createUser = (email: string, env: Record<string, string> = { DATABASE_URL: process.env.DATABASE_URL!, AUTH_SECRET: authSecret, APP_URL: "https://hooks.example.test" }) =>
    // Only what the command needs: no ENCRYPTION_KEYS, EMAIL_SERVER or mode.
    spawnSync(process.execPath, ["cli/index.js", "admin", "create-user", "--email", email], { encoding: "utf8", env: { PATH: process.env.PATH, NODE_ENV: "test", ...env } });

  it("creates the user and their personal workspace, and prints a one-time link in Auth.js's token format", async () => {
    const result = createUser("  Founder@Example.TEST ");
    expect(result.status, result.stderr).toBe(0);
    const [user] = await db().select().from(users).where(eq(users.email, "founder@example.test"));
    expect(user).toBeDefined();
    const owned = await db().select({ role: memberships.role, personal: workspaces.personal }).from(memberships).innerJoin(workspaces, eq(workspaces.id, memberships.workspaceId)).where(eq(memberships.userId, user.id));
    expect(owned).toEqual([{ role: "owner", personal: 1 }]);

    const link = new URL(result.stdout.match(/https:\/\/\S+/)![0]);
    expect(`${link.origin}${link.pathname}`).toBe("https://hooks.example.test/api/auth/callback/nodemailer");
    expect(link.searchParams.get("email")).toBe("founder@example.test");
    expect(link.searchParams.get("callbackUrl")).toBe("https://hooks.example.test/");
    // Stored as Auth.js's email provider stores the token it mails: SHA-256 of the token and the secret.
    const token = link.searchParams.get("token")!;
    const [stored] = await db().select().from(verificationTokens).where(eq(verificationTokens.identifier, "founder@example.test"));
    expect(stored.token).toBe(createHash("sha256").update(`${token}${authSecret}`).digest("hex"));
    expect(stored.expires.getTime()).toBeGreaterThan(Date.now());

    // Again for the same address: a new link, and still one workspace.
    const again = createUser("founder@example.test");
    expect(again.status, again.stderr).toBe(0);
    expect(again.stdout).toContain("already exists");
    expect(await db().select().from(memberships).where(eq(memberships.userId, user.id))).toHaveLength(1);
    expect(await db().select().from(verificationTokens).where(eq(verificationTokens.identifier, "founder@example.test"))).toHaveLength(2);
  });

  it("names what is missing, and refuses what is not an email address", () => {
    const missing = createUser("a@example.test", { DATABASE_URL: process.env.DATABASE_URL! });
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain("Set AUTH_SECRET, APP_URL");
    const bad = createUser("not-an-address");
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain("is not an email address");
  });
});
