#!/usr/bin/env node
// The `switchboard` command line. Plain ESM JavaScript, so `npx switchboard` runs it with Node alone.
import { parseArgs } from "node:util";
import { listen } from "./listen.js";

const USAGE = `Usage: switchboard listen <source> --forward-to <url> [options]

Forwards the requests a Switchboard source receives to a local server.

  <source>                 the source's id or name; a new name creates the source
  --forward-to, -f <url>   where to send each request, e.g. http://localhost:4000/webhooks
  --api-key <key>          an API key with sources:write (default: $SWITCHBOARD_API_KEY)
  --api-url <url>          the Switchboard app (default: $SWITCHBOARD_API_URL or http://localhost:3000)
  --name <listener>        names this listener, which resumes where it stopped (default: the host name)
  --provider <preset>      verification preset for a source this creates (default: standard_webhooks)
  --help                   show this help`;

function fail(message) {
  console.error(`${message}\n\n${USAGE}`);
  process.exit(2);
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
