import type { IntercomGate } from "./gate.ts";
import type { Admission, CallOutcome, ExchangeRequest, Grant, Release } from "./state.ts";

/** Beyond the calls waiting now, permits asked for ahead: what the last batch used, this at least. */
const MIN_PREFETCH = 2;
/** Most permits asked for at once; the gate's `maxGrant` caps it again on its side. */
const MAX_WANT = 10;

/** The gate for one invocation: asks the shared gate for permits in batches. */
export interface BatchedGate extends IntercomGate {
  /**
   * Reports what is still pending and gives back the permits not used, in one exchange (none
   * when there is nothing to say). For the end of the invocation.
   */
  close(): Promise<void>;
}

interface Pending<T> {
  resolve: (value: T) => void;
  reject: (error: unknown) => void;
}

/**
 * One invocation's view of the shared gate (the Durable Object), spending one subrequest on a
 * batch of calls instead of two per call. Each exchange carries the outcomes of the calls made
 * since the last one and the permits not used, and brings back up to MAX_WANT permits for the
 * current window (or a wait, or the breaker open). The rules, and why:
 *
 * - Permits belong to the window they were granted in. Past its end they are not used (the new
 *   window's budget is the gate's to share), and they are given back at the next exchange or at
 *   close; the gate takes them only while that window lasts, so none is spent twice or lost for
 *   longer than the window.
 * - A breaker trial is one permit, never shared or held, and its outcome is reported at once:
 *   it decides for the whole workspace.
 * - A failure (status 0, 5xx) or a 429 is reported at once, and the permits held are dropped: the
 *   next call asks the gate, so the breaker (5 failures in a row, counted across the workspace)
 *   and Intercom's reset hold for this invocation too. At once, not with the next admission:
 *   that can be a backoff or a whole 429 wait away, and a 429 reported after its reset tells
 *   the other invocations nothing. It costs what it did before batching, one call per failure.
 *   After a 429 the permits are not even given back: Intercom said the window is spent.
 *   Successes and other 4xx ride on the next exchange. Other invocations may still spend the
 *   few permits they hold before they hear; their own first failure or 429 stops them.
 * - Permits are asked for by demand: the calls waiting now, plus what the last batch used (at
 *   least MIN_PREFETCH), at most MAX_WANT, so one invocation cannot hoard a window's budget.
 *
 * Exchanges run one at a time: calls that find no permit wait for the next one, which asks for
 * all of them. A wait or an open breaker is the answer for every call waiting on it.
 */
export function batchedGate(
  exchange: (request: ExchangeRequest) => Promise<Grant | null>,
  now: () => number = Date.now,
): BatchedGate {
  let permits = 0;
  let windowEndsAt = 0;
  let unused: Release | null = null;
  let outcomes: CallOutcome[] = [];
  /** Permits handed to calls since the last grant: how many the next batch asks for ahead. */
  let used = 0;
  const waiting: Pending<Admission>[] = [];
  const flushing: Pending<void>[] = [];
  let running: Promise<void> | null = null;

  /** The permits held go back to the gate with the next exchange. */
  function giveBack() {
    if (permits === 0) return;
    // Only the latest window's permits can still be taken back; older ones are worth nothing.
    const count = unused?.windowEndsAt === windowEndsAt ? unused.count + permits : permits;
    unused = { count, windowEndsAt };
    permits = 0;
  }

  function handOut(): Admission {
    permits -= 1;
    used += 1;
    return { kind: "go", trial: false };
  }

  function serve(grant: Grant) {
    if (grant.kind !== "go") {
      for (const call of waiting.splice(0)) call.resolve(grant);
      return;
    }
    used = 0;
    if (grant.trial) {
      waiting.shift()?.resolve({ kind: "go", trial: true });
      return;
    }
    permits = grant.permits;
    windowEndsAt = grant.windowEndsAt;
    while (permits > 0 && waiting.length > 0) waiting.shift()?.resolve(handOut());
  }

  async function run() {
    // Calls started together (a Promise.all of requests) all arrive before the first exchange
    // leaves, and it asks for all of them.
    await Promise.resolve();
    while (waiting.length > 0 || flushing.length > 0) {
      const want =
        waiting.length === 0
          ? 0
          : Math.min(MAX_WANT, waiting.length + Math.max(MIN_PREFETCH, used));
      const request: ExchangeRequest = { want, outcomes, release: unused };
      outcomes = [];
      unused = null;
      const flushed = flushing.splice(0);
      let grant: Grant | null;
      try {
        grant = await exchange(request);
      } catch (error) {
        // The gate could not be reached: the calls waiting fail as a direct admission would
        // have. What the request carried is lost: outcomes only steer, and permits end with
        // their window.
        for (const call of waiting.splice(0)) call.reject(error);
        for (const flush of flushed) flush.reject(error);
        continue;
      }
      for (const flush of flushed) flush.resolve();
      if (grant) serve(grant);
    }
  }

  function pump() {
    running ??= run().finally(() => {
      running = null;
      if (waiting.length > 0 || flushing.length > 0) pump();
    });
  }

  /** Resolves once an exchange started after this call has carried what is pending. */
  function flush(): Promise<void> {
    return new Promise((resolve, reject) => {
      flushing.push({ resolve, reject });
      pump();
    });
  }

  return {
    async admit() {
      if (permits > 0 && now() >= windowEndsAt) giveBack();
      if (permits > 0) return handOut();
      return new Promise<Admission>((resolve, reject) => {
        waiting.push({ resolve, reject });
        pump();
      });
    },
    async record(outcome) {
      outcomes.push(outcome);
      const failed = outcome.status === 0 || outcome.status >= 500;
      if (outcome.status === 429) {
        permits = 0;
        unused = null;
      } else if (failed) giveBack();
      if (outcome.trial || failed || outcome.status === 429) await flush();
    },
    async close() {
      giveBack();
      if (outcomes.length > 0 || unused !== null) await flush();
      else await running;
    },
  };
}
