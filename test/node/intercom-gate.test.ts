import { describe, expect, it } from "vitest";
import {
  admit,
  DEFAULT_GATE_SETTINGS,
  initialGate,
  record,
  WINDOW_MS,
} from "../../src/intercom/gate/state.ts";

const settings = { ...DEFAULT_GATE_SETTINGS, failureThreshold: 3, openMs: 30_000 };
const T = 1_800_000_000_000; // aligned to a 10 s window

describe("rate budget", () => {
  it("grants a sixth of the per-minute limit per 10-second window, then says how long to wait", () => {
    const s = initialGate();
    record(s, T, { status: 200, limitPerMinute: 600 }, settings);
    let granted = 0;
    for (let i = 0; i < 150; i++) if (admit(s, T + 1, settings).kind === "go") granted++;
    expect(granted).toBe(100);
    const next = admit(s, T + 1_000, settings);
    expect(next.kind).toBe("wait");
    if (next.kind === "wait") expect(next.ms).toBeGreaterThanOrEqual(WINDOW_MS - 1_000);
    expect(admit(s, T + WINDOW_MS, settings).kind).toBe("go");
  });

  it("believes Intercom's lower remaining count (other callers share the token)", () => {
    const s = initialGate();
    expect(admit(s, T, settings).kind).toBe("go");
    record(s, T + 5, { status: 200, remaining: 2, resetAt: (T + WINDOW_MS) / 1000 }, settings);
    expect(admit(s, T + 6, settings).kind).toBe("go");
    expect(admit(s, T + 7, settings).kind).toBe("go");
    expect(admit(s, T + 8, settings).kind).toBe("wait");
  });

  it("after a 429 admits nothing before the advertised reset", () => {
    const s = initialGate();
    admit(s, T, settings);
    const resetAt = (T + 7_000) / 1000;
    record(s, T + 10, { status: 429, remaining: 0, resetAt }, settings);
    const during = admit(s, T + 6_999, settings);
    expect(during.kind).toBe("wait");
    expect(admit(s, T + 7_000, settings).kind).toBe("go");
  });
});

describe("circuit breaker", () => {
  it("opens after consecutive failures, lets one trial through after the cool-down, closes on success", () => {
    const s = initialGate();
    for (let i = 0; i < 3; i++) {
      expect(admit(s, T, settings).kind).toBe("go");
      record(s, T, { status: 503 }, settings);
    }
    expect(s.breaker).toBe("open");
    expect(admit(s, T + 29_999, settings)).toEqual({ kind: "open", retryAt: T + 30_000 });
    const trial = admit(s, T + 30_000, settings);
    expect(trial).toEqual({ kind: "go", trial: true });
    expect(admit(s, T + 30_001, settings).kind).toBe("open"); // one trial at a time
    record(s, T + 30_050, { status: 200, trial: true }, settings);
    expect(s.breaker).toBe("closed");
    expect(admit(s, T + 30_060, settings).kind).toBe("go");
  });

  it("re-opens when the trial call fails", () => {
    const s = initialGate();
    for (let i = 0; i < 3; i++) record(s, T, { status: 0 }, settings);
    admit(s, T + 30_000, settings);
    record(s, T + 30_100, { status: 502, trial: true }, settings);
    expect(s.breaker).toBe("open");
    expect(admit(s, T + 30_200, settings)).toEqual({ kind: "open", retryAt: T + 60_100 });
  });

  it("is not opened by 4xx answers or by a success between failures", () => {
    const s = initialGate();
    record(s, T, { status: 500 }, settings);
    record(s, T, { status: 500 }, settings);
    record(s, T, { status: 404 }, settings);
    record(s, T, { status: 500 }, settings);
    expect(s.breaker).toBe("closed");
  });
});
