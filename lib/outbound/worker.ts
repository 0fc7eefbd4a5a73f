import {
  claimDeliveries,
  LEASE_SECONDS,
  performAttempt,
  recordOutcomes,
  releaseClaims,
  renewLeases,
  type Claim,
  type Outcome,
  type PreparedDelivery,
  type RecordedOutcome,
} from "@/lib/outbound/attempt";
import { startBroadcastRunner } from "@/lib/outbound/broadcast";
import { DELIVERY_CHANNEL } from "@/lib/outbound/driver";
import { wakeups } from "@/lib/outbound/wakeups";
import { log as logger, observeWorker } from "@/lib/monitoring";

/**
 * The embedded and self-hosted dispatcher (DESIGN §3): a loop that claims due deliveries in batches under a lease
 * (FOR UPDATE SKIP LOCKED, so any number of workers can run side by side), sends them concurrently up to a bound, and
 * records their outcomes in batches. The claim query is also the sweeper: a delivery whose lease lapsed (its worker
 * died) is due again, so a killed worker loses nothing. Leases are short and renewed while held, so a dead worker's
 * batch comes back within seconds; a worker that stops gracefully hands its unsent claims back at once.
 *
 * It also runs broadcasts (lib/outbound/broadcast.ts startBroadcastRunner), writing their messages batch by batch.
 *
 * The loop wakes on a PostgreSQL NOTIFY from the transaction that created deliveries, on an in-process signal, when
 * a slot frees up, and otherwise every `pollIntervalMs` (which is also how scheduled retries are picked up).
 */

/** Attempts in flight at once unless configured (`npm run worker -- --concurrency=N`). */
export const DEFAULT_CONCURRENCY = 32;

export interface WorkerOptions {
  /** Attempts in flight at once. */
  concurrency?: number;
  /** Deliveries claimed per query, and outcomes recorded per transaction. */
  batchSize?: number;
  pollIntervalMs?: number;
  leaseSeconds?: number;
  /** Longest an outcome waits to be recorded with others. */
  flushIntervalMs?: number;
  /** Listen for NOTIFY on a dedicated connection (on by default). */
  listen?: boolean;
  /** Called with each batch of outcomes once it is written (metrics, and the benchmark's completion count). */
  onRecorded?: (recorded: RecordedOutcome[]) => void;
}

export interface WorkerHandle {
  /** Stops claiming, hands back claims not yet sent, waits for attempts in flight, records their outcomes. */
  stop(): Promise<void>;
}

const log = (level: "info" | "warn" | "error", msg: string, extra: Record<string, unknown> = {}) => logger()[level]({ kind: "worker", ...extra }, msg);

export function startWorker(options: WorkerOptions = {}): WorkerHandle {
  const concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
  const batchSize = options.batchSize ?? 100;
  const pollIntervalMs = options.pollIntervalMs ?? 1_000;
  const leaseSeconds = options.leaseSeconds ?? LEASE_SECONDS;
  const flushIntervalMs = options.flushIntervalMs ?? 50;

  let stopping = false;
  let inFlight = 0;
  // Every claim this worker holds (queued, in flight, or waiting to be recorded), with when its lease was last taken.
  const held = new Map<string, { claim: Claim; leasedAt: number }>();
  const letGo = (claim: Claim) => {
    if (held.get(claim.deliveryId)?.claim === claim) held.delete(claim.deliveryId);
  };
  const settled = new Set<Promise<void>>();
  const buffer: Outcome[] = [];
  let flushTimer: NodeJS.Timeout | undefined;

  // The loop sleeps until a signal (NOTIFY from the transaction that created deliveries, or in-process), a free slot,
  // or the poll interval.
  const wakes = wakeups("due", DELIVERY_CHANNEL, options.listen !== false);
  const { signal, sleep } = wakes;

  // Outcomes are recorded in batches, several batches at once: each batch is one transaction, and a batch only
  // touches its own deliveries' rows (each delivery has a single outcome in flight), so order between batches is free.
  const MAX_PARALLEL_FLUSHES = 4;
  const flushes = new Set<Promise<void>>();
  const flush = async (): Promise<void> => {
    clearTimeout(flushTimer);
    flushTimer = undefined;
    if (buffer.length === 0) return;
    while (flushes.size >= MAX_PARALLEL_FLUSHES) await Promise.race(flushes);
    const batch = buffer.splice(0, buffer.length);
    if (batch.length === 0) return;
    const recording: Promise<void> = recordOutcomes(batch)
      .finally(() => {
        for (const outcome of batch) letGo(outcome.prepared.claim);
      })
      .then(
        (recorded) => {
          try {
            options.onRecorded?.(recorded);
          } catch (error) {
            log("warn", "onRecorded threw", { reason: (error as Error).message });
          }
        },
        (error) => {
          // The deliveries keep their leases; when those lapse they are attempted again (at least once, never lost).
          log("error", "recording delivery outcomes failed", { count: batch.length, reason: (error as Error).message });
        },
      )
      .finally(() => flushes.delete(recording));
    flushes.add(recording);
  };
  const flushAll = async () => {
    await flush();
    await Promise.all(flushes);
  };

  // An outcome waits for companions only while other attempts are still running: the last one of a burst (or a
  // lone test send) is recorded at once rather than after the flush interval.
  const collect = (outcome: Outcome) => {
    buffer.push(outcome);
    const othersRunning = inFlight > 1 || queue.length > 0;
    if (buffer.length >= batchSize || !othersRunning) void flush();
    else flushTimer ??= setTimeout(() => void flush(), flushIntervalMs);
  };

  // Claimed deliveries wait here for a free slot. Claiming a whole batch ahead (instead of only as many as there are
  // free slots) keeps the claim queries few and large; each delivery still holds its lease while it waits.
  const queue: PreparedDelivery[] = [];

  const launchQueued = () => {
    while (inFlight < concurrency && queue.length > 0) launch(queue.shift()!);
  };

  const launch = (prepared: PreparedDelivery) => {
    inFlight++;
    const task = performAttempt(prepared)
      .then(collect)
      .catch((error) => {
        // Left to its lease: the next claim closes its attempt as worker_lost and tries again.
        letGo(prepared.claim);
        log("error", "delivery attempt crashed", { deliveryId: prepared.claim.deliveryId, reason: (error as Error).message });
      })
      .finally(() => {
        inFlight--;
        observeWorker({ inFlight });
        settled.delete(task);
        launchQueued();
        if (queue.length < batchSize / 2) signal();
      });
    settled.add(task);
  };

  async function loop() {
    while (!stopping) {
      let claimed = 0;
      // Refill when the queue runs low, so slots never wait on a claim query.
      if (queue.length < batchSize / 2) {
        try {
          const claims = await claimDeliveries({ limit: batchSize, leaseSeconds });
          claimed = claims.length;
          observeWorker({ claimed, inFlight });
          const leasedAt = Date.now();
          for (const prepared of claims) held.set(prepared.claim.deliveryId, { claim: prepared.claim, leasedAt });
          queue.push(...claims);
          launchQueued();
        } catch (error) {
          log("error", "claiming deliveries failed", { reason: (error as Error).message });
        }
      }
      // A full batch suggests more is due: claim again as soon as the queue has room.
      if (stopping || (claimed === batchSize && queue.length < batchSize / 2)) continue;
      await sleep(pollIntervalMs);
    }
    // Claimed deliveries not yet sent go back at once, for another worker to take, rather than waiting for this one.
    const unsent = queue.splice(0, queue.length);
    if (unsent.length > 0) {
      await releaseClaims(unsent).then(
        () => unsent.forEach((p) => letGo(p.claim)),
        (error) => log("warn", "handing back unsent claims failed; they return when their leases lapse", { count: unsent.length, reason: (error as Error).message }),
      );
    }
    await Promise.all(settled);
  }

  // Leases are renewed while held, so a slow request (up to the 15 s deadline) or a long queue keeps its claims, while
  // a dead worker's leases lapse within seconds. One statement per tick, for the claims not renewed within half a tick:
  // at full speed a claim is done in milliseconds and never needs one.
  const renewEveryMs = (leaseSeconds * 1000) / 3;
  const renewing = setInterval(() => {
    const now = Date.now();
    const due = [...held.values()].filter((h) => now - h.leasedAt >= renewEveryMs / 2);
    if (due.length === 0) return;
    renewLeases(due.map((h) => h.claim), leaseSeconds).then(
      (kept) => {
        // A claim not kept was recorded meanwhile, or lost to another worker (its outcome will say lease_lost).
        for (const h of due) if (kept.has(h.claim.deliveryId)) h.leasedAt = now;
        else letGo(h.claim);
      },
      (error) => log("warn", "renewing leases failed", { count: due.length, reason: (error as Error).message }),
    );
  }, renewEveryMs);

  const running = loop();
  // Broadcasts write their messages beside the deliveries, on the same poll interval.
  const broadcastRunner = startBroadcastRunner({ pollIntervalMs, listen: options.listen });

  return {
    async stop() {
      stopping = true;
      signal();
      await Promise.all([running, broadcastRunner.stop()]);
      await wakes.close();
      await Promise.all(settled);
      await flushAll();
      clearInterval(renewing);
    },
  };
}

const EMBEDDED = Symbol.for("switchboard.embeddedWorker");
type GlobalWithWorker = typeof globalThis & { [EMBEDDED]?: { worker: WorkerHandle; jobs: { stop(): void } } };

/**
 * Starts the dispatcher and the scheduled jobs inside the app process (embedded mode), once: Next may call
 * instrumentation's register() more than once, and dev-mode module reloads must not start a second worker. The jobs
 * are started by the caller's `startJobs` (lib/platform/jobs.ts's startScheduledJobs): the job list reaches into
 * every domain, so no lib/ module imports it, which keeps it out of their import cycles.
 */
export function startEmbeddedWorker(startJobs: () => { stop(): void }, options: WorkerOptions = {}) {
  const global = globalThis as GlobalWithWorker;
  global[EMBEDDED] ??= { worker: startWorker(options), jobs: startJobs() };
  return global[EMBEDDED];
}
