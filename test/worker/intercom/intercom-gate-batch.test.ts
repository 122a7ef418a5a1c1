import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it } from "vitest";
import type { Env } from "../../../src/config/env.ts";
import type { IntercomClient } from "../../../src/intercom/client.ts";
import { IntercomError } from "../../../src/intercom/errors.ts";
import { readGate } from "../../../src/intercom/gate/durable-gate.ts";
import { createServices, type Services } from "../../../src/services.ts";
import { confirmGoneWith } from "../../../src/sync/contacts/gone.ts";

/*
 * The rate-limit gate as Workers use it: the real Durable Object in workerd, the real client,
 * real HTTP to a sandbox of these tests' own. Durable Object calls are counted on the binding
 * handed to the services, so every subrequest the gate costs is seen.
 */

const GATE = (env as unknown as { GATE_SANDBOX_BASE: string }).GATE_SANDBOX_BASE;
const TOKEN = "local-intercom-token";
const NO_FAULTS = { rate429: 0, rate5xx: 0, timeoutRate: 0, truncatedRate: 0, lostReplyRate: 0 };

async function sandbox<T>(path: string, init?: RequestInit): Promise<T> {
  const res = await fetch(new URL(path, GATE), init);
  if (!res.ok) throw new Error(`${path}: ${res.status}`);
  return (res.status === 204 ? undefined : await res.json()) as T;
}
const knobs = (patch: unknown) =>
  sandbox("/__sandbox/knobs", { method: "PATCH", body: JSON.stringify(patch) });
const sent = async () => (await sandbox<{ requests: number }>("/__sandbox/stats")).requests;

afterEach(async () => {
  await knobs({ faults: NO_FAULTS, rateLimitPerMinute: 10_000 });
});

/** The gate's binding, counting every call made on its stubs. */
function countingGate(namespace: Env["INTERCOM_GATE"]) {
  const counted = { calls: 0, unreachable: false };
  const wrapped = {
    idFromName: (name: string) => namespace.idFromName(name),
    get: (id: DurableObjectId) => {
      const stub = namespace.get(id) as unknown as Record<string, (...args: unknown[]) => unknown>;
      return new Proxy(
        {},
        {
          get:
            (_, method: string) =>
            (...args: unknown[]) => {
              counted.calls += 1;
              if (counted.unreachable) return Promise.reject(new Error("gate unreachable"));
              return stub[method]?.(...args);
            },
        },
      );
    },
  };
  return { counted, namespace: wrapped as unknown as Env["INTERCOM_GATE"] };
}

/** One invocation's services, for a workspace (so a gate) of the test's own. */
function invocation(workspace: string, gate: Env["INTERCOM_GATE"]): Services {
  return createServices({
    ...env,
    INTERCOM_API_BASE: GATE,
    INTERCOM_WORKSPACE_ID: workspace,
    INTERCOM_GATE: gate,
  } as Env);
}
const newWorkspace = () => `ws_gate_${crypto.randomUUID().slice(0, 8)}`;
const realGate = () => (env as unknown as Env).INTERCOM_GATE;

async function rejection(promise: Promise<unknown>): Promise<IntercomError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(IntercomError);
  return error as IntercomError;
}

describe("the rate-limit gate, one exchange for a batch of calls", () => {
  it("spends at most one Durable Object call per five Intercom calls in a finish slice's 150", async () => {
    const workspace = newWorkspace();
    const { counted, namespace } = countingGate(realGate());
    const services = invocation(workspace, namespace);
    const client = services.intercom() as IntercomClient;
    const page = await client.listContactsPage(null, 20);
    const ids = Array.from({ length: 149 }, (_, i) => page.items[i % page.items.length]?.id ?? "");
    const before = await sent();
    // The contact finish's own code: 8 calls at a time.
    const confirmed = await confirmGoneWith(client)(ids);
    expect(confirmed).toEqual({ gone: [], checked: 149 });
    const calls = 1 + (await sent()) - before;
    const beforeClose = counted.calls;
    await services.close();
    expect(counted.calls).toBe(beforeClose + 1); // the close's one flush
    console.info(
      `gate: ${counted.calls} Durable Object calls for ${calls} Intercom calls ` +
        `(${((100 * counted.calls) / calls).toFixed(1)} per 100; 200 per 100 with admit + record)`,
    );
    expect(calls).toBe(150);
    expect(counted.calls).toBeLessThanOrEqual(calls / 5);
    // The close gave back what was not used: the gate counts the calls made, give or take the
    // permits of a window that ended before they could be given back.
    const gate = await readGate(realGate(), workspace);
    expect(gate.granted).toBeGreaterThanOrEqual(150);
    expect(gate.granted).toBeLessThanOrEqual(170);
  });

  it("ends the invocation without fault when the gate cannot be told its last outcomes", async () => {
    const { counted, namespace } = countingGate(realGate());
    const services = invocation(newWorkspace(), namespace);
    const client = services.intercom() as IntercomClient;
    expect((await client.listContactsPage(null, 1)).items).toHaveLength(1);
    counted.unreachable = true;
    const calls = counted.calls;
    await expect(services.close()).resolves.toBeUndefined();
    expect(counted.calls).toBe(calls + 1); // it tried
  });

  it("still opens the workspace's breaker after 5 failures in a row", async () => {
    await knobs({ faults: { ...NO_FAULTS, rate5xx: 1 } });
    const workspace = newWorkspace();
    const { counted, namespace } = countingGate(realGate());
    const services = invocation(workspace, namespace);
    const client = services.intercom() as IntercomClient;
    const before = await sent();
    // 4 attempts each: the first call fails 4 times, the second once, then the breaker is open.
    expect((await rejection(client.listContactsPage(null, 1))).status).toBeGreaterThanOrEqual(500);
    expect(await rejection(client.listContactsPage(null, 1))).toMatchObject({
      code: "circuit_open",
    });
    expect((await sent()) - before).toBe(5);
    expect((await readGate(realGate(), workspace)).breaker).toBe("open");
    // Each failure was reported when it happened, not at the end of the invocation.
    expect(counted.calls).toBeGreaterThanOrEqual(5);
    // Another invocation of the workspace sends nothing either.
    const other = invocation(workspace, realGate());
    const open = await rejection((other.intercom() as IntercomClient).listContactsPage(null, 1));
    expect(open).toMatchObject({ code: "circuit_open" });
    expect((await sent()) - before).toBe(5);
    await Promise.all([services.close(), other.close()]);
  });

  it("waits out a 429 without sending a request before the advertised reset", async () => {
    // 60/min = 10 calls per 10-second window; a second caller has already spent most of it.
    await knobs({ rateLimitPerMinute: 60 });
    // The calls of the tests before are forgotten: Intercom counts the last minute's.
    await sandbox("/__sandbox/reset", { method: "POST" });
    // Inside one window: start in the next if this one ends too soon.
    const left = 10_000 - (Date.now() % 10_000);
    if (left < 4_000) await new Promise((resolve) => setTimeout(resolve, left + 20));
    for (let i = 0; i < 8; i++) {
      const res = await fetch(new URL("/me", GATE), {
        headers: { authorization: `Bearer ${TOKEN}` },
      });
      await res.arrayBuffer();
    }
    const since = (await sandbox<Array<{ seq: number }>>("/__sandbox/requests")).at(-1)?.seq ?? 0;
    const services = invocation(newWorkspace(), realGate());
    const client = services.intercom() as IntercomClient;
    const results = await Promise.all(
      Array.from({ length: 6 }, () => client.listContactsPage(null, 1)),
    );
    await services.close();
    expect(results.every((r) => r.items.length === 1)).toBe(true);
    const log = await sandbox<
      Array<{ at: number; status: number; responseHeaders: Record<string, string> }>
    >(`/__sandbox/requests?since=${since}`);
    const limited = log.filter((r) => r.status === 429);
    expect(limited.length).toBeGreaterThan(0);
    const reset = Number(limited[0]?.responseHeaders["x-ratelimit-reset"]) * 1000;
    // Only the first burst (sent before any 429 was seen) arrives before the reset; every
    // retry of a 429 arrives after it, permits held or not.
    expect(log.filter((r) => r.at < reset)).toHaveLength(6);
    expect(log.filter((r) => r.at >= reset)).toHaveLength(limited.length);
  });
});
