import type { Clock } from "../../shared/clock.ts";
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

/** Where the client asks before each call and reports after it. */
export interface IntercomGate {
  admit(): Promise<Admission>;
  record(outcome: CallOutcome): Promise<void>;
}

/** One process's gate: for Node scripts and unit tests. Workers use the Durable Object. */
export function memoryGate(
  clock: Clock,
  settings: GateSettings = DEFAULT_GATE_SETTINGS,
): IntercomGate & { snapshot(): GateSnapshot } {
  const state = initialGate();
  return {
    admit: async () => admit(state, clock.now().getTime(), settings),
    record: async (outcome) => record(state, clock.now().getTime(), outcome, settings),
    snapshot: () => ({ ...state }),
  };
}
