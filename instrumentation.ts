// Next.js calls register() once per server start. In the embedded mode (`npm run dev` / `npm start` with nothing
// configured) the delivery worker and scheduled jobs run inside the app process; in self-hosted mode they run in
// `npm run worker`, and on Vercel in Inngest. NEXT_RUNTIME and NEXT_PHASE are set by Next itself: the worker needs
// Node, and `next build` must never touch the environment or a database.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs" || process.env.NEXT_PHASE === "phase-production-build") return;
  const { env } = await import("@/lib/env");
  if (env().mode !== "embedded") return;
  const { startEmbeddedWorker } = await import("@/lib/delivery/dispatcher");
  const { inBackground } = await import("@/lib/db-availability");
  // Background work: its queries wait out a database outage instead of giving up like a request's.
  inBackground(startEmbeddedWorker);
}
