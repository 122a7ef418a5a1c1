import { withoutValues } from "../shared/error-text.ts";

/**
 * One error for everything that goes wrong talking to Intercom. `code` is Intercom's own
 * (`conflict`, `not_found`, `contact_merged`, `rate_limit_exceeded`, …) or ours for transport
 * failures (`timeout`, `network_error`, `truncated_response`, `circuit_open`,
 * `unexpected_response`). Branch on `code`, never on `message`.
 *
 * `message` is what gets logged and stored, so it is value-free: Intercom's texts can name an
 * email or an id ("A contact matching those details already exists with id=…"). The text as
 * Intercom wrote it stays in `upstreamMessage`, for code that must read it, never for a log.
 */
export class IntercomError extends Error {
  override readonly name = "IntercomError";
  readonly status: number;
  readonly code: string;
  readonly requestId: string | null;
  readonly retryable: boolean;
  /** When the caller may try again (rate limit reset, breaker cool-down), if known. */
  readonly retryAt: Date | null;
  /** Intercom's own text, values and all: parse it, never log or store it. */
  readonly upstreamMessage: string;

  constructor(init: {
    status: number;
    code: string;
    message: string;
    requestId?: string | null;
    retryable: boolean;
    retryAt?: Date | null;
    cause?: unknown;
  }) {
    super(
      `Intercom ${init.status || ""} ${init.code}: ${withoutValues(init.message)}`.replace(
        "  ",
        " ",
      ),
      { cause: init.cause },
    );
    this.upstreamMessage = init.message;
    this.status = init.status;
    this.code = init.code;
    this.requestId = init.requestId ?? null;
    this.retryable = init.retryable;
    this.retryAt = init.retryAt ?? null;
  }
}

/**
 * Intercom no longer has the contact or company: 404 when deleted, 410 (`contact_merged`) when
 * merged away (some of Intercom's docs say 404 for that too).
 */
export function goneFromIntercom(error: unknown): error is IntercomError {
  return error instanceof IntercomError && (error.status === 404 || error.status === 410);
}
