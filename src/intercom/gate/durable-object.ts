import { DurableObject } from "cloudflare:workers";
import { GateKeeper } from "./keeper.ts";
import type {
  Admission,
  CallOutcome,
  ExchangeRequest,
  GateSettings,
  GateSnapshot,
  Grant,
} from "./state.ts";

/**
 * The rate-limit budget and circuit breaker for one Intercom workspace, shared by every
 * isolate, cron run and queue consumer (Intercom counts all calls made with the token).
 * State lives in memory on purpose: it is re-learnt from X-RateLimit-* headers within one
 * call if the object is evicted, and a storage write per API call would cost more than it saves.
 */
export class IntercomGateObject extends DurableObject {
  private keeper = new GateKeeper();

  /**
   * Permits for a batch of calls, the outcomes of calls made since the caller's last exchange,
   * and its unused permits back: one subrequest for many calls (src/intercom/gate/batched-gate.ts).
   */
  exchange(request: ExchangeRequest): Grant | null {
    return this.keeper.exchange(Date.now(), request);
  }

  /** One call at a time: what a Worker deployed before batching asks, until it is replaced. */
  admit(): Admission {
    return this.keeper.admit(Date.now());
  }

  record(outcome: CallOutcome): void {
    this.keeper.record(Date.now(), outcome);
  }

  snapshot(): GateSnapshot {
    return this.keeper.snapshot();
  }

  /** Tests and operators: start over, optionally with other settings. */
  reset(settings?: Partial<GateSettings>): void {
    this.keeper.reset(settings);
  }
}
