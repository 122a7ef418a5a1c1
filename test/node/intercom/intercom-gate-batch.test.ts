import { describe, expect, it } from "vitest";
import { batchedGate } from "../../../src/intercom/gate/batched-gate.ts";
import { GateKeeper } from "../../../src/intercom/gate/keeper.ts";
import {
  type Admission,
  DEFAULT_GATE_SETTINGS,
  type ExchangeRequest,
  WINDOW_MS,
} from "../../../src/intercom/gate/state.ts";

const T = 1_800_000_000_000; // aligned to a 10 s window

/** A shared gate (the keeper the Durable Object holds) and one invocation's batching view of it. */
function setup(settings = DEFAULT_GATE_SETTINGS) {
  let now = T;
  const keeper = new GateKeeper(settings);
  const exchanges: ExchangeRequest[] = [];
  const gate = batchedGate(
    async (request) => {
      exchanges.push(structuredClone(request));
      // A round trip: other calls of the invocation get to run meanwhile.
      await new Promise((resolve) => setTimeout(resolve, 1));
      return keeper.exchange(now, request);
    },
    () => now,
  );
  return {
    keeper,
    gate,
    exchanges,
    advance: (ms: number) => {
      now += ms;
    },
  };
}

const go = (a: Admission) => expect(a).toEqual({ kind: "go", trial: false });

describe("one invocation's batched gate", () => {
  it("admits 150 calls one after another in at most a fifth as many exchanges, none lost", async () => {
    const { keeper, gate, exchanges } = setup();
    for (let i = 0; i < 150; i++) {
      go(await gate.admit());
      await gate.record({ status: 200 });
    }
    await gate.close();
    expect(exchanges.length).toBeLessThanOrEqual(30);
    // Every outcome reached the gate, and the permits not used went back into their window.
    expect(exchanges.flatMap((e) => e.outcomes)).toHaveLength(150);
    expect(keeper.snapshot().granted).toBe(150);
    expect(exchanges.every((e) => e.want <= 10)).toBe(true);
  });

  it("asks for as many permits as calls are waiting, capped, when they arrive together", async () => {
    const { gate, exchanges } = setup();
    const admitted = await Promise.all(Array.from({ length: 8 }, () => gate.admit()));
    admitted.forEach(go);
    expect(exchanges).toHaveLength(1);
    expect(exchanges[0]?.want).toBe(10);
  });

  it("does not use permits past their window, and gives them back only while it lasts", async () => {
    const { keeper, gate, exchanges, advance } = setup();
    go(await gate.admit());
    expect(exchanges[0]?.want).toBe(3);
    advance(WINDOW_MS);
    go(await gate.admit()); // the two held expired with their window: a new exchange
    expect(exchanges).toHaveLength(2);
    expect(exchanges[1]?.release).toEqual({ count: 2, windowEndsAt: T + WINDOW_MS });
    // 3 + 3 granted: the expired 2 were not taken back.
    expect(keeper.snapshot().granted).toBe(6);
    await gate.close();
    // This window's 2 unused ones are.
    expect(exchanges.at(-1)?.release).toEqual({ count: 2, windowEndsAt: T + 2 * WINDOW_MS });
    expect(keeper.snapshot().granted).toBe(4);
  });

  it("reports a failure at once and asks the gate before the next call", async () => {
    const { gate, exchanges } = setup();
    go(await gate.admit());
    await gate.record({ status: 200 });
    go(await gate.admit());
    expect(exchanges).toHaveLength(1);
    await gate.record({ status: 503 });
    expect(exchanges).toHaveLength(2);
    expect(exchanges[1]?.outcomes.map((o) => o.status)).toEqual([200, 503]);
    // The permit left went back with it, and the next call asks.
    expect(exchanges[1]?.release).toEqual({ count: 1, windowEndsAt: T + WINDOW_MS });
    go(await gate.admit());
    expect(exchanges).toHaveLength(3);
  });

  it("opens the breaker for the workspace after 5 failures in a row, and answers open", async () => {
    const { keeper, gate, advance } = setup();
    for (let i = 0; i < 5; i++) {
      go(await gate.admit());
      await gate.record({ status: 0 });
    }
    expect(keeper.snapshot().breaker).toBe("open");
    expect((await gate.admit()).kind).toBe("open");
    // Another invocation sees it too.
    const other = batchedGate(async (request) => keeper.exchange(T + 1, request));
    expect((await other.admit()).kind).toBe("open");
    advance(30_000);
    // One trial, alone, its outcome reported at once; the calls beside it wait.
    const [trial, beside] = await Promise.all([gate.admit(), gate.admit()]);
    expect(trial).toEqual({ kind: "go", trial: true });
    expect(beside.kind).toBe("open");
    await gate.record({ status: 200, trial: true });
    expect(keeper.snapshot().breaker).toBe("closed");
  });

  it("after a 429 drops its permits without giving them back, and the next call waits", async () => {
    const { keeper, gate, exchanges } = setup();
    go(await gate.admit());
    await gate.record({ status: 429, resetAt: (T + WINDOW_MS) / 1000 });
    expect(exchanges.at(-1)?.release).toBeNull();
    expect(keeper.snapshot().remaining).toBe(0);
    const next = await gate.admit();
    expect(next.kind).toBe("wait");
  });

  it("flushes nothing at close when nothing is pending", async () => {
    const { gate, exchanges } = setup();
    await gate.close();
    expect(exchanges).toHaveLength(0);
  });

  it("fails the calls waiting when the gate cannot be reached, and recovers after", async () => {
    let down = true;
    const keeper = new GateKeeper();
    const gate = batchedGate(
      async (request) => {
        if (down) throw new Error("gate unreachable");
        return keeper.exchange(T, request);
      },
      () => T,
    );
    await expect(Promise.all([gate.admit(), gate.admit()])).rejects.toThrow("gate unreachable");
    down = false;
    go(await gate.admit());
  });
});
