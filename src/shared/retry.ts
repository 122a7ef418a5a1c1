/**
 * The one retry rule: exponential from a base, capped, with a jitter that suits the caller.
 * The Intercom client, the outbox and the queue consumers all wait by it; only their numbers
 * differ, and those live here too so they can be read side by side.
 */
export interface Backoff {
  /** The delay after the first failed attempt, in the unit the caller counts in. */
  base: number;
  cap: number;
  /**
   * `full`: anywhere below the delay (calls retried in a loop, spread as widely as possible);
   * `half`: in the upper half (queue retries: spread, yet never much sooner than planned);
   * `none`: the delay itself (a stored `retry_at` an operator reads).
   */
  jitter: "full" | "half" | "none";
}

/** Calls inside one Intercom request (milliseconds): 5xx, timeouts, network failures. */
export const INTERCOM_CALL_BACKOFF: Backoff = { base: 250, cap: 8_000, jitter: "full" };
/** Queue messages retried by a consumer (seconds). */
export const QUEUE_BACKOFF: Backoff = { base: 5, cap: 600, jitter: "half" };
/** Outbox rows that failed to deliver (seconds), recorded as the row's `retry_at`. */
export const OUTBOX_BACKOFF: Backoff = { base: 10, cap: 3_600, jitter: "none" };

/** The wait before the attempt after `attempt` (1 = the first attempt failed). */
export function backoffDelay(attempt: number, policy: Backoff, random = Math.random): number {
  // The exponent is bounded so a runaway attempt count cannot overflow to Infinity.
  const exponent = Math.min(30, Math.max(0, attempt - 1));
  const ceiling = Math.min(policy.cap, policy.base * 2 ** exponent);
  switch (policy.jitter) {
    case "full":
      return Math.floor(random() * ceiling);
    case "half":
      return Math.round(ceiling / 2 + random() * (ceiling / 2));
    case "none":
      return ceiling;
  }
}

/**
 * When a failure says when to try again (a 429's reset, an open circuit's cool-down), as
 * `IntercomError.retryAt` does; read by shape so this rule does not depend on the client.
 */
export function retryAtOf(error: unknown): Date | null {
  if (typeof error !== "object" || error === null || !("retryAt" in error)) return null;
  return error.retryAt instanceof Date ? error.retryAt : null;
}

/**
 * Seconds to wait after a failure: until the time the failure names, if it names one, else
 * the policy's backoff for this attempt (`policy` in seconds).
 */
export function retryWaitSeconds(
  error: unknown,
  attempt: number,
  policy: Backoff,
  now: Date,
): number {
  const at = retryAtOf(error);
  return at
    ? Math.max(1, Math.ceil((at.getTime() - now.getTime()) / 1000))
    : backoffDelay(attempt, policy);
}
