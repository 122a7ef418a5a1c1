import { describe, expect, it } from "vitest";
import { QUEUE_LIMITS } from "../../../src/shared/queue-limits.ts";
import { type RetryWindow, WEBHOOK_RETRY_WINDOW, windowDelay } from "../../../src/shared/retry.ts";

const HOUR = 3600;

/** Every wait a message gets from `entryAge` on, until the rule gives it up. */
function schedule(window: RetryWindow, entryAge: number) {
  const delays: number[] = [];
  let age = entryAge;
  let attempt = 1;
  for (let delay = windowDelay(age, attempt, window); delay !== null; ) {
    delays.push(delay);
    age += delay;
    attempt += 1;
    delay = windowDelay(age, attempt, window);
  }
  return { delays, givenUpAt: age, attempts: attempt };
}

describe("the webhook retry window", () => {
  it("covers a 24-hour outage, with room to spare, and ends inside the queue's retention", () => {
    expect(WEBHOOK_RETRY_WINDOW.seconds).toBeGreaterThanOrEqual(24 * HOUR);
    expect(WEBHOOK_RETRY_WINDOW.seconds).toBeLessThan(QUEUE_LIMITS.defaultRetentionSeconds);
    expect(WEBHOOK_RETRY_WINDOW.retries).toBeLessThanOrEqual(QUEUE_LIMITS.maxRetries);
  });

  // Entering the dead-letter queue at once, after the quick retries (10-20 min), or late.
  for (const entryAge of [0, 10 * 60, 21 * 60, 2 * HOUR, 30 * HOUR]) {
    it(`keeps retrying until the window ends, entering ${entryAge / 60} min after receipt`, () => {
      const { delays, givenUpAt, attempts } = schedule(WEBHOOK_RETRY_WINDOW, entryAge);
      expect(givenUpAt).toBeGreaterThanOrEqual(WEBHOOK_RETRY_WINDOW.seconds);
      expect(delays.reduce((sum, d) => sum + d, 0) + entryAge).toBeGreaterThanOrEqual(24 * HOUR);
      // Given up on an attempt the queue still delivers: never dropped by the platform unseen.
      expect(attempts).toBeLessThanOrEqual(WEBHOOK_RETRY_WINDOW.retries);
      for (const delay of delays) {
        expect(Number.isInteger(delay)).toBe(true);
        expect(delay).toBeGreaterThanOrEqual(WEBHOOK_RETRY_WINDOW.firstDelay);
        expect(delay).toBeLessThanOrEqual(QUEUE_LIMITS.maxDelaySeconds);
      }
      // Once Postgres is back, a held delivery is stored within the longest wait.
      expect(Math.max(...delays)).toBeLessThanOrEqual(HOUR);
    });
  }

  it("retries soon at first, so a short outage ends soon", () => {
    const { delays } = schedule(WEBHOOK_RETRY_WINDOW, 15 * 60);
    expect(delays.slice(0, 4)).toEqual([60, 120, 240, 480]);
  });

  it("gives up only when no retry is left, and past the window", () => {
    const last = WEBHOOK_RETRY_WINDOW.retries;
    expect(windowDelay(WEBHOOK_RETRY_WINDOW.seconds, last, WEBHOOK_RETRY_WINDOW)).toBeNull();
    expect(windowDelay(WEBHOOK_RETRY_WINDOW.seconds, last - 1, WEBHOOK_RETRY_WINDOW)).toBe(60);
    // Far past the window with retries left: still retried, at the shortest wait.
    expect(windowDelay(100 * HOUR, 50, WEBHOOK_RETRY_WINDOW)).toBe(60);
  });

  it("spreads a window the doubling alone would not reach", () => {
    const tight: RetryWindow = { seconds: 24 * HOUR, retries: 12, firstDelay: 60 };
    const { delays, givenUpAt, attempts } = schedule(tight, 0);
    expect(givenUpAt).toBeGreaterThanOrEqual(tight.seconds);
    expect(attempts).toBe(tight.retries);
    expect(Math.max(...delays)).toBeLessThanOrEqual(QUEUE_LIMITS.maxDelaySeconds);
  });
});
