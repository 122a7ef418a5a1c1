import { describe, expect, it } from "vitest";
import {
  admit,
  admitMany,
  DEFAULT_GATE_SETTINGS,
  exchange,
  initialGate,
  record,
  release,
  WINDOW_MS,
} from "../../../src/intercom/gate/state.ts";

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

describe("batches of permits", () => {
  const batch = { ...settings, maxGrant: 10 };

  it("grants up to the number asked for, at most maxGrant, all in the current window", () => {
    const s = initialGate();
    expect(admitMany(s, T + 1, batch, 4)).toEqual({
      kind: "go",
      permits: 4,
      trial: false,
      windowEndsAt: T + WINDOW_MS,
    });
    expect(admitMany(s, T + 2, batch, 50)).toMatchObject({ kind: "go", permits: 10 });
    expect(s.granted).toBe(14);
  });

  it("never hands one caller more than a tenth of a small window's budget, nor more than is left", () => {
    const s = initialGate();
    record(s, T, { status: 200, limitPerMinute: 120 }, batch); // 20 a window
    admitMany(s, T + WINDOW_MS, batch, 1); // the new window, at the learnt limit
    expect(admitMany(s, T + WINDOW_MS + 1, batch, 10)).toMatchObject({ permits: 2 });
    s.remaining = 1;
    expect(admitMany(s, T + WINDOW_MS + 2, batch, 10)).toMatchObject({ permits: 1 });
    expect(admitMany(s, T + WINDOW_MS + 3, batch, 10).kind).toBe("wait");
  });

  it("hands a breaker trial out alone, however many are asked for", () => {
    const s = initialGate();
    for (let i = 0; i < 3; i++) record(s, T, { status: 503 }, batch);
    expect(admitMany(s, T + 30_000, batch, 10)).toMatchObject({
      kind: "go",
      permits: 1,
      trial: true,
    });
    expect(admitMany(s, T + 30_001, batch, 10).kind).toBe("open");
  });

  it("takes back unused permits only into the window they were granted in", () => {
    const s = initialGate();
    const grant = admitMany(s, T + 1, batch, 10);
    if (grant.kind !== "go") throw new Error("no permits");
    const left = s.remaining;
    const back = { count: 7, windowEndsAt: grant.windowEndsAt };
    expect(release(s, T + 5, back)).toBe(7);
    expect(s.remaining).toBe(left + 7);
    expect(s.granted).toBe(3);
    // Once the window has rolled over, its permits are gone: the new window's budget is whole.
    const later = admitMany(s, T + WINDOW_MS + 1, batch, 10);
    expect(later.kind).toBe("go");
    const whole = s.remaining;
    expect(release(s, T + WINDOW_MS + 2, back)).toBe(0);
    expect(s.remaining).toBe(whole);
  });

  it("never takes back more than a window's budget, nor into a window a 429 said was spent", () => {
    const s = initialGate();
    record(s, T, { status: 200, limitPerMinute: 600 }, batch); // 100 a window
    admitMany(s, T + WINDOW_MS, batch, 2);
    expect(release(s, T + WINDOW_MS + 1, { count: 50, windowEndsAt: T + 2 * WINDOW_MS })).toBe(2);
    expect(s.remaining).toBe(100);
    admitMany(s, T + WINDOW_MS + 2, batch, 5);
    record(s, T + WINDOW_MS + 3, { status: 429, resetAt: (T + 2 * WINDOW_MS) / 1000 }, batch);
    expect(release(s, T + WINDOW_MS + 4, { count: 5, windowEndsAt: T + 2 * WINDOW_MS })).toBe(0);
    expect(admitMany(s, T + WINDOW_MS + 5, batch, 1).kind).toBe("wait");
  });

  it("applies an exchange's outcomes before granting: failures in it can open the breaker", () => {
    const s = initialGate();
    const failures = Array.from({ length: 3 }, () => ({ status: 0 }));
    const grant = exchange(s, T, batch, { want: 5, outcomes: failures, release: null });
    expect(grant).toEqual({ kind: "open", retryAt: T + 30_000 });
    expect(exchange(s, T + 1, batch, { want: 0, outcomes: [], release: null })).toBeNull();
  });

  it("is not closed by a success reported late, only by the trial", () => {
    const s = initialGate();
    for (let i = 0; i < 3; i++) record(s, T, { status: 500 }, batch);
    // A call admitted before the failures, its outcome carried by a later exchange.
    exchange(s, T + 10, batch, { want: 0, outcomes: [{ status: 200 }], release: null });
    expect(s.breaker).toBe("open");
    admitMany(s, T + 30_000, batch, 1);
    record(s, T + 30_010, { status: 200 }, batch);
    expect(s.breaker).toBe("half_open");
    record(s, T + 30_020, { status: 200, trial: true }, batch);
    expect(s.breaker).toBe("closed");
    expect(s.consecutiveFailures).toBe(0);
  });
});
