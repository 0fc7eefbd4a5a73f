// Builds the app once per e2e run, so every e2e file can start the production server quickly.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

export default function setup() {
  if (process.env.E2E_SKIP_BUILD === "1" && existsSync(".next/BUILD_ID")) return;
  const result = spawnSync("node_modules/.bin/next", ["build"], {
    stdio: "inherit",
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", NODE_ENV: "production" },
  });
  if (result.status !== 0) throw new Error("next build failed; see the output above");
}
