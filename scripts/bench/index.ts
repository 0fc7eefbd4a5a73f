// npm run bench: each benchmark prints its figure next to a baseline measured in the same run, as a ratio.
// All traffic goes to loopback, and every load loop is bounded in count and time.
import { closeDb } from "../../db";
import { resetEnvForTests } from "../../lib/env";
import { startBenchEnvironment } from "./harness";
import { benchInbound } from "./inbound";
import { benchKeys } from "./keys";
import { benchOutbound } from "./outbound";

async function main() {
  const bench = await startBenchEnvironment();
  Object.assign(process.env, bench.env);
  resetEnvForTests();
  console.log(`# Switchboard benchmarks (${new Date().toISOString()}, ${process.arch}, node ${process.version})`);
  try {
    await benchKeys(bench);
    await benchOutbound(bench);
    await benchInbound(bench);
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
