import type { Clock } from "../../shared/clock.ts";
import { GateKeeper } from "./keeper.ts";
import {
  type Admission,
  type CallOutcome,
  DEFAULT_GATE_SETTINGS,
  type GateSettings,
  type GateSnapshot,
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
  const keeper = new GateKeeper(settings);
  return {
    admit: async () => keeper.admit(clock.now().getTime()),
    record: async (outcome) => keeper.record(clock.now().getTime(), outcome),
    snapshot: () => keeper.snapshot(),
  };
}
