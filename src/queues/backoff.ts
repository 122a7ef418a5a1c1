import { IntercomError } from "../intercom/errors.ts";

/**
 * Delay before the next attempt: exponential from `baseSeconds`, capped, with full jitter on
 * the upper half so retries from one failure do not arrive together.
 */
export function retryDelaySeconds(attempt: number, baseSeconds = 5, capSeconds = 600): number {
  const ceiling = Math.min(capSeconds, baseSeconds * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + Math.random() * (ceiling / 2));
}

/**
 * How long a failed queue message waits: until Intercom's advertised reset after a 429 or an
 * open circuit, else exponential backoff by attempt.
 */
export function retryWaitSeconds(error: unknown, attempt: number): number {
  return error instanceof IntercomError && error.retryAt
    ? Math.max(1, Math.ceil((error.retryAt.getTime() - Date.now()) / 1000))
    : retryDelaySeconds(attempt);
}
