/** Time as a dependency, so tests can pin "now" without touching globals. */
export interface Clock {
  now(): Date;
}

/** A day in milliseconds: every "in the last N days" window counts from it. */
export const DAY_MS = 86_400_000;

export const systemClock: Clock = { now: () => new Date() };

export function fixedClock(at: Date): Clock {
  return { now: () => new Date(at.getTime()) };
}

/** Seconds may carry a fraction (ISO times keep their milliseconds): rounded to the millisecond. */
export function fromUnixSeconds(value: number | null | undefined): Date | null {
  return typeof value === "number" && Number.isFinite(value) && value > 0
    ? new Date(Math.round(value * 1000))
    : null;
}
