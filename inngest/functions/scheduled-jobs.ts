import { inngest } from "@/inngest/client";
import { cronFor, runJob, SCHEDULED_JOBS } from "@/lib/platform/jobs";

/** On Vercel, every scheduled job of lib/platform/jobs.ts is an Inngest cron function on the same period. */
export const scheduledJobs = SCHEDULED_JOBS.map((job) =>
  inngest.createFunction({ id: `job-${job.name}`, triggers: [{ cron: cronFor(job) }] }, async ({ step }) => step.run(job.name, () => runJob(job))),
);
