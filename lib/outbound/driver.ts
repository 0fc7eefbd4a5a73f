import { EventEmitter } from "node:events";
import { sql } from "drizzle-orm";
import { sql as pgClient, type Tx } from "@/db";
import { env } from "@/lib/platform";
import type { Id } from "@/lib/platform/id-types";

/**
 * Tells whichever dispatcher the runtime mode has that deliveries are due, so they go out at once instead of at the
 * next poll. Losing a signal is harmless: the worker polls, and the sweeper re-dispatches anything due and unleased.
 */

/** A delivery that has become due, as a driver is told of it. */
export interface DueDelivery {
  deliveryId: Id<"dlv">;
  endpointId: Id<"ep">;
}

/**
 * Runs deliveries somewhere outside this process: on Vercel, Inngest (inngest/driver.ts, registered by
 * instrumentation.ts), so that lib/ knows only this interface and not the runner behind it.
 */
export interface DeliveryDriver {
  /** Hands the deliveries over; may throw, since the sweeper re-dispatches anything lost. */
  dispatch(deliveries: DueDelivery[]): Promise<void>;
  /** Starts running a broadcast's batches; may throw, since the broadcast sweep starts a stalled broadcast again. */
  runBroadcast(broadcastId: string): Promise<void>;
}

// Kept on globalThis: Next may load this module once per bundle, and the driver that instrumentation registers in
// its copy must be the one each route's copy dispatches through.
const DRIVER = Symbol.for("switchboard.deliveryDriver");
const registry = globalThis as { [DRIVER]?: DeliveryDriver };

/** Sets the driver that dispatches deliveries in Vercel mode. */
export function registerDeliveryDriver(driver: DeliveryDriver): void {
  registry[DRIVER] = driver;
}

/** The PostgreSQL channel workers LISTEN on. NOTIFY is transactional: it reaches them when the outbox commits. */
export const DELIVERY_CHANNEL = "switchboard_deliveries";

/** The channel broadcast runners LISTEN on (lib/outbound/broadcast.ts). */
export const BROADCAST_CHANNEL = "switchboard_broadcasts";

/** In-process wake-ups ("due" for deliveries, "broadcast" for broadcasts), for the embedded worker in the app process. */
export const localWakeups = new EventEmitter();

/** Call inside the transaction that created or re-armed deliveries (worker modes; a no-op on Vercel). */
export async function notifyWorkers(tx: Tx): Promise<void> {
  if (env().mode === "vercel") return;
  await tx.execute(sql`select pg_notify(${DELIVERY_CHANNEL}, '')`);
}

// A NOTIFY inside a transaction serialises commits across every notifying session, which would cap the send rate.
// Sends therefore wake workers after their commit, with one NOTIFY per short window however many sends there were.
const COALESCE_MS = 10;
let notifyScheduled: NodeJS.Timeout | undefined;

function notifyWorkersSoon() {
  if (notifyScheduled) return;
  // The client that stored the sends: if it is closed before the timer fires (a shutdown, the end of a test file),
  // the NOTIFY fails quietly instead of opening a fresh connection to a database that may be going away.
  const client = pgClient();
  notifyScheduled = setTimeout(() => {
    notifyScheduled = undefined;
    client`select pg_notify(${DELIVERY_CHANNEL}, '')`.catch(() => {
      // A lost wake-up only delays delivery until the workers' next poll.
    });
  }, COALESCE_MS);
}

/**
 * Call after the transaction commits: hands the deliveries to the registered driver on Vercel; otherwise wakes an in-process worker at once
 * and the other worker processes through a coalesced NOTIFY. Failures are logged, never thrown.
 */
export async function dispatchCommitted(deliveries: DueDelivery[]): Promise<void> {
  if (deliveries.length === 0) return;
  if (env().mode !== "vercel") {
    localWakeups.emit("due");
    notifyWorkersSoon();
    return;
  }
  try {
    const driver = registry[DRIVER];
    if (!driver) throw new Error("no delivery driver is registered");
    await driver.dispatch(deliveries);
  } catch (error) {
    console.warn(JSON.stringify({ level: "warn", msg: "delivery dispatch failed; the sweeper will dispatch", count: deliveries.length, reason: (error as Error).message }));
  }
}

/**
 * Call after a broadcast is stored: hands it to the registered driver on Vercel; otherwise wakes the broadcast runners
 * (in this process and, through NOTIFY, in worker processes). A lost wake-up only waits for the runners' next poll
 * (or, on Vercel, the broadcast sweep), so failures are logged, never thrown.
 */
export async function dispatchBroadcast(broadcastId: string): Promise<void> {
  try {
    if (env().mode !== "vercel") {
      localWakeups.emit("broadcast");
      await pgClient()`select pg_notify(${BROADCAST_CHANNEL}, '')`;
      return;
    }
    const driver = registry[DRIVER];
    if (!driver) throw new Error("no delivery driver is registered");
    await driver.runBroadcast(broadcastId);
  } catch (error) {
    console.warn(JSON.stringify({ level: "warn", msg: "broadcast dispatch failed; it starts at the next poll or sweep", broadcastId, reason: (error as Error).message }));
  }
}
