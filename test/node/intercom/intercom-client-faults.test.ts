import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type Sandbox, startSandbox } from "../../../scripts/sandbox/server.ts";
import { createIntercomClient } from "../../../src/intercom/client.ts";
import { IntercomError } from "../../../src/intercom/errors.ts";
import { memoryGate } from "../../../src/intercom/gate/gate.ts";
import { DEFAULT_GATE_SETTINGS } from "../../../src/intercom/gate/state.ts";
import { systemClock } from "../../../src/shared/clock.ts";

const TOKEN = "local-intercom-token";
const NO_FAULTS = { rate429: 0, rate5xx: 0, timeoutRate: 0, truncatedRate: 0 };
let sandbox: Sandbox;

beforeAll(async () => {
  sandbox = await startSandbox({ seed: 3, sizes: { contacts: 50, conversations: 5 } });
});
afterAll(() => sandbox.stop());
beforeEach(() => {
  sandbox.setKnobs({ faults: NO_FAULTS, rateLimitPerMinute: 10_000, latencyMs: 0 });
  sandbox.reset();
});

async function rejection(promise: Promise<unknown>): Promise<IntercomError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(IntercomError);
  return error as IntercomError;
}

const listOnce = (c: ReturnType<typeof createIntercomClient>) => c.listContactsPage(null, 1);

describe("the client when Intercom misbehaves", () => {
  it("retries 5xx a bounded number of times, then fails retryably", async () => {
    sandbox.setKnobs({ faults: { ...NO_FAULTS, rate5xx: 1 } });
    const c = createIntercomClient({
      baseUrl: sandbox.url,
      token: TOKEN,
      gate: memoryGate(systemClock),
      maxAttempts: 3,
      baseDelayMs: 5,
    });
    const error = await rejection(listOnce(c));
    expect(error.retryable).toBe(true);
    expect(error.status).toBeGreaterThanOrEqual(500);
    expect(sandbox.stats().requests).toBe(3);
  });

  it("gives up on a request that does not answer in time, after bounded attempts", async () => {
    sandbox.setKnobs({ faults: { ...NO_FAULTS, timeoutRate: 1 } });
    const c = createIntercomClient({
      baseUrl: sandbox.url,
      token: TOKEN,
      gate: memoryGate(systemClock),
      maxAttempts: 2,
      timeoutMs: 200,
      baseDelayMs: 5,
    });
    const error = await rejection(listOnce(c));
    expect(error).toMatchObject({ code: "timeout", retryable: true });
    expect(sandbox.stats().requests).toBe(2);
  });

  it("treats a truncated body as a retryable failure, and succeeds on the retry", async () => {
    sandbox.setKnobs({ faults: { ...NO_FAULTS, truncatedRate: 1 } });
    const gate = memoryGate(systemClock);
    const c = createIntercomClient({ baseUrl: sandbox.url, token: TOKEN, gate, maxAttempts: 1 });
    const error = await rejection(listOnce(c));
    expect(error.retryable).toBe(true);
    expect(["truncated_response", "network_error"]).toContain(error.code);
    sandbox.setKnobs({ faults: NO_FAULTS });
    const again = createIntercomClient({ baseUrl: sandbox.url, token: TOKEN, gate });
    expect((await listOnce(again)).items).toHaveLength(1);
  });

  it("never retries other 4xx", async () => {
    const c = createIntercomClient({
      baseUrl: sandbox.url,
      token: "wrong-token",
      gate: memoryGate(systemClock),
    });
    const error = await rejection(listOnce(c));
    expect(error).toMatchObject({ status: 401, code: "token_unauthorized", retryable: false });
    expect(sandbox.stats().requests).toBe(1);
  });

  it("opens the breaker after repeated failures, sends nothing while open, closes after a good trial", async () => {
    sandbox.setKnobs({ faults: { ...NO_FAULTS, rate5xx: 1 } });
    const gate = memoryGate(systemClock, {
      ...DEFAULT_GATE_SETTINGS,
      failureThreshold: 3,
      openMs: 300,
    });
    const c = createIntercomClient({ baseUrl: sandbox.url, token: TOKEN, gate, maxAttempts: 1 });
    for (let i = 0; i < 3; i++) await rejection(listOnce(c));
    expect(gate.snapshot().breaker).toBe("open");
    const sent = sandbox.stats().requests;
    const open = await rejection(listOnce(c));
    expect(open).toMatchObject({ code: "circuit_open", retryable: true });
    expect(sandbox.stats().requests).toBe(sent);
    sandbox.setKnobs({ faults: NO_FAULTS });
    await new Promise((resolve) => setTimeout(resolve, 320));
    expect((await listOnce(c)).items).toHaveLength(1);
    expect(gate.snapshot().breaker).toBe("closed");
  });

  it("waits out a 429 storm without sending a request before the advertised reset", async () => {
    // 60/min = 10 calls per 10-second window; a second caller has already spent most of it.
    sandbox.setKnobs({ rateLimitPerMinute: 60 });
    // Start at the beginning of a 10-second window, so the calls below share one window.
    await new Promise((resolve) => setTimeout(resolve, 10_000 - (Date.now() % 10_000) + 20));
    for (let i = 0; i < 8; i++) {
      await fetch(`${sandbox.url}/me`, { headers: { authorization: `Bearer ${TOKEN}` } });
    }
    const c = createIntercomClient({
      baseUrl: sandbox.url,
      token: TOKEN,
      gate: memoryGate(systemClock),
    });
    const started = Date.now();
    const results = await Promise.all(Array.from({ length: 6 }, () => listOnce(c)));
    expect(results.every((r) => r.items.length === 1)).toBe(true);
    const log = sandbox.requests().filter((r) => r.path === "/contacts");
    const limited = log.filter((r) => r.status === 429);
    expect(limited.length).toBeGreaterThan(0);
    const reset = Number(limited[0]?.responseHeaders?.["x-ratelimit-reset"]) * 1000;
    // Only the first burst (sent before any 429 was seen) arrives before the reset;
    // every retry of a 429 arrives after it.
    expect(log.filter((r) => r.at < reset)).toHaveLength(6);
    expect(log.filter((r) => r.at >= reset)).toHaveLength(limited.length);
    expect(Date.now() - started).toBeLessThan(25_000);
  }, 40_000);
});
