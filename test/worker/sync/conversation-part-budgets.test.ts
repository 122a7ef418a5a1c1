import { describe, expect, it } from "vitest";
import { PART_CAP } from "../../../src/conversations/fetched-write.ts";
import { conversationDepsFor } from "../../../src/deps.ts";
import { createIntercomClient } from "../../../src/intercom/client.ts";
import { durableGate, readGate } from "../../../src/intercom/gate/durable-gate.ts";
import { INTERCOM_CONNECTIONS } from "../../../src/shared/connections.ts";
import { runPartJob } from "../../../src/sync/conversations/parts.ts";
import { PART_FETCHES_AT_ONCE, PART_JOB_PARTS } from "../../../src/sync/conversations/plan.ts";
import type { ConversationPartsMessage, SyncMessage } from "../../../src/sync/messages.ts";
import { runConversationSync } from "../../support/conversations.ts";
import {
  answerChars,
  createConversations,
  jobsOf,
  PARTS_SANDBOX,
  partsSandbox,
  partsServices,
  runRow,
  storedParts,
  testDay,
} from "../../support/parts.ts";
import { collectingQueue, servicesPerTest } from "../../support/sync.ts";

const workspace = servicesPerTest(partsServices);

/** Every conversation of `ids` has `parts` parts stored, and the run counted each once. */
async function expectStoredOnce(
  s: ReturnType<typeof workspace>,
  runId: string,
  ids: string[],
  parts: number,
) {
  expect(await storedParts(s, ids)).toEqual(Object.fromEntries(ids.map((id) => [id, parts])));
  expect(await runRow(s, runId)).toMatchObject({
    status: "succeeded",
    parts: ids.length * parts,
    partFetches: ids.length,
    errors: 0,
  });
  expect((await jobsOf(s, runId)).every((j) => j.done && !j.failed)).toBe(true);
}

describe("part jobs are formed by the parts they will fetch", () => {
  it("keeps 2,000 expected parts in one job and splits 2,001", async () => {
    // Four conversations at Intercom's cap of 500 parts are the budget exactly.
    expect(PART_JOB_PARTS).toBe(4 * PART_CAP);
    const full = testDay(0);
    const atBudget = await createConversations(full.day, 4, PART_CAP);
    const s = workspace();
    const first = await runConversationSync(s, "full", { window: full.window });
    expect((await jobsOf(s, first.runId)).map((j) => j.conversations.length)).toEqual([4]);
    await expectStoredOnce(s, first.runId, atBudget, PART_CAP);

    const over = testDay(1);
    const big = await createConversations(over.day, 4, PART_CAP);
    const small = await createConversations(over.day, 1, 1);
    const second = await runConversationSync(s, "full", { window: over.window });
    const jobs = await jobsOf(s, second.runId);
    expect(jobs.map((j) => j.conversations.map((c) => c.id))).toEqual([big, small]);
    expect(await storedParts(s, [...big, ...small])).toEqual(
      Object.fromEntries([...big.map((id) => [id, PART_CAP]), [small[0], 1]]),
    );
    expect((await runRow(s, second.runId))?.parts).toBe(4 * PART_CAP + 1);
  });

  it("counts a conversation whose statistics say nothing as 500 parts", async () => {
    const { day, window } = testDay(2);
    // One part each, but no count: four of them fill a job, as four of 500 would.
    const unknown = await createConversations(day, 4, 1, { count_conversation_parts: null });
    const known = await createConversations(day, 1, 1);
    const s = workspace();
    const { runId } = await runConversationSync(s, "full", { window });
    const jobs = await jobsOf(s, runId);
    expect(jobs.map((j) => j.conversations.map((c) => c.id))).toEqual([unknown, known]);
    await expectStoredOnce(s, runId, [...unknown, ...known], 1);
  });
});

describe("a part job holds at most its byte budget of answers per delivery", () => {
  const PARTS = 120;
  const COUNT = PART_FETCHES_AT_ONCE + 2;

  async function sixEqual(n: number) {
    const { day, window } = testDay(n);
    const ids = await createConversations(day, COUNT, PARTS);
    const sizes = await Promise.all(ids.map(answerChars));
    expect(new Set(sizes).size, "equal conversations answer equally long").toBe(1);
    return { ids, window, size: sizes[0] as number };
  }

  it("starts a fetch that fits the budget exactly, and none that passes it by one", async () => {
    const { ids, window, size } = await sixEqual(3);
    // One job; four fetches start at once. When the first answer is in, a fifth starts if
    // the budget holds it, the three under way and it at that size; one character short, not.
    const fifth = (PART_FETCHES_AT_ONCE + 1) * size;
    for (const [budget, slices] of [
      [fifth, [5, 1]],
      [fifth - 1, [4, 2]],
    ] as const) {
      const s = workspace();
      const run = await runConversationSync(s, "full", { window, partSliceChars: budget });
      expect((await jobsOf(s, run.runId)).length).toBe(1);
      expect(run.partDeliveries.map((d) => [d.kind, d.fetched, d.chars])).toEqual([
        ["continue", slices[0], slices[0] * size],
        ["done", slices[1], slices[1] * size],
      ]);
      for (const d of run.partDeliveries) expect(d.chars).toBeLessThanOrEqual(budget);
      await expectStoredOnce(s, run.runId, ids, PARTS);
    }
  });

  it("moves counters once when every message arrives twice", async () => {
    const { ids, window, size } = await sixEqual(4);
    const s = workspace();
    const run = await runConversationSync(s, "full", {
      window,
      twice: true,
      partSliceChars: size - 1,
    });
    // The second copy of the first message does the continuation's work; the continuation
    // itself, twice, finds the job done.
    expect(run.partDeliveries.map((d) => d.kind)).toEqual(["continue", "done", "stale", "stale"]);
    await expectStoredOnce(s, run.runId, ids, PARTS);
  });

  it("moves counters once when two copies of a message run at the same time", async () => {
    const { ids, window, size } = await sixEqual(5);
    const s = workspace();
    const run = await runConversationSync(s, "full", {
      window,
      drop: (m) => m.kind === "sync.conversations.parts",
    });
    const [message] = run.dropped;
    expect(message?.kind).toBe("sync.conversations.parts");
    if (message?.kind !== "sync.conversations.parts") return;
    const queued: SyncMessage[] = [];
    const client = s.intercom();
    if (!client) throw new Error("no Intercom client");
    const deps = {
      ...conversationDepsFor(s, client),
      queue: collectingQueue(queued),
      partSliceChars: size - 1,
    };
    const both = await Promise.all([runPartJob(message, deps), runPartJob(message, deps)]);
    // Both fetched the same four; one wrote them, the other found the job moved on.
    expect(both.map((r) => r.kind).sort()).toEqual(["continue", "stale"]);
    expect(queued).toEqual([message]);
    expect((await runPartJob(message, deps)).kind).toBe("done");
    expect((await runPartJob(message, deps)).kind).toBe("stale");
    expect(await storedParts(s, ids)).toEqual(Object.fromEntries(ids.map((id) => [id, PARTS])));
    expect(await runRow(s, run.runId)).toMatchObject({
      parts: COUNT * PARTS,
      partFetches: COUNT,
      errors: 0,
    });
  });
});

describe("an invocation's Intercom calls", () => {
  const LATENCY_MS = 500;
  const latency = (latencyMs: number) =>
    partsSandbox("/__sandbox/knobs", { method: "PATCH", body: JSON.stringify({ latencyMs }) });
  /** Slowed, with the sandbox's count of calls at once started afresh; back to normal after. */
  async function slowed<T>(work: () => Promise<T>) {
    await latency(LATENCY_MS);
    await partsSandbox("/__sandbox/reset", { method: "POST" });
    try {
      return await work();
    } finally {
      await latency(0);
    }
  }
  const maxInFlight = async () =>
    (await partsSandbox("/__sandbox/stats")).body.maxInFlight as number;

  it("wait for one of its connections before their timeout starts", async () => {
    const { day, window } = testDay(6);
    const ids = await createConversations(day, 24, 1);
    const s = workspace();
    const run = await runConversationSync(s, "full", {
      window,
      drop: (m) => m.kind === "sync.conversations.parts",
    });
    // Jobs of 10, 10 and 4: twelve fetches want a connection at once, three times the slots.
    expect(run.dropped).toHaveLength(3);
    const statuses: number[] = [];
    const workspaceId = s.config.INTERCOM_WORKSPACE_ID;
    // Answers take half the timeout: a call that waited two rounds for a connection would
    // time out before it was sent if its timeout started with the wait.
    const gate = durableGate(s.config.INTERCOM_GATE, workspaceId);
    const client = createIntercomClient({
      baseUrl: PARTS_SANDBOX,
      token: "local-intercom-token",
      gate,
      connections: s.intercomConnections,
      timeoutMs: 2 * LATENCY_MS,
      observe: (status) => statuses.push(status),
    });
    const deps = { ...conversationDepsFor(s, client), queue: collectingQueue<SyncMessage>([]) };
    const results = await slowed(() =>
      Promise.all(run.dropped.map((m) => runPartJob(m as ConversationPartsMessage, deps))),
    );
    await gate.close();
    expect(results.map((r) => r.kind)).toEqual(["done", "done", "done"]);
    expect(statuses).toEqual(ids.map(() => 200));
    expect(await maxInFlight()).toBe(INTERCOM_CONNECTIONS);
    expect(s.intercomConnections.peak()).toBe(INTERCOM_CONNECTIONS);
    expect(await readGate(s.config.INTERCOM_GATE, workspaceId)).toMatchObject({
      breaker: "closed",
      consecutiveFailures: 0,
    });
    expect(await storedParts(s, ids)).toEqual(Object.fromEntries(ids.map((id) => [id, 1])));
  });

  it("share its connections, whichever client makes them", async () => {
    const { day } = testDay(7);
    const ids = await createConversations(day, INTERCOM_CONNECTIONS + 1, 1);
    const s = workspace();
    const shared = s.intercom();
    const counting = s.intercom(() => {});
    if (!shared || !counting) throw new Error("no Intercom client");
    // One more call than slots from each client: apart, they would have 10 under way.
    await slowed(() =>
      Promise.all([shared, counting].flatMap((c) => ids.map((id) => c.getConversation(id)))),
    );
    expect(await maxInFlight()).toBe(INTERCOM_CONNECTIONS);
  });
});
