import { DEFAULT_RETRY_SCHEDULE, JITTER, nextAttemptDelay } from "@/lib/outbound/retry-schedule";

/**
 * The retry timeline an endpoint's schedule gives one delivery that fails every time, and when that would disable the
 * endpoint (the testing page's and the endpoint page's retry preview). Pure: the clock is passed in. Each delay comes
 * from nextAttemptDelay, the function the dispatcher's `decide` calls, so the preview cannot drift from what the
 * worker does; the nominal time is the delay with no jitter, the window the jitter's extremes.
 *
 * Not modelled, because they depend on the receiver: a Retry-After (which may push an attempt later, up to twice its
 * delay), the request's own duration (the next delay counts from the response), a receiver asking to abort.
 */

export interface RetryPreviewInput {
  /** The endpoint's own schedule in seconds, or null for the default. */
  schedule: readonly number[] | null;
  /** The endpoint's auto-disable window: failing for this long (with no success) disables it. */
  autoDisableAfterSeconds: number;
  /** When the endpoint's current run of failures began, if it is failing already (its first_failure_at). */
  firstFailureAt?: Date | null;
}

export interface PreviewAttempt {
  /** 1 for the first attempt. */
  number: number;
  /** Seconds from the message's creation to this attempt, without jitter. */
  offsetSeconds: number;
  at: Date;
  /** The jitter's window: the attempt happens between these, `earliestOffsetSeconds` to `latestOffsetSeconds` from now. */
  earliest: Date;
  latest: Date;
  earliestOffsetSeconds: number;
  latestOffsetSeconds: number;
}

export interface RetryPreview {
  attempts: PreviewAttempt[];
  /** After the last attempt fails the delivery is exhausted: no more attempts. */
  exhaustedAt: Date;
  /** When the endpoint's failure clock started (or starts: at the first failed attempt). */
  failingSince: Date;
  /** failingSince plus the window: from then on, the next failed attempt of any delivery disables the endpoint. */
  disableWindowEndsAt: Date;
  /**
   * The attempt of this delivery whose failure disables the endpoint (the first at or past the window's end), or null
   * when the delivery is exhausted before the window ends: it alone does not disable the endpoint.
   */
  disablingAttempt: PreviewAttempt | null;
}

// nextAttemptDelay's random source at these values gives the smallest, the nominal and the largest delay.
const LOWEST = () => 0;
const NOMINAL = () => 0.5;
const HIGHEST = () => 1;

/** Seconds before each attempt, from nextAttemptDelay: index 0 is the wait before the first, as the dispatcher asks it. */
function delays(schedule: readonly number[], random: () => number): number[] {
  const out: number[] = [];
  for (let made = 0; ; made++) {
    const delay = nextAttemptDelay({ attemptNumber: made, schedule, random });
    if (delay === null) return out;
    out.push(delay);
  }
}

const plus = (from: Date, seconds: number) => new Date(from.getTime() + seconds * 1000);

function cumulative(values: number[]): number[] {
  let total = 0;
  return values.map((v) => (total += v));
}

export function retryPreview(input: RetryPreviewInput, now: Date): RetryPreview {
  const schedule = input.schedule ?? DEFAULT_RETRY_SCHEDULE;
  const nominal = cumulative(delays(schedule, NOMINAL));
  const lowest = cumulative(delays(schedule, LOWEST));
  const highest = cumulative(delays(schedule, HIGHEST));
  const attempts = nominal.map((offsetSeconds, i) => ({
    number: i + 1,
    offsetSeconds,
    at: plus(now, offsetSeconds),
    earliest: plus(now, lowest[i]),
    latest: plus(now, highest[i]),
    earliestOffsetSeconds: lowest[i],
    latestOffsetSeconds: highest[i],
  }));
  // trackFailures starts the clock at the first failure and disables at a failure at least the window later.
  const failingSince = input.firstFailureAt ?? attempts[0].at;
  const disableWindowEndsAt = plus(failingSince, input.autoDisableAfterSeconds);
  return {
    attempts,
    exhaustedAt: attempts[attempts.length - 1].at,
    failingSince,
    disableWindowEndsAt,
    disablingAttempt: attempts.find((a) => a.at.getTime() >= disableWindowEndsAt.getTime()) ?? null,
  };
}

/** The jitter as a percentage, for the preview's note. */
export const JITTER_PERCENT = Math.round(JITTER * 100);
