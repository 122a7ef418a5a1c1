/**
 * The shared view of Intercom's limits for one token: the rate-limit budget of the current
 * 10-second window and the circuit breaker. Pure and synchronous, so the Durable Object that
 * hosts it (one per workspace, shared by every isolate, cron run and queue consumer) and the
 * tests use the same logic.
 */
export const WINDOW_MS = 10_000;
/** Intercom's default for an app (intercom-notes: 10,000 a minute in 10-second windows). */
export const DEFAULT_LIMIT_PER_MINUTE = 10_000;

export interface GateSettings {
  /** Consecutive failures (5xx, timeouts, network) that open the breaker. */
  failureThreshold: number;
  /** How long the breaker stays open before one trial call is let through. */
  openMs: number;
  /** Calls kept in reserve per window for other token users we cannot see. */
  reservePerWindow: number;
  /**
   * Most permits one exchange hands out. A caller holds them until used or its window ends,
   * so this bounds what one invocation can keep from the workspace's other consumers.
   */
  maxGrant: number;
}

export const DEFAULT_GATE_SETTINGS: GateSettings = {
  failureThreshold: 5,
  openMs: 30_000,
  reservePerWindow: 0,
  maxGrant: 10,
};

/**
 * Nor more than a tenth of a window's budget in one hand: under a small limit (60 a minute is
 * 10 a window) one invocation holding 10 would leave the others nothing.
 */
const GRANT_SHARE_OF_WINDOW = 10;

type BreakerState = "closed" | "open" | "half_open";

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
  /**
   * End of the window a 429 said was spent: permits given back into it are not handed out
   * again, since Intercom refuses them whatever we count.
   */
  spentUntil: number;
}

/** A permit to call now, or how long to wait (rate budget) / why not (breaker open). */
export type Admission =
  | { kind: "go"; trial: boolean }
  | { kind: "wait"; ms: number }
  | { kind: "open"; retryAt: number };

/** Permits for up to as many calls as asked, all in the window that ends at `windowEndsAt`. */
export type Grant =
  | { kind: "go"; permits: number; trial: boolean; windowEndsAt: number }
  | { kind: "wait"; ms: number }
  | { kind: "open"; retryAt: number };

/** Permits granted and not used, given back into the window they were granted in. */
export interface Release {
  count: number;
  windowEndsAt: number;
}

/** One round trip of a batching caller (src/intercom/gate/batched-gate.ts). */
export interface ExchangeRequest {
  /** Permits wanted now; 0 only reports and gives back. */
  want: number;
  /** What the calls made since the last exchange answered, in the order they ended. */
  outcomes: CallOutcome[];
  release: Release | null;
}

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
    spentUntil: 0,
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
  const grant = admitMany(s, now, settings, 1);
  return grant.kind === "go" ? { kind: "go", trial: grant.trial } : grant;
}

/**
 * Up to `want` permits for the current window. A breaker trial is always one permit alone: its
 * outcome decides for everyone, so it is never part of a batch.
 */
export function admitMany(
  s: GateSnapshot,
  now: number,
  settings: GateSettings,
  want: number,
): Grant {
  if (s.breaker === "open") {
    if (now < s.openUntil) return { kind: "open", retryAt: s.openUntil };
    s.breaker = "half_open";
  }
  if (s.breaker === "half_open") {
    if (s.inFlightTrial) return { kind: "open", retryAt: now + 1000 };
    s.inFlightTrial = true;
    return take(s, now, settings, 1, true);
  }
  return take(s, now, settings, want, false);
}

function take(
  s: GateSnapshot,
  now: number,
  settings: GateSettings,
  want: number,
  trial: boolean,
): Grant {
  rollWindow(s, now);
  const available = s.remaining - settings.reservePerWindow;
  if (available > 0) {
    const cap = Math.max(
      1,
      Math.min(settings.maxGrant, Math.floor(perWindow(s.limitPerMinute) / GRANT_SHARE_OF_WINDOW)),
    );
    const permits = Math.max(1, Math.min(Math.floor(want), available, cap));
    s.remaining -= permits;
    s.granted += permits;
    return { kind: "go", permits, trial, windowEndsAt: s.windowEndsAt };
  }
  if (trial) s.inFlightTrial = false;
  s.throttled += 1;
  // Spread the wake-ups so a crowd of waiters does not hit the new window at one instant.
  return { kind: "wait", ms: s.windowEndsAt - now + Math.floor(Math.random() * 50) };
}

/**
 * Takes back permits not used. Permits belong to the window they were granted in: once it has
 * rolled over, the new window's budget is whole and they are simply gone (returning them would
 * spend a past window's calls twice). Never above a window's budget, never into a window a 429
 * said was spent.
 */
export function release(s: GateSnapshot, now: number, r: Release): number {
  if (r.windowEndsAt !== s.windowEndsAt || now >= s.windowEndsAt || now < s.spentUntil) return 0;
  const back = Math.max(
    0,
    Math.min(Math.floor(r.count), perWindow(s.limitPerMinute) - s.remaining),
  );
  s.remaining += back;
  s.granted = Math.max(0, s.granted - back);
  return back;
}

/**
 * A batching caller's round trip: its outcomes first (a failure among them may open the
 * breaker, a 429 close the window, before anything is granted), then its unused permits, then
 * what it wants now.
 */
export function exchange(
  s: GateSnapshot,
  now: number,
  settings: GateSettings,
  request: ExchangeRequest,
): Grant | null {
  for (const outcome of request.outcomes) record(s, now, outcome, settings);
  if (request.release) release(s, now, request.release);
  return request.want >= 1 ? admitMany(s, now, settings, request.want) : null;
}

export function record(s: GateSnapshot, now: number, o: CallOutcome, settings: GateSettings) {
  if (o.limitPerMinute && o.limitPerMinute > 0) s.limitPerMinute = o.limitPerMinute;
  const resetMs = o.resetAt ? o.resetAt * 1000 : null;
  if (o.status === 429) {
    // Intercom says the window is spent: nothing more until its reset.
    s.remaining = 0;
    s.windowEndsAt = Math.max(resetMs ?? now + WINDOW_MS, now + 1);
    s.spentUntil = s.windowEndsAt;
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
    // Only the trial closes an open breaker: a success reported late (batching callers report
    // theirs at their next exchange) was made before the failures that opened it.
    if (s.breaker === "closed" || o.trial) {
      s.consecutiveFailures = 0;
      s.breaker = "closed";
    }
  } else if (o.trial) {
    s.breaker = "closed";
  }
}
