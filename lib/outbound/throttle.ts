import { sql } from "drizzle-orm";
import { db, type Tx } from "@/db";
import type { Id } from "@/lib/platform/id-types";

/**
 * The per-endpoint delivery rate limit (`rate_limit_per_second`), shared by every worker through the database: no
 * interval of one second carries more requests to the endpoint than its limit.
 *
 * It is GCRA with no burst allowance: each request takes the next free send slot of its endpoint, and slots are
 * SPACING_MARGIN × 1/limit seconds apart, so any limit + 1 slots span more than a second. A burst that spends the
 * limit at the end of one second and again at the start of the next (what a sliding-window estimate allows) cannot
 * happen. The margin keeps the promise at the receiver too: a request's way there (the worker's timer, the network)
 * takes a little longer or shorter each time, and only a delay that differs by more than the margin between two
 * requests a limit apart could bring them within a second. The price is that a busy endpoint gets its limit ÷ 1.1.
 *
 * One row per endpoint holds when its next slot begins (`endpoint_throttles.next_at`); taking a slot is one atomic
 * upsert on the database's clock, so workers on several machines agree. A slot at most HORIZON_MS ahead is taken and
 * waited for in process (the dispatcher keeps the claim's lease alive meanwhile); a request that would wait longer
 * takes no slot and goes back to the queue until slots within the horizon open up, without counting as an attempt.
 * Only the performAttempt hook in attempt.ts calls this, for both dispatch drivers (the worker and Inngest).
 */

export const SPACING_MARGIN = 1.1;
/** The longest a worker holds a delivery waiting for its slot; beyond it the delivery waits in the queue. */
export const HORIZON_MS = 1_000;

export type SendSlot =
  /** Send after `waitMs` (0: now). */
  | { kind: "send"; waitMs: number }
  /** No slot within the horizon: try again at `retryAt`. */
  | { kind: "later"; retryAt: Date };

/** Takes the next send slot of an endpoint limited to `perSecond` requests a second, if it begins within the horizon. */
export async function takeSendSlot(endpointId: Id<"ep">, perSecond: number, tx: Tx = db()): Promise<SendSlot> {
  const spacing = sql`make_interval(secs => ${SPACING_MARGIN / perSecond})`;
  const horizon = sql`make_interval(secs => ${HORIZON_MS / 1000})`;
  // `at` is one reading of the database's clock. The last subquery sees the row as it was before this statement
  // (one snapshot), so when no slot was taken it tells when the horizon reaches the next free one. Durations, not
  // times, go back to the caller, so a worker's own clock being off does not matter.
  const [row] = await tx.execute<{ wait_ms: number | null; later_ms: number | null }>(sql`
    with clock as (select clock_timestamp() as at),
    taken as (
      insert into endpoint_throttles as t (endpoint_id, next_at)
      select ${endpointId}, at + ${spacing} from clock
      on conflict (endpoint_id) do update set next_at = greatest(t.next_at, excluded.next_at - ${spacing}) + ${spacing}
        where t.next_at <= excluded.next_at - ${spacing} + ${horizon}
      returning t.next_at
    )
    select
      (select extract(epoch from (taken.next_at - ${spacing} - clock.at)) * 1000 from taken, clock) as wait_ms,
      (select extract(epoch from (t.next_at - ${horizon} - clock.at)) * 1000 from endpoint_throttles t, clock
        where t.endpoint_id = ${endpointId}) as later_ms`);
  if (row.wait_ms !== null) return { kind: "send", waitMs: Math.max(0, Number(row.wait_ms)) };
  return { kind: "later", retryAt: new Date(spreadRetry(endpointId, Date.now() + Math.max(1, Number(row.later_ms ?? 0)), 1000 * SPACING_MARGIN / perSecond)) };
}

/**
 * Per endpoint, the latest retry time this process handed out. A claimed batch may hold many deliveries to one
 * endpoint; told to come back one slot apart rather than all at the same instant, they are claimed again about when
 * their turn comes, instead of all of them being claimed and put back at every slot.
 */
const handedOut = new Map<string, number>();

function spreadRetry(endpointId: Id<"ep">, earliest: number, spacingMs: number): number {
  const at = Math.max(earliest, (handedOut.get(endpointId) ?? 0) + spacingMs);
  handedOut.set(endpointId, at);
  if (handedOut.size > 10_000) for (const [id, until] of handedOut) if (until < Date.now()) handedOut.delete(id);
  return at;
}
