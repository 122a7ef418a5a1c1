import { QUEUE_LIMITS } from "../shared/queue-limits.ts";
import { backoffDelay, QUEUE_BACKOFF, retryWaitSeconds as waitFor } from "../shared/retry.ts";

/** Delay before the next attempt of a queue message (the rule of src/shared/retry.ts). */
export function retryDelaySeconds(attempt: number, baseSeconds = QUEUE_BACKOFF.base): number {
  return backoffDelay(attempt, { ...QUEUE_BACKOFF, base: baseSeconds });
}

/**
 * How long a failed queue message waits: until Intercom's advertised reset after a 429 or an
 * open circuit, else exponential backoff by attempt. Never past the platform's longest delay,
 * which a retry would refuse.
 */
export function retryWaitSeconds(error: unknown, attempt: number): number {
  return Math.min(QUEUE_LIMITS.maxDelaySeconds, waitFor(error, attempt, QUEUE_BACKOFF, new Date()));
}
