import path from "node:path";
import { defineConfig } from "vitest/config";

// Vitest does not read tsconfig paths by itself, so the "@" alias is declared here too.
const alias = { "@": path.resolve(import.meta.dirname) };

export default defineConfig({
  resolve: { alias },
  test: {
    globalSetup: ["tests/setup/global-db.ts"],
    projects: [
      {
        resolve: { alias },
        test: {
          name: "unit",
          sequence: { groupOrder: 0 },
          include: ["tests/**/*.test.ts", "lib/**/*.test.ts"],
          exclude: ["tests/e2e/**"],
          setupFiles: ["tests/setup/per-file-db.ts", "tests/setup/contract.ts"],
          pool: "forks",
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        resolve: { alias },
        test: {
          name: "e2e",
          include: ["tests/e2e/**/*.e2e.ts"],
          // After the unit project, not beside it: on a 2-core machine the browser tests' timings need the cores.
          sequence: { groupOrder: 1 },
          setupFiles: ["tests/setup/per-file-db.ts"],
          globalSetup: ["tests/setup/global-build.ts"],
          pool: "forks",
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 300_000,
        },
      },
    ],
  },
});
