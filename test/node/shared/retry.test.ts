import { describe, expect, it } from "vitest";
import { IntercomError } from "../../../src/intercom/errors.ts";
import { SlackError, UndeliverableError } from "../../../src/outbox/errors.ts";
import { AppError } from "../../../src/shared/errors.ts";
import { QUEUE_LIMITS } from "../../../src/shared/queue-limits.ts";
import {
  backoffDelay,
  INTERCOM_CALL_BACKOFF,
  OUTBOX_BACKOFF,
  QUEUE_BACKOFF,
  refusedForGood,
  retryWaitSeconds,
} from "../../../src/shared/retry.ts";

const highest = () => 0.999_999;
const lowest = () => 0;

describe("one retry rule", () => {
  it("doubles from the base up to the cap", () => {
    const delays = [1, 2, 3, 4, 5, 6, 7, 8, 9].map((a) => backoffDelay(a, OUTBOX_BACKOFF));
    expect(delays).toEqual([10, 20, 40, 80, 160, 320, 640, 1280, 2560]);
    expect(backoffDelay(10, OUTBOX_BACKOFF)).toBe(3600);
    expect(backoffDelay(10_000, OUTBOX_BACKOFF)).toBe(3600);
    expect(backoffDelay(0, OUTBOX_BACKOFF)).toBe(10);
  });

  it("full jitter stays below the delay, half jitter in its upper half", () => {
    expect(backoffDelay(3, INTERCOM_CALL_BACKOFF, lowest)).toBe(0);
    expect(backoffDelay(3, INTERCOM_CALL_BACKOFF, highest)).toBe(999);
    expect(backoffDelay(20, INTERCOM_CALL_BACKOFF, highest)).toBe(7999);
    expect(backoffDelay(2, QUEUE_BACKOFF, lowest)).toBe(5);
    expect(backoffDelay(2, QUEUE_BACKOFF, highest)).toBe(10);
    expect(backoffDelay(50, QUEUE_BACKOFF, lowest)).toBe(300);
  });

  it("waits until the time a failure names, else backs off", () => {
    const now = new Date("2026-12-01T10:00:00Z");
    const limited = new IntercomError({
      status: 429,
      code: "rate_limit_exceeded",
      message: "slow down",
      retryable: true,
      retryAt: new Date(now.getTime() + 12_500),
    });
    expect(retryWaitSeconds(limited, 1, OUTBOX_BACKOFF, now)).toBe(13);
    const past = new SlackError(429, new Date(now.getTime() - 5_000));
    expect(retryWaitSeconds(past, 1, OUTBOX_BACKOFF, now)).toBe(1);
    expect(retryWaitSeconds(new Error("boom"), 3, OUTBOX_BACKOFF, now)).toBe(40);
    expect(retryWaitSeconds(new SlackError(503, null), 2, OUTBOX_BACKOFF, now)).toBe(20);
  });

  it("never waits longer than a queue message may be delayed", () => {
    const now = new Date("2026-12-01T10:00:00Z");
    const later = new SlackError(429, new Date(now.getTime() + 3 * 86_400_000));
    expect(retryWaitSeconds(later, 1, QUEUE_BACKOFF, now)).toBe(QUEUE_LIMITS.maxDelaySeconds);
  });

  it("gives up only what says retrying cannot help", () => {
    const intercom = (retryable: boolean) =>
      new IntercomError({ status: retryable ? 503 : 400, code: "x", message: "m", retryable });
    expect(refusedForGood(intercom(false))).toBe(true);
    expect(refusedForGood(new SlackError(404, null))).toBe(true);
    expect(refusedForGood(new UndeliverableError("no admin"))).toBe(true);
    expect(refusedForGood(intercom(true))).toBe(false);
    expect(refusedForGood(new SlackError(503, null))).toBe(false);
    expect(refusedForGood(new Error("connection reset"))).toBe(false);
    // An AppError's `retryable` is about an HTTP answer: a sync or outbox failure retries it.
    expect(refusedForGood(new AppError("not_found", "gone"))).toBe(false);
    expect(refusedForGood(null)).toBe(false);
  });

  it("a Slack refusal is its own error: 429 and 5xx retryable, other 4xx not", () => {
    expect(new SlackError(429, null).retryable).toBe(true);
    expect(new SlackError(502, null).retryable).toBe(true);
    expect(new SlackError(404, null).retryable).toBe(false);
    expect(new SlackError(404, null).message).toBe("Slack answered 404");
  });
});
