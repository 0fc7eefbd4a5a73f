// npm run bench: each benchmark prints its figure next to a baseline measured in the same run, as a ratio.
// All traffic goes to loopback, and every load loop is bounded in count and time.
import { spawnSync } from "node:child_process";
import { closeDb } from "../../db";
import { resetEnvForTests } from "../../lib/platform/env";
import { logToDevNull, startBenchEnvironment } from "./harness";
import { benchInbound } from "./inbound";
import { benchKeys } from "./keys";
import { benchOutbound } from "./outbound";
import { benchMonitoringOnFreshDatabase } from "./monitoring";
import { benchTemplates } from "./templates";
import { RUNTIME_NODE_OPTIONS } from "../runtime-options";

async function main() {
  logToDevNull();
  const bench = await startBenchEnvironment();
  Object.assign(process.env, bench.env);
  resetEnvForTests();
  console.log(`# Switchboard benchmarks (${new Date().toISOString()}, ${process.arch}, node ${process.version})`);
  try {
    await benchKeys(bench);
    await benchTemplates();
    // Inbound before outbound: the delivery benchmarks leave tens of thousands of fresh rows whose autovacuum would
    // otherwise share the machine with the ingest measurement.
    await benchInbound(bench);
    await benchOutbound(bench);
    // The worker measured as it runs in production: in a process started with its runtime options. The raw undici
    // baseline runs in that same process.
    const deliveries = spawnSync(process.execPath, [...RUNTIME_NODE_OPTIONS, "--import", "tsx", "scripts/bench/deliveries.ts"], {
      stdio: "inherit",
      env: { ...process.env, ...bench.env },
    });
    if (deliveries.status !== 0) throw new Error("the delivery benchmarks failed");
    // Last, on a database of its own: its seeded history would slow the others' queries, and theirs would skew its figures.
    await benchMonitoringOnFreshDatabase(bench.adminUrl);
  } finally {
    await closeDb();
    await bench.stop();
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
