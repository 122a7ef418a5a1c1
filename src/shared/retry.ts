import { QUEUE_LIMITS } from "./queue-limits.ts";

/**
 * The one retry rule: exponential from a base, capped, with a jitter that suits the caller.
 * The Intercom client, the outbox and the queue consumers all wait by it; only their numbers
 * differ, and those live here too so they can be read side by side.
 */
interface Backoff {
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

/**
 * Retrying until a deadline rather than for a number of attempts: what must not be given up
 * early (a delivery already answered 200) is retried until `seconds` after it began, on the
 * retries its queue grants.
 */
export interface RetryWindow {
  /** From the first moment (a delivery's receipt) to the earliest the retries may end. */
  seconds: number;
  /** The queue's `max_retries` (wrangler.toml; a test keeps the two in step). */
  retries: number;
  /** The first wait, doubled per attempt until the even spread is longer: short outages end soon. */
  firstDelay: number;
}

/**
 * Webhook deliveries that could not be stored: 72 hours. Three times the 24 h a Postgres outage
 * must be survived, so an outage that starts on a Friday evening is still covered on Monday
 * morning, and a day short of the 4 days a queue keeps a message by default
 * (`QUEUE_LIMITS.defaultRetentionSeconds`), which is the hard bound. 100 retries is the
 * platform's maximum; spread over 72 h they are ~46 minutes apart, the longest a delivery
 * waits once Postgres is back.
 */
export const WEBHOOK_RETRY_WINDOW: RetryWindow = {
  seconds: 72 * 3600,
  retries: QUEUE_LIMITS.maxRetries,
  firstDelay: 60,
};

/**
 * Seconds before the next attempt of something retried within `window`, first tried
 * `ageSeconds` ago and tried `attempt` times now (1 = its first delivery failed); null when
 * no retry is left and it must be given up. The time left until the window's end is spread
 * evenly over the retries left, so however long the earlier waits were, the last attempt
 * comes at or after the window's end; early on, doubling waits from `firstDelay` are used
 * while they are shorter. One retry is kept in reserve, so the count holds whether the
 * platform's `attempts` starts at the first delivery or the first retry.
 */
export function windowDelay(
  ageSeconds: number,
  attempt: number,
  window: RetryWindow,
): number | null {
  const left = window.retries - attempt;
  if (left <= 0) return null;
  const spread = Math.ceil(Math.max(0, window.seconds - ageSeconds) / left);
  const doubling = window.firstDelay * 2 ** Math.min(30, Math.max(0, attempt - 1));
  return Math.min(
    QUEUE_LIMITS.maxDelaySeconds,
    Math.max(window.firstDelay, Math.min(doubling, spread)),
  );
}

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
function retryAtOf(error: unknown): Date | null {
  if (typeof error !== "object" || error === null || !("retryAt" in error)) return null;
  return error.retryAt instanceof Date ? error.retryAt : null;
}

/**
 * Retry or give up, for the outbox and the sync alike: a failure is given up at once only when
 * it says retrying cannot help, as the far side's refusals do (an IntercomError or SlackError
 * whose `retryable` is false, an UndeliverableError). Anything else (a network failure, a
 * database error, a bug) is retried. Read by shape, as retryAtOf is: such a failure carries
 * `retryAt` beside `retryable` (an AppError's `retryable` speaks of an HTTP answer, not this).
 */
export function refusedForGood(error: unknown): boolean {
  return (
    typeof error === "object" &&
    error !== null &&
    "retryAt" in error &&
    "retryable" in error &&
    error.retryable === false
  );
}

/**
 * Seconds to wait after a failure: until the time the failure names, if it names one, else
 * the policy's backoff for this attempt (`policy` in seconds). Never past the longest delay a
 * queue accepts: the wait becomes a queue message's delay.
 */
export function retryWaitSeconds(
  error: unknown,
  attempt: number,
  policy: Backoff,
  now: Date,
): number {
  const at = retryAtOf(error);
  const wait = at
    ? Math.max(1, Math.ceil((at.getTime() - now.getTime()) / 1000))
    : backoffDelay(attempt, policy);
  return Math.min(QUEUE_LIMITS.maxDelaySeconds, wait);
}
