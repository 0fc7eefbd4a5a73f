// Next.js calls register() once per server start. In the embedded mode (`npm run dev` / `npm start` with nothing
// configured) the delivery worker and scheduled jobs run inside the app process; in self-hosted mode they run in
// `npm run worker`, and on Vercel in Inngest, whose delivery driver is registered here. NEXT_RUNTIME and NEXT_PHASE
// are set by Next itself: the worker needs Node, and `next build` must never touch the environment or a database.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs" || process.env.NEXT_PHASE === "phase-production-build") return;
  const { env } = await import("@/lib/platform/env");
  const { mode } = env();
  if (mode === "vercel") {
    // Deliveries go out as Inngest events; lib/ sees only the driver interface.
    const { registerDeliveryDriver } = await import("@/lib/outbound/driver");
    const { inngestDriver } = await import("@/inngest/driver");
    registerDeliveryDriver(inngestDriver);
    return;
  }
  if (mode !== "embedded") return;
  const { startEmbeddedWorker } = await import("@/lib/outbound/worker");
  const { startScheduledJobs } = await import("@/lib/platform/jobs");
  const { inBackground } = await import("@/lib/platform/db-availability");
  // Background work: its queries wait out a database outage instead of giving up like a request's.
  inBackground(() => startEmbeddedWorker(() => startScheduledJobs()));
}
