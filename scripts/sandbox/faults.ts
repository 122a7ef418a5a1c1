export interface SandboxKnobs {
  /** Intercom's default per app; enforced in 10-second windows of a sixth each. */
  rateLimitPerMinute: number;
  latencyMs: number;
  faults: { rate429: number; rate5xx: number; timeoutRate: number; truncatedRate: number };
  searchDelaySeconds: number;
  /** Added to the sandbox's clock: lets a run cross the sandbox's UTC midnight on demand. */
  clockOffsetSeconds: number;
}

export const DEFAULT_KNOBS: SandboxKnobs = {
  rateLimitPerMinute: 10_000,
  latencyMs: 0,
  faults: { rate429: 0, rate5xx: 0, timeoutRate: 0, truncatedRate: 0 },
  searchDelaySeconds: 0,
  clockOffsetSeconds: 0,
};

const WINDOW_MS = 10_000;

/** Intercom's limiter: fixed 10-second windows aligned to the clock, counted on arrival. */
export class RateWindow {
  private windowStart = 0;
  private used = 0;

  take(limitPerMinute: number, now: number) {
    const start = Math.floor(now / WINDOW_MS) * WINDOW_MS;
    if (start !== this.windowStart) {
      this.windowStart = start;
      this.used = 0;
    }
    const allowance = Math.max(1, Math.floor(limitPerMinute / 6));
    const allowed = this.used < allowance;
    if (allowed) this.used += 1;
    return {
      allowed,
      headers: {
        "X-RateLimit-Limit": String(limitPerMinute),
        "X-RateLimit-Remaining": String(Math.max(0, allowance - this.used)),
        "X-RateLimit-Reset": String(Math.ceil((start + WINDOW_MS) / 1000)),
      },
    };
  }

  reset() {
    this.windowStart = 0;
    this.used = 0;
  }
}

export type Fault = "429" | "5xx" | "timeout" | "truncated" | null;

export function drawFault(knobs: SandboxKnobs, random: () => number): Fault {
  const f = knobs.faults;
  const roll = random();
  if (roll < f.rate429) return "429";
  if (roll < f.rate429 + f.rate5xx) return "5xx";
  if (roll < f.rate429 + f.rate5xx + f.timeoutRate) return "timeout";
  if (roll < f.rate429 + f.rate5xx + f.timeoutRate + f.truncatedRate) return "truncated";
  return null;
}
