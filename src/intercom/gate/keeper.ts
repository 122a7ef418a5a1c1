import {
  type Admission,
  admit,
  type CallOutcome,
  DEFAULT_GATE_SETTINGS,
  type ExchangeRequest,
  exchange,
  type GateSettings,
  type GateSnapshot,
  type Grant,
  initialGate,
  record,
} from "./state.ts";

/**
 * One gate's state and settings, asked with the time: what the in-memory gate (scripts, unit
 * tests) and the Durable Object (Workers) both hold.
 */
export class GateKeeper {
  private state = initialGate();
  private settings: GateSettings;

  constructor(settings: GateSettings = DEFAULT_GATE_SETTINGS) {
    this.settings = settings;
  }

  admit(nowMs: number): Admission {
    return admit(this.state, nowMs, this.settings);
  }

  record(nowMs: number, outcome: CallOutcome): void {
    record(this.state, nowMs, outcome, this.settings);
  }

  exchange(nowMs: number, request: ExchangeRequest): Grant | null {
    return exchange(this.state, nowMs, this.settings, request);
  }

  snapshot(): GateSnapshot {
    return { ...this.state };
  }

  /** Start over, optionally with other settings. */
  reset(settings?: Partial<GateSettings>): void {
    this.state = initialGate();
    this.settings = { ...DEFAULT_GATE_SETTINGS, ...settings };
  }
}
