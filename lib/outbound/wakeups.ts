import { sql as pgClient } from "@/db";
import { localWakeups } from "@/lib/outbound/driver";

/**
 * How the background loops (the delivery worker, the broadcast runner) wait for work: they sleep until a signal or
 * their poll interval, and are signalled by an in-process event and by a PostgreSQL NOTIFY on their channel.
 */
export interface Wakeups {
  /** Ends the current sleep, or, if none is running, makes the next one return at once (a signal is never missed). */
  signal(): void;
  sleep(ms: number): Promise<void>;
  /** Stops listening. */
  close(): Promise<void>;
}

/**
 * Sleeps woken by `localWakeups` events named `event` and, unless `listen` is false, NOTIFY on `channel` (on a
 * dedicated connection; if LISTEN fails the loop still polls).
 */
export function wakeups(event: string, channel: string, listen = true): Wakeups {
  let wake: (() => void) | undefined;
  let signalled = false;
  let closed = false;
  const signal = () => {
    signalled = true;
    wake?.();
  };
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        wake = undefined;
        signalled = false;
        resolve();
      };
      const timer = setTimeout(done, ms);
      if (signalled) done();
      else wake = done;
    });

  localWakeups.on(event, signal);
  let unlisten: (() => Promise<void>) | undefined;
  if (listen) {
    pgClient()
      .listen(channel, signal)
      .then((listening) => {
        unlisten = () => listening.unlisten();
        if (closed) void unlisten();
      })
      .catch((error) => console.warn(JSON.stringify({ level: "warn", msg: "LISTEN failed; polling only", channel, reason: (error as Error).message })));
  }
  return {
    signal,
    sleep,
    async close() {
      closed = true;
      localWakeups.off(event, signal);
      await unlisten?.().catch(() => {});
    },
  };
}
