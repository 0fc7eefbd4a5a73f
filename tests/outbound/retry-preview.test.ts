// The retry preview: the timeline of one always-failing delivery and the auto-disable it leads to, checked against the
// dispatcher's own decision function (decide, which the worker and Inngest call after every attempt).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decide, type Outcome } from "@/lib/outbound/attempt";
import { retryPreview } from "@/lib/outbound/retry-preview";
import { DEFAULT_RETRY_SCHEDULE } from "@/lib/outbound/retry-schedule";

const NOW = new Date("2030-01-01T12:00:00Z");
const DAY = 86400;

/** A failed attempt as the dispatcher sees it: the fields decide reads, for attempt `number` made at `at`. */
function failedAttempt(number: number, schedule: number[] | null, at: Date): Extract<Outcome, { kind: "attempted" }> {
  return {
    kind: "attempted",
    at,
    url: "http://127.0.0.1:9/",
    requestHeaders: {},
    bodySha256: "",
    result: { ok: false, status: 503, bodyTruncated: false, abortRequested: false, durationMs: 0, errorClass: "http_status" },
    prepared: { claim: { attemptNumber: number }, endpoint: { retrySchedule: schedule } } as never,
  };
}

const schedules = fc.array(fc.integer({ min: 0, max: 30 * DAY }), { minLength: 1, maxLength: 20 });

describe("retryPreview", () => {
  it("lays out the default schedule from now, with the jitter window and the default 5-day auto-disable", () => {
    const preview = retryPreview({ schedule: null, autoDisableAfterSeconds: 5 * DAY }, NOW);
    expect(preview.attempts.map((a) => a.offsetSeconds)).toEqual([0, 5, 305, 2105, 9305, 27305, 63305, 99305]);
    expect(preview.attempts[0].at).toEqual(NOW);
    expect(preview.attempts[2]).toMatchObject({ number: 3, earliest: new Date(NOW.getTime() + 244_000), latest: new Date(NOW.getTime() + 366_000) });
    expect(preview.exhaustedAt).toEqual(new Date(NOW.getTime() + 99_305_000));
    // The default schedule is over in under 28 hours, so one delivery alone never disables the endpoint.
    expect(preview.disablingAttempt).toBeNull();
    expect(preview.disableWindowEndsAt).toEqual(new Date(NOW.getTime() + 5 * DAY * 1000));
  });

  it("names the first attempt at or past the window as the one that disables", () => {
    const preview = retryPreview({ schedule: [0, 60, 60, 60], autoDisableAfterSeconds: 120 }, NOW);
    expect(preview.disablingAttempt?.number).toBe(3);
    // An endpoint failing for a while already is closer to its end.
    const failing = retryPreview({ schedule: [0, 60, 60, 60], autoDisableAfterSeconds: 120, firstFailureAt: new Date(NOW.getTime() - 100_000) }, NOW);
    expect(failing.failingSince).toEqual(new Date(NOW.getTime() - 100_000));
    expect(failing.disablingAttempt?.number).toBe(2);
  });

  it("matches the dispatcher's next-attempt decisions, attempt by attempt, until exhaustion (property)", () => {
    fc.assert(
      fc.property(schedules, (schedule) => {
        const preview = retryPreview({ schedule, autoDisableAfterSeconds: DAY }, NOW);
        expect(preview.attempts).toHaveLength(schedule.length);
        // The first attempt is due after the schedule's first delay (firstAttemptAt), each next one when decide says.
        let at = new Date(NOW.getTime() + schedule[0] * 1000);
        for (const attempt of preview.attempts) {
          expect(attempt.at).toEqual(at);
          const decision = decide(failedAttempt(attempt.number, schedule, at), () => 0.5);
          if (attempt.number === schedule.length) {
            expect(decision).toEqual({ status: "exhausted", nextAttemptAt: null });
          } else {
            expect(decision.status).toBe("failed");
            at = decision.nextAttemptAt!;
          }
        }
      }),
    );
  });

  it("has offsets that never go back, strictly increasing where every retry waits, inside their jitter windows (property)", () => {
    fc.assert(
      fc.property(schedules, fc.boolean(), (schedule, positive) => {
        const delays = positive ? schedule.map((d, i) => (i === 0 ? d : d + 1)) : schedule;
        const { attempts } = retryPreview({ schedule: delays, autoDisableAfterSeconds: DAY }, NOW);
        for (let i = 1; i < attempts.length; i++) {
          if (positive) expect(attempts[i].offsetSeconds).toBeGreaterThan(attempts[i - 1].offsetSeconds);
          else expect(attempts[i].offsetSeconds).toBeGreaterThanOrEqual(attempts[i - 1].offsetSeconds);
          expect(attempts[i].earliest.getTime()).toBeLessThanOrEqual(attempts[i].at.getTime());
          expect(attempts[i].latest.getTime()).toBeGreaterThanOrEqual(attempts[i].at.getTime());
        }
      }),
    );
  });

  it("uses the default schedule for an endpoint without its own", () => {
    expect(retryPreview({ schedule: null, autoDisableAfterSeconds: DAY }, NOW).attempts).toHaveLength(DEFAULT_RETRY_SCHEDULE.length);
  });
});
