// The delivery worker as its own process (`npm run worker`, self-hosted mode): dispatches due deliveries and runs the
// scheduled jobs until SIGTERM or SIGINT, then finishes the attempts in flight and exits.
// Options: --concurrency=N --batch-size=N --lease-seconds=N --poll-ms=N
import { closeDb } from "@/db";
import { inBackground } from "@/lib/platform/db-availability";
import { startWorker } from "@/lib/outbound/worker";
import { closeHttpClient } from "@/lib/net/http-client";
import { startScheduledJobs } from "@/lib/platform/jobs";

function option(name: string): number | undefined {
  const arg = process.argv.find((a) => a.startsWith(`--${name}=`));
  if (!arg) return undefined;
  const value = Number(arg.slice(name.length + 3));
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} must be a positive integer`);
  return value;
}

// Background work: its queries wait out a database outage instead of giving up like a request's (lib/platform/db-availability.ts).
const { worker, jobs } = inBackground(() => ({
  worker: startWorker({
    concurrency: option("concurrency"),
    batchSize: option("batch-size"),
    leaseSeconds: option("lease-seconds"),
    pollIntervalMs: option("poll-ms"),
  }),
  jobs: startScheduledJobs(),
}));
console.log(JSON.stringify({ level: "info", msg: "worker started", pid: process.pid }));

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  console.log(JSON.stringify({ level: "info", msg: "worker stopping", signal }));
  jobs.stop();
  await worker.stop();
  await closeHttpClient();
  await closeDb();
  process.exit(0);
}
process.on("SIGTERM", () => void shutdown("SIGTERM"));
process.on("SIGINT", () => void shutdown("SIGINT"));
