import { DurableObject } from "cloudflare:workers";
import type { IntercomGate } from "./gate.ts";
import {
  type Admission,
  admit,
  type CallOutcome,
  DEFAULT_GATE_SETTINGS,
  type GateSettings,
  type GateSnapshot,
  initialGate,
  record,
} from "./state.ts";

/**
 * The rate-limit budget and circuit breaker for one Intercom workspace, shared by every
 * isolate, cron run and queue consumer (Intercom counts all calls made with the token).
 * State lives in memory on purpose: it is re-learnt from X-RateLimit-* headers within one
 * call if the object is evicted, and a storage write per API call would cost more than it saves.
 */
export class IntercomGateObject extends DurableObject {
  private state = initialGate();
  private settings: GateSettings = DEFAULT_GATE_SETTINGS;

  admit(): Admission {
    return admit(this.state, Date.now(), this.settings);
  }

  record(outcome: CallOutcome): void {
    record(this.state, Date.now(), outcome, this.settings);
  }

  snapshot(): GateSnapshot {
    return { ...this.state };
  }

  /** Tests and operators: start over, optionally with other settings. */
  reset(settings?: Partial<GateSettings>): void {
    this.state = initialGate();
    this.settings = { ...DEFAULT_GATE_SETTINGS, ...settings };
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
