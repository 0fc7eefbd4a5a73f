/**
 * When the next delivery attempt is due (DESIGN §8). Pure: the random source and the clock are passed in.
 */

/** Delay in seconds before each attempt: the first is immediate, then 5 s, 5 min, 30 min, 2 h, 5 h, 10 h and 10 h. */
export const DEFAULT_RETRY_SCHEDULE: readonly number[] = [0, 5, 300, 1800, 7200, 18000, 36000, 36000];

/** Each scheduled delay is spread by up to this fraction either way, so failures that happened together do not retry together. */
export const JITTER = 0.2;

export interface NextAttemptInput {
  /** Attempts made so far; 0 asks for the delay before the first attempt. */
  attemptNumber: number;
  /** An endpoint's own schedule, in seconds; defaults to DEFAULT_RETRY_SCHEDULE. */
  schedule?: readonly number[];
  /** The receiver's Retry-After from the last attempt, already converted to seconds. */
  retryAfterSeconds?: number | null;
  /** Returns a number in [0, 1); injectable so tests are deterministic. */
  random?: () => number;
}

/**
 * Seconds to wait before the next attempt, or null when the schedule is exhausted.
 * A Retry-After is taken as given when it lies between the scheduled delay and twice that delay, and clamped into that
 * window otherwise: a receiver may slow us down, but neither hurry us nor park the delivery indefinitely.
 * The clamped value is not jittered because the receiver asked for that moment.
 */
export function nextAttemptDelay({
  attemptNumber,
  schedule = DEFAULT_RETRY_SCHEDULE,
  retryAfterSeconds,
  random = Math.random,
}: NextAttemptInput): number | null {
  if (!Number.isInteger(attemptNumber) || attemptNumber < 0) {
    throw new RangeError(`attemptNumber must be a non-negative integer, got ${attemptNumber}`);
  }
  if (attemptNumber >= schedule.length) return null;
  const scheduled = schedule[attemptNumber];

  if (retryAfterSeconds != null && Number.isFinite(retryAfterSeconds) && retryAfterSeconds >= 0) {
    return Math.min(Math.max(retryAfterSeconds, scheduled), 2 * scheduled);
  }
  const spread = (random() * 2 - 1) * JITTER;
  return scheduled * (1 + spread);
}
