/**
 * The shared view of Intercom's limits for one token: the rate-limit budget of the current
 * 10-second window and the circuit breaker. Pure and synchronous, so the Durable Object that
 * hosts it (one per workspace, shared by every isolate, cron run and queue consumer) and the
 * tests use the same logic.
 */
export const WINDOW_MS = 10_000;
const DEFAULT_LIMIT_PER_MINUTE = 10_000;

export interface GateSettings {
  /** Consecutive failures (5xx, timeouts, network) that open the breaker. */
  failureThreshold: number;
  /** How long the breaker stays open before one trial call is let through. */
  openMs: number;
  /** Calls kept in reserve per window for other token users we cannot see. */
  reservePerWindow: number;
}

export const DEFAULT_GATE_SETTINGS: GateSettings = {
  failureThreshold: 5,
  openMs: 30_000,
  reservePerWindow: 0,
};

export type BreakerState = "closed" | "open" | "half_open";

export interface GateSnapshot {
  limitPerMinute: number;
  windowEndsAt: number;
  remaining: number;
  inFlightTrial: boolean;
  breaker: BreakerState;
  openUntil: number;
  consecutiveFailures: number;
  granted: number;
  throttled: number;
}

/** A permit to call now, or how long to wait (rate budget) / why not (breaker open). */
export type Admission =
  | { kind: "go"; trial: boolean }
  | { kind: "wait"; ms: number }
  | { kind: "open"; retryAt: number };

export interface CallOutcome {
  /** HTTP status, or 0 for a timeout / network failure / truncated body. */
  status: number;
  limitPerMinute?: number | null;
  remaining?: number | null;
  /** Unix seconds from X-RateLimit-Reset. */
  resetAt?: number | null;
  trial?: boolean;
}

export function initialGate(): GateSnapshot {
  return {
    limitPerMinute: DEFAULT_LIMIT_PER_MINUTE,
    windowEndsAt: 0,
    remaining: 0,
    inFlightTrial: false,
    breaker: "closed",
    openUntil: 0,
    consecutiveFailures: 0,
    granted: 0,
    throttled: 0,
  };
}

const perWindow = (limitPerMinute: number) =>
  Math.max(1, Math.floor((limitPerMinute * WINDOW_MS) / 60_000));

function rollWindow(s: GateSnapshot, now: number) {
  if (now < s.windowEndsAt) return;
  // Intercom's windows are aligned to the clock; ours follow, and X-RateLimit-Reset corrects.
  s.windowEndsAt = Math.floor(now / WINDOW_MS) * WINDOW_MS + WINDOW_MS;
  s.remaining = perWindow(s.limitPerMinute);
}

export function admit(s: GateSnapshot, now: number, settings: GateSettings): Admission {
  if (s.breaker === "open") {
    if (now < s.openUntil) return { kind: "open", retryAt: s.openUntil };
    s.breaker = "half_open";
  }
  if (s.breaker === "half_open") {
    if (s.inFlightTrial) return { kind: "open", retryAt: now + 1000 };
    s.inFlightTrial = true;
    return take(s, now, settings, true);
  }
  return take(s, now, settings, false);
}

function take(s: GateSnapshot, now: number, settings: GateSettings, trial: boolean): Admission {
  rollWindow(s, now);
  if (s.remaining > settings.reservePerWindow) {
    s.remaining -= 1;
    s.granted += 1;
    return { kind: "go", trial };
  }
  if (trial) s.inFlightTrial = false;
  s.throttled += 1;
  // Spread the wake-ups so a crowd of waiters does not hit the new window at one instant.
  return { kind: "wait", ms: s.windowEndsAt - now + Math.floor(Math.random() * 50) };
}

export function record(s: GateSnapshot, now: number, o: CallOutcome, settings: GateSettings) {
  if (o.limitPerMinute && o.limitPerMinute > 0) s.limitPerMinute = o.limitPerMinute;
  const resetMs = o.resetAt ? o.resetAt * 1000 : null;
  if (o.status === 429) {
    // Intercom says the window is spent: nothing more until its reset.
    s.remaining = 0;
    s.windowEndsAt = Math.max(resetMs ?? now + WINDOW_MS, now + 1);
  } else if (o.remaining != null && resetMs && resetMs >= s.windowEndsAt - 1000) {
    // Other users of the token spend the same budget: believe the lower count.
    s.remaining = Math.min(s.remaining, o.remaining);
  }
  const failed = o.status === 0 || o.status >= 500;
  if (o.trial) s.inFlightTrial = false;
  if (failed) {
    s.consecutiveFailures += 1;
    if (s.breaker === "half_open" || s.consecutiveFailures >= settings.failureThreshold) {
      s.breaker = "open";
      s.openUntil = now + settings.openMs;
    }
  } else if (o.status !== 429) {
    s.consecutiveFailures = 0;
    s.breaker = "closed";
  } else if (o.trial) {
    s.breaker = "closed";
  }
}
