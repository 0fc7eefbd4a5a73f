#!/usr/bin/env node
// The `switchboard` command line. Plain ESM JavaScript, so `npx switchboard` runs it with Node alone.
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { listen } from "./listen.js";

const USAGE = `Usage:
  switchboard listen <source> --forward-to <url> [options]
  switchboard secrets
  switchboard admin create-user --email <address>

listen: forwards the requests a Switchboard source receives to a local server.

  <source>                 the source's id or name; a new name creates the source
  --forward-to, -f <url>   where to send each request, e.g. http://localhost:4000/webhooks
  --api-key <key>          an API key with sources:write (default: $SWITCHBOARD_API_KEY)
  --api-url <url>          the Switchboard app (default: $SWITCHBOARD_API_URL or http://localhost:3000)
  --name <listener>        names this listener, which resumes where it stopped (default: the host name)
  --provider <preset>      verification preset for a source this creates (default: standard_webhooks)

secrets: prints a fresh AUTH_SECRET and ENCRYPTION_KEYS, as lines for an env file.

admin create-user: creates a user and their personal workspace, and prints a one-time sign-in link (no mail needed).
  Run it where the app runs, after npm run build; it reads DATABASE_URL, AUTH_SECRET and APP_URL.
  --email <address>        the user's email address

  --help                   show this help`;

function fail(message) {
  console.error(`${message}\n\n${USAGE}`);
  process.exit(2);
}

/** Both secrets lib/platform/env.ts asks for: 32 random bytes each (ENCRYPTION_KEYS names its key, so keys can rotate). */
function printSecrets() {
  console.log(`AUTH_SECRET=${randomBytes(32).toString("base64url")}`);
  console.log(`ENCRYPTION_KEYS=k1:${randomBytes(32).toString("base64")}`);
}

async function adminCreateUser(email) {
  if (!email) fail("--email is required.");
  const missing = ["DATABASE_URL", "AUTH_SECRET", "APP_URL"].filter((name) => !process.env[name]);
  if (missing.length) fail(`Set ${missing.join(", ")}: the same values the app runs with.`);
  // The admin commands use the app's own code (lib/), built into dist/ by npm run build.
  const bundle = fileURLToPath(new URL("../dist/admin.mjs", import.meta.url));
  if (!existsSync(bundle)) throw new Error("dist/admin.mjs is missing: run npm run build first.");
  const { createUser, SIGN_IN_LINK_MINUTES } = await import(bundle);
  const result = await createUser({ email, databaseUrl: process.env.DATABASE_URL, authSecret: process.env.AUTH_SECRET, appUrl: process.env.APP_URL });
  console.log(
    result.workspace
      ? `Created ${result.email} with a personal workspace (/${result.workspace.slug}).`
      : `${result.email} already exists; here is a new sign-in link.`,
  );
  console.log(`Sign-in link (works once, for ${SIGN_IN_LINK_MINUTES} minutes):\n${result.signInLink}`);
}

async function main() {
  let parsed;
  try {
    parsed = parseArgs({
      allowPositionals: true,
      options: {
        "forward-to": { type: "string", short: "f" },
        "api-key": { type: "string" },
        "api-url": { type: "string" },
        name: { type: "string" },
        provider: { type: "string" },
        email: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    });
  } catch (error) {
    fail(error.message);
  }
  const { values, positionals } = parsed;
  if (values.help || positionals.length === 0) {
    console.log(USAGE);
    return;
  }
  const [command, source] = positionals;
  if (command === "secrets") return printSecrets();
  if (command === "admin") {
    if (source !== "create-user") fail(`Unknown admin command "${source ?? ""}".`);
    return adminCreateUser(values.email);
  }
  if (command !== "listen") fail(`Unknown command "${command}".`);
  if (!source) fail("Name the source to listen to.");
  const forwardTo = values["forward-to"];
  if (!forwardTo) fail("--forward-to is required.");
  try {
    new URL(forwardTo);
  } catch {
    fail(`--forward-to ${forwardTo} is not a URL.`);
  }
  const apiKey = values["api-key"] ?? process.env.SWITCHBOARD_API_KEY;
  if (!apiKey) fail("Pass --api-key or set SWITCHBOARD_API_KEY.");

  const controller = new AbortController();
  let stopping = false;
  const stop = () => {
    // A second Ctrl-C means now.
    if (stopping) process.exit(130);
    stopping = true;
    console.log("Stopping after the request in hand...");
    controller.abort();
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);

  await listen({
    source,
    forwardTo,
    apiKey,
    apiUrl: values["api-url"] ?? process.env.SWITCHBOARD_API_URL ?? "http://localhost:3000",
    listener: values.name,
    provider: values.provider,
    signal: controller.signal,
  });
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(`switchboard: ${error.message}`);
    process.exit(1);
  },
);
