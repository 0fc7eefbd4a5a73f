import { purgeExpiredIdempotencyRecords } from "@/lib/api";
import { purgeOldDevMail } from "@/lib/platform/dev-mailbox";
import { rotateDueKeys } from "@/lib/keys";
import { purgeExpiredEventIds } from "@/lib/outbound";
import { reencryptSealedValues } from "@/lib/platform/reencrypt";
import { purgeExpiredBins } from "@/lib/inbound";
import { elapsedMs, observeJob, rollUpAttempts } from "@/lib/monitoring";
import { purgeExpiredData } from "@/lib/retention";
import { evaluateAlerts } from "@/lib/alerts";

/**
 * Scheduled work, defined once. The worker modes (embedded and self-hosted) run each job on an interval timer;
 * on Vercel, inngest/functions/scheduled-jobs.ts turns each into an Inngest cron function. Each job is a plain
 * function in lib/.
 */

export interface ScheduledJob {
  name: string;
  /** A whole number of minutes, so the same period can be written as a cron expression. */
  everyMinutes: number;
  run: () => Promise<unknown>;
}

export const SCHEDULED_JOBS: ScheduledJob[] = [
  // Keys with a rotation policy are rolled when due; owners and admins are mailed.
  { name: "rotate-due-api-keys", everyMinutes: 5, run: () => rotateDueKeys() },
  // Event ids are unique for 24 hours; the purge forgets older ones.
  { name: "purge-expired-event-ids", everyMinutes: 60, run: () => purgeExpiredEventIds() },
  // Idempotency-Key responses are replayed for 24 hours; older ones are dropped.
  { name: "purge-idempotency-records", everyMinutes: 60, run: () => purgeExpiredIdempotencyRecords() },
  // Temporary request bins (the inspector's one-click URLs) expire.
  { name: "purge-expired-bins", everyMinutes: 15, run: () => purgeExpiredBins() },
  // After a new key is put first in ENCRYPTION_KEYS, values sealed under older keys are re-sealed under it, in batches.
  { name: "reencrypt-sealed-values", everyMinutes: 60, run: () => reencryptSealedValues() },
  // The dashboards' per-minute rollup of delivery attempts: the minutes since the last run, and the last few again.
  { name: "roll-up-attempts", everyMinutes: 1, run: () => rollUpAttempts() },
  // Alert rules: open and resolve incidents, send their firing and resolved alerts (one run at a time, advisory lock).
  { name: "evaluate-alerts", everyMinutes: 1, run: () => evaluateAlerts() },
  // Each workspace's retention windows: payloads and bodies past N days cleared, rows past M days deleted, in batches.
  { name: "purge-expired-data", everyMinutes: 60, run: () => purgeExpiredData() },
  // The dev mailbox keeps a day of mail (its sign-in links expired long before).
  { name: "purge-dev-mailbox", everyMinutes: 60, run: () => purgeOldDevMail() },
];

/** The job's period as a cron expression: every N minutes, or every N hours on the hour. */
export function cronFor(job: ScheduledJob): string {
  if (job.everyMinutes < 60) return `*/${job.everyMinutes} * * * *`;
  return `0 */${Math.max(1, Math.round(job.everyMinutes / 60))} * * *`;
}

/** Runs a job once, with its log line and counts (lib/monitoring); a failure is reported and thrown on. */
export async function runJob(job: ScheduledJob): Promise<unknown> {
  const started = performance.now();
  try {
    const result = await job.run();
    observeJob({ job: job.name, outcome: "ok", durationMs: elapsedMs(started), result });
    return result;
  } catch (error) {
    observeJob({ job: job.name, outcome: "failed", durationMs: elapsedMs(started), reason: (error as Error).message });
    throw error;
  }
}

/** Runs each job once at start and then on its interval; one failing run is logged and the next tried as usual. */
export function startScheduledJobs(jobs: ScheduledJob[] = SCHEDULED_JOBS): { stop(): void } {
  const running = new Set<string>();
  const runOnce = async (job: ScheduledJob) => {
    // A slow run is not overlapped by the next tick.
    if (running.has(job.name)) return;
    running.add(job.name);
    try {
      await runJob(job);
    } catch {
      // Logged by runJob; the next tick tries again.
    } finally {
      running.delete(job.name);
    }
  };
  const timers = jobs.map((job) => {
    void runOnce(job);
    return setInterval(() => void runOnce(job), job.everyMinutes * 60_000);
  });
  return { stop: () => timers.forEach(clearInterval) };
}
