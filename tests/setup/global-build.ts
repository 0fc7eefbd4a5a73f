// Prepares the e2e run: Debian's Chromium for the browser tests (installed here when missing, as on a fresh
// machine), and one production build that every e2e file then serves (tests/helpers/app-server.ts).
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

function ensureChromium() {
  if (existsSync(CHROMIUM)) return;
  console.log(`[e2e] ${CHROMIUM} is missing: installing Debian's chromium package`);
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  const update = spawnSync("apt-get", ["update"], { stdio: "inherit", env });
  const install = update.status === 0 ? spawnSync("apt-get", ["install", "-y", "chromium"], { stdio: "inherit", env }) : update;
  if (install.status !== 0 || !existsSync(CHROMIUM)) {
    throw new Error(`Chromium is needed for the browser tests: install it with "apt-get install -y chromium" (as root), or set CHROMIUM_PATH.`);
  }
}

export default function setup() {
  ensureChromium();
  if (process.env.E2E_SKIP_BUILD === "1" && existsSync(".next/BUILD_ID")) return;
  const result = spawnSync("node_modules/.bin/next", ["build"], {
    stdio: "inherit",
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", NODE_ENV: "production" },
  });
  if (result.status !== 0) throw new Error("next build failed; see the output above");
}
