import { purgeExpiredEventIds } from "@/lib/messages";

/**
 * Scheduled work for the worker modes (embedded and self-hosted), run on interval timers. On Vercel the same
 * functions run from Inngest crons. Each job is a plain function in lib/; add new ones to SCHEDULED_JOBS.
 */

export interface ScheduledJob {
  name: string;
  everySeconds: number;
  run: () => Promise<unknown>;
}

export const SCHEDULED_JOBS: ScheduledJob[] = [
  // Event ids are unique for 24 hours; the purge forgets older ones.
  { name: "purge-expired-event-ids", everySeconds: 3600, run: () => purgeExpiredEventIds() },
];

/** Runs each job once at start and then on its interval; one failing run is logged and the next tried as usual. */
export function startScheduledJobs(jobs: ScheduledJob[] = SCHEDULED_JOBS): { stop(): void } {
  const running = new Set<string>();
  const runOnce = async (job: ScheduledJob) => {
    // A slow run is not overlapped by the next tick.
    if (running.has(job.name)) return;
    running.add(job.name);
    try {
      await job.run();
    } catch (error) {
      console.error(JSON.stringify({ level: "error", msg: "scheduled job failed", job: job.name, reason: (error as Error).message }));
    } finally {
      running.delete(job.name);
    }
  };
  const timers = jobs.map((job) => {
    void runOnce(job);
    return setInterval(() => void runOnce(job), job.everySeconds * 1000);
  });
  return { stop: () => timers.forEach(clearInterval) };
}
