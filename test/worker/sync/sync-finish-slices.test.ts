import { env } from "cloudflare:workers";
import { and, eq, isNotNull, like, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { Env } from "../../../src/config/env.ts";
import { resumeStalledRuns } from "../../../src/cron/resume-sync.ts";
import { contacts } from "../../../src/db/schema/contacts.ts";
import { syncPartitions, syncRuns } from "../../../src/db/schema/sync.ts";
import { finishDepsFor } from "../../../src/deps.ts";
import type { IntercomClient } from "../../../src/intercom/client.ts";
import { handleQueue } from "../../../src/queues/handler.ts";
import { QUEUES } from "../../../src/queues/names.ts";
import type { Services } from "../../../src/services.ts";
import { claimFinishSlice, FINISH_CALLS_PER_SLICE } from "../../../src/sync/claim.ts";
import { runFinishSlice } from "../../../src/sync/finish.ts";
import type { SliceOutcome } from "../../../src/sync/finish-deps.ts";
import type { FinishMessage, SyncMessage } from "../../../src/sync/messages.ts";
import { startSync } from "../../../src/sync/start.ts";
import { batchOf } from "../../support/queue-batch.ts";
import { runRow } from "../../support/scale.ts";
import {
  briefOutage,
  collectingQueue,
  collectingSyncQueues,
  countingClient,
  runSync,
  SYNC_SANDBOX,
  servicesPerTest,
  syncServices,
} from "../../support/sync.ts";

const workspace = servicesPerTest(syncServices);
// Full runs read a sandbox no test deletes from: only this test's contacts go unseen.
const THRESHOLD = (env as unknown as { THRESHOLD_SANDBOX_BASE: string }).THRESHOLD_SANDBOX_BASE;
const thresholdWorkspace = servicesPerTest(() => syncServices(THRESHOLD));
const N = FINISH_CALLS_PER_SLICE;
const LONG_AGO = new Date("2020-01-01T00:00:00Z");

/** Contacts stored here that Intercom never had (it answers 404): unseen by any full run. */
async function storeUnseen(s: Services, count: number, createdAt = LONG_AGO) {
  const ids = Array.from({ length: count }, (_, i) => `gone_${String(i).padStart(5, "0")}`);
  await s
    .db()
    .insert(contacts)
    .values(
      ids.map((id) => ({
        workspaceId: s.config.INTERCOM_WORKSPACE_ID,
        id,
        intercomCreatedAt: createdAt,
        writtenAt: createdAt,
        writtenFrom: "sync" as const,
      })),
    );
  return ids;
}

async function tombstonedUnseen(s: Services) {
  const rows = await s
    .db()
    .select({ n: sql<number>`count(*)::int` })
    .from(contacts)
    .where(
      and(
        eq(contacts.workspaceId, s.config.INTERCOM_WORKSPACE_ID),
        like(contacts.id, "gone_%"),
        isNotNull(contacts.deletedAt),
      ),
    );
  return rows[0]?.n;
}

/** A full run whose partitions are all done: only its finish is left, started long ago. */
async function runAtFinish(s: Services, kind: "contacts" | "conversations") {
  const run = await startSync(kind, "full", "test", {
    client: null,
    db: s.db(),
    queue: collectingQueue<SyncMessage>([]),
    workspaceId: s.config.INTERCOM_WORKSPACE_ID,
    now: new Date(),
  });
  await s.db().update(syncPartitions).set({ done: true }).where(eq(syncPartitions.runId, run.id));
  const startedAt = new Date(Date.now() - 10 * 60_000);
  await s.db().update(syncRuns).set({ startedAt }).where(eq(syncRuns.id, run.id));
  return run;
}

const getContacts = (calls: Array<[string, unknown]>) =>
  calls.filter(([name]) => name === "getContact").map(([, id]) => id as string);

describe("a contact run's finish, sliced", () => {
  for (const unseen of [N + 1, 3 * N + 1]) {
    it(`tombstones ${unseen} unseen contacts over several finish invocations of at most ${N} checks`, async () => {
      const s = thresholdWorkspace();
      await runSync(s, "full");
      const ids = await storeUnseen(s, unseen);
      const { runId, finishes } = await runSync(s, "full");
      const perDelivery = finishes.map(getContacts);
      expect(perDelivery.map((c) => c.length)).toEqual([
        ...Array(Math.floor(unseen / N)).fill(N),
        unseen % N,
      ]);
      // Each asked once, in id order across the slices.
      expect(perDelivery.flat().sort()).toEqual(ids);
      expect(await runRow(s, runId)).toMatchObject({
        status: "succeeded",
        tombstoned: unseen,
        finishSlices: finishes.length,
        finishLeaseUntil: null,
      });
      expect(await tombstonedUnseen(s)).toBe(unseen);
    }, 60_000);
  }

  it("tombstones unseen contacts created while the run went, once Intercom answers 404", async () => {
    const s = workspace();
    const run = await runAtFinish(s, "contacts");
    // As a contact.created webhook's write during the run, its contact.deleted lost.
    await storeUnseen(s, 2, new Date());
    const client = s.intercom() as IntercomClient;
    let message: FinishMessage | null = { kind: "sync.finish", runId: run.id, slice: 0 };
    for (let guard = 0; message && guard < 10; guard++) {
      const outcome = await runFinishSlice(finishDepsFor(s, client), message);
      message = outcome.kind === "continue" ? outcome.next : null;
    }
    expect(await runRow(s, run.id)).toMatchObject({ status: "succeeded", tombstoned: 2 });
    expect(await tombstonedUnseen(s)).toBe(2);
  });

  it("a slice message delivered twice at once checks each contact once and ends the run once", async () => {
    const s = workspace();
    const run = await runAtFinish(s, "contacts");
    const ids = await storeUnseen(s, 2 * N + 1);
    const client = s.intercom() as IntercomClient;
    const asked: string[] = [];
    const outcomes: SliceOutcome[] = [];
    let message: FinishMessage | null = { kind: "sync.finish", runId: run.id, slice: 0 };
    while (message) {
      const both: SliceOutcome[] = await Promise.all(
        [0, 1].map(() => {
          const counted = countingClient(client);
          const deps = { ...finishDepsFor(s, counted.client), onAlerts: undefined };
          return runFinishSlice(deps, message as FinishMessage).finally(() =>
            asked.push(...getContacts(counted.calls)),
          );
        }),
      );
      outcomes.push(...both);
      expect(both.filter((o) => o.kind === "skipped")).toHaveLength(1);
      const next = both.find((o) => o.kind === "continue");
      message = next?.kind === "continue" ? next.next : null;
    }
    expect(asked.sort()).toEqual(ids);
    expect(outcomes.filter((o) => o.kind === "finished")).toHaveLength(1);
    expect(await runRow(s, run.id)).toMatchObject({ status: "succeeded", tombstoned: 2 * N + 1 });
  }, 60_000);

  it("a slice that fails while Postgres is briefly away gives its lease back once it returns", async () => {
    const s = workspace();
    const run = await runAtFinish(s, "contacts");
    await storeUnseen(s, 1);
    const real = s.db();
    // Postgres goes away as the slice fails: the first try to give the lease back fails too.
    const { db, goDown } = briefOutage(real);
    const deps = {
      ...finishDepsFor(s, s.intercom() as IntercomClient),
      db,
      confirmGone: async () => {
        goDown();
        throw new Error("Intercom unreachable");
      },
      releaseWaitsMs: [10],
    };
    const message: FinishMessage = { kind: "sync.finish", runId: run.id, slice: 0 };
    await expect(runFinishSlice(deps, message)).rejects.toThrow("Intercom unreachable");
    // Its retry may claim at once, not 15 minutes on.
    expect(await runRow(s, run.id)).toMatchObject({ status: "running", finishLeaseUntil: null });
    const retried = await runFinishSlice(finishDepsFor(s, s.intercom() as IntercomClient), message);
    expect(retried.kind).not.toBe("skipped");
  });

  it("a slice whose lease was taken before Postgres last started is re-sent by the sweep at once", async () => {
    const s = workspace();
    const run = await runAtFinish(s, "contacts");
    const sent: SyncMessage[] = [];
    const sweeper = { ...s, queues: { ...s.queues, sync: collectingQueue(sent) } };
    // Taken before this Postgres started, its lease still 10 minutes to run: the slice lost its
    // connection when Postgres went down.
    await s
      .db()
      .update(syncRuns)
      .set({
        finishingAt: new Date("2001-01-01T00:00:00Z"),
        finishLeaseUntil: new Date(Date.now() + 10 * 60_000),
      })
      .where(eq(syncRuns.id, run.id));
    await resumeStalledRuns(sweeper);
    expect(sent).toEqual([{ kind: "sync.finish", runId: run.id, slice: 0 }]);
  });

  it("a slice whose invocation died is re-sent by the sweep after its lease, never before", async () => {
    const s = workspace();
    const run = await runAtFinish(s, "contacts");
    await storeUnseen(s, N + 1);
    const sent: SyncMessage[] = [];
    const sweeper = { ...s, queues: { ...s.queues, sync: collectingQueue(sent) } };
    // The invocation that took slice 0 three minutes ago (or just after this Postgres started,
    // if that is later) is still within its lease.
    const started = await s
      .db()
      .execute<{ at: string }>(sql`select pg_postmaster_start_time()::text as at`);
    const claimedAt = new Date(
      Math.max(Date.now() - 3 * 60_000, Date.parse(started.rows[0]?.at ?? "") + 1000),
    );
    expect(await claimFinishSlice(s.db(), run.id, 0, claimedAt)).not.toBeNull();
    await resumeStalledRuns(sweeper);
    expect(sent).toEqual([]);
    const deliver = async (body: SyncMessage) => {
      const queued: SyncMessage[] = [];
      const { batch, seen } = batchOf(QUEUES.sync, [body]);
      await handleQueue(batch, {
        ...env,
        INTERCOM_API_BASE: SYNC_SANDBOX,
        INTERCOM_WORKSPACE_ID: s.config.INTERCOM_WORKSPACE_ID,
        ...collectingSyncQueues(queued),
      } as Env);
      expect(seen.acked).toBe(true);
      return queued;
    };
    // A copy of the message now runs nothing: the slice may still be running.
    expect(await deliver({ kind: "sync.finish", runId: run.id, slice: 0 })).toEqual([]);
    expect(await tombstonedUnseen(s)).toBe(0);
    // Sixteen minutes on, the lease has run out: that invocation is gone.
    await s
      .db()
      .update(syncRuns)
      .set({
        finishingAt: new Date(Date.now() - 16 * 60_000),
        finishLeaseUntil: new Date(Date.now() - 60_000),
      })
      .where(eq(syncRuns.id, run.id));
    await resumeStalledRuns(sweeper);
    expect(sent).toEqual([{ kind: "sync.finish", runId: run.id, slice: 0 }]);
    // Claimed by the sweep: the next minute sends it no second time.
    await resumeStalledRuns(sweeper);
    expect(sent).toHaveLength(1);
    const next = await deliver(sent[0] as SyncMessage);
    expect(next).toEqual([{ kind: "sync.finish", runId: run.id, slice: 1 }]);
    expect(await deliver(next[0] as SyncMessage)).toEqual([]);
    expect(await runRow(s, run.id)).toMatchObject({ status: "succeeded", tombstoned: N + 1 });
    expect(await tombstonedUnseen(s)).toBe(N + 1);
  }, 60_000);
});
