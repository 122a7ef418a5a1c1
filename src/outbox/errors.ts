/** A write that can never succeed as stored: retrying would not help (src/shared/retry.ts). */
export class UndeliverableError extends Error {
  override readonly name = "UndeliverableError";
  readonly retryable = false;
  readonly retryAt = null;
}

/** Slack refused an alert. 429 and 5xx may pass later; any other status will not. */
export class SlackError extends Error {
  override readonly name = "SlackError";
  readonly status: number;
  readonly retryable: boolean;
  /** From a 429's Retry-After, when Slack sends one. */
  readonly retryAt: Date | null;

  constructor(status: number, retryAt: Date | null) {
    super(`Slack answered ${status}`);
    this.status = status;
    this.retryable = status === 429 || status >= 500;
    this.retryAt = retryAt;
  }
}

/**
 * The row's lease ran out and another consumer took the row: this one must neither send it
 * nor settle it. Never stored or shown; the new holder's outcome is the row's.
 */
export class LeaseLostError extends Error {
  override readonly name = "LeaseLostError";
  constructor() {
    super("the row's lease passed to another consumer");
  }
}
