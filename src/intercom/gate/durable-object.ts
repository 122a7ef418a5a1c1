import { DurableObject } from "cloudflare:workers";
import type { IntercomGate } from "./gate.ts";
import { GateKeeper } from "./keeper.ts";
import type { Admission, CallOutcome, GateSettings, GateSnapshot } from "./state.ts";

/**
 * The rate-limit budget and circuit breaker for one Intercom workspace, shared by every
 * isolate, cron run and queue consumer (Intercom counts all calls made with the token).
 * State lives in memory on purpose: it is re-learnt from X-RateLimit-* headers within one
 * call if the object is evicted, and a storage write per API call would cost more than it saves.
 */
export class IntercomGateObject extends DurableObject {
  private keeper = new GateKeeper();

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

export function durableGate(
  namespace: DurableObjectNamespace<IntercomGateObject>,
  workspace: string,
): IntercomGate {
  const stub = () => namespace.get(namespace.idFromName(workspace));
  return {
    admit: async () => (await stub().admit()) as Admission,
    record: async (outcome) => {
      await stub().record(outcome);
    },
  };
}

/** The gate's current state (rate-limit window, breaker), for the operator's dashboard. */
export async function readGate(
  namespace: DurableObjectNamespace<IntercomGateObject>,
  workspace: string,
): Promise<GateSnapshot> {
  return (await namespace.get(namespace.idFromName(workspace)).snapshot()) as GateSnapshot;
}
