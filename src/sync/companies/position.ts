/**
 * Where a company run's scroll stands, kept in its partition's `cursor`: Intercom's scroll
 * parameter (null before the scroll is opened) and which attempt it belongs to. A scroll
 * cannot resume from a point: when Intercom expires or breaks one, the next attempt opens a
 * new scroll from the start.
 */
export interface ScrollPosition {
  scrollParam: string | null;
  attempt: number;
}

export const START: ScrollPosition = { scrollParam: null, attempt: 0 };

export function encodePosition(p: ScrollPosition): string {
  return JSON.stringify({ s: p.scrollParam, a: p.attempt });
}

export function decodePosition(cursor: string | null): ScrollPosition {
  if (cursor === null) return START;
  const parsed: unknown = JSON.parse(cursor);
  if (typeof parsed !== "object" || parsed === null) return START;
  const { s, a } = parsed as { s?: unknown; a?: unknown };
  return {
    scrollParam: typeof s === "string" ? s : null,
    attempt: typeof a === "number" && Number.isSafeInteger(a) ? a : 0,
  };
}

/** A scroll lost more often than this in one run fails the run rather than start again. */
export const MAX_SCROLL_ATTEMPTS = 5;

/**
 * Another delivery holds the scroll until `retryAt`. Acknowledged, this message would leave
 * the chain to the stall sweep whenever that holder has died (a Worker killed mid-step, a step
 * that could not give the lease back while Postgres restarted): it is retried when the lease
 * runs out instead. If the holder lives, by then it has moved the chain on, and the retry finds
 * its page written and stops.
 */
export class ScrollHeldError extends Error {
  override readonly name = "ScrollHeldError";
  readonly retryable = true;
  readonly retryAt: Date;
  constructor(until: Date) {
    super(`the company scroll is held by another delivery until ${until.toISOString()}`);
    this.retryAt = until;
  }
}

/** The scroll went wrong in a way a retry cannot fix: the run fails with this reason. */
export class ScrollRefusedError extends Error {
  override readonly name = "ScrollRefusedError";
  readonly retryable = false;
  readonly retryAt = null;
}
