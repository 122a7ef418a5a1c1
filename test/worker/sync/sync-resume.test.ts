import { env } from "cloudflare:workers";
import { and, eq, inArray } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import type { Env } from "../../../src/config/env.ts";
import { resumeStalledRuns } from "../../../src/cron/resume-sync.ts";
import { syncPartitions, syncPartJobs, syncRuns } from "../../../src/db/schema/sync.ts";
import { handleQueue } from "../../../src/queues/handler.ts";
import { QUEUES } from "../../../src/queues/names.ts";
import { createServices, type Services } from "../../../src/services.ts";
import { claimFinishSlice } from "../../../src/sync/claim.ts";
import type { SyncMessage } from "../../../src/sync/messages.ts";
import { batchOf } from "../../support/queue-batch.ts";
import { collectingSyncQueues, startCaught } from "../../support/sync.ts";

const opened: Services[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((s) => s.close()));
});

/** Services on the real local queue (Miniflare enforces the platform's sendBatch limits). */
function sweepServices(workspaceId: string, extra: Partial<Env> = {}): Services {
  const services = createServices({ ...env, INTERCOM_WORKSPACE_ID: workspaceId, ...extra } as Env);
  opened.push(services);
  return services;
}

async function startRun(services: Services, kind: "contacts" | "conversations") {
  return (await startCaught(services, kind)).run;
}

/** Ends the run, so the consumer ignores the messages the sweep sent for it. */
async function endRun(services: Services, runId: string) {
  await services.db().update(syncRuns).set({ status: "failed" }).where(eq(syncRuns.id, runId));
}

describe("resuming cut-off sync runs", () => {
  it("re-sends more than 100 stalled part jobs with stalled partitions in one sweep", async () => {
    const services = sweepServices(`ws_${crypto.randomUUID().slice(0, 8)}`);
    const run = await startRun(services, "conversations");
    const longAgo = new Date(Date.now() - 10 * 60_000);
    const keys = Array.from({ length: 150 }, (_, i) => `job-${i}`);
    await services
      .db()
      .insert(syncPartJobs)
      .values(keys.map((key) => ({ runId: run.id, key, conversations: [], updatedAt: longAgo })));
    await services
      .db()
      .update(syncPartitions)
      .set({ updatedAt: longAgo })
      .where(eq(syncPartitions.runId, run.id));
    try {
      const sent = await resumeStalledRuns(services);
      expect(sent).toBeGreaterThanOrEqual(151);
      const claimed = await services
        .db()
        .select({ key: syncPartJobs.key, updatedAt: syncPartJobs.updatedAt })
        .from(syncPartJobs)
        .where(and(eq(syncPartJobs.runId, run.id), inArray(syncPartJobs.key, keys)));
      expect(claimed).toHaveLength(150);
      for (const job of claimed) expect(job.updatedAt.getTime()).toBeGreaterThan(longAgo.getTime());
      // Claimed: a second sweep right away sends none of them again.
      const partitions = await services
        .db()
        .select({ updatedAt: syncPartitions.updatedAt })
        .from(syncPartitions)
        .where(eq(syncPartitions.runId, run.id));
      for (const p of partitions) expect(p.updatedAt.getTime()).toBeGreaterThan(longAgo.getTime());
    } finally {
      await endRun(services, run.id);
    }
  });

  it("resumes work touched before the local queues started at once, not after the stall period", async () => {
    const workspaceId = `ws_${crypto.randomUUID().slice(0, 8)}`;
    const before = sweepServices(workspaceId);
    const run = await startRun(before, "contacts");
    const recently = new Date(Date.now() - 20_000);
    await before
      .db()
      .update(syncPartitions)
      .set({ updatedAt: recently })
      .where(eq(syncPartitions.runId, run.id));
    const touched = async (services: Services) =>
      (
        await services
          .db()
          .select({ updatedAt: syncPartitions.updatedAt })
          .from(syncPartitions)
          .where(eq(syncPartitions.runId, run.id))
      ).filter((p) => p.updatedAt.getTime() > recently.getTime()).length;
    try {
      // Within the stall period and no restart known: left alone, it may still be queued.
      await resumeStalledRuns(before);
      expect(await touched(before)).toBe(0);
      // The local queues restarted after the last touch: nothing of it can still be queued.
      const after = sweepServices(workspaceId, {
        LOCAL_QUEUES_STARTED_AT: String(Date.now() - 1000),
      });
      await resumeStalledRuns(after);
      expect(await touched(after)).toBe(1);
    } finally {
      await endRun(before, run.id);
    }
  });

  it("finishes a run whose partitions are all done but whose finish never ran", async () => {
    const workspaceId = `ws_${crypto.randomUUID().slice(0, 8)}`;
    const sent: SyncMessage[] = [];
    const extra = { ...collectingSyncQueues(sent) } as unknown as Partial<Env>;
    const services = sweepServices(workspaceId, extra);
    const run = await startRun(services, "contacts");
    const longAgo = new Date(Date.now() - 10 * 60_000);
    await services.db().update(syncRuns).set({ startedAt: longAgo }).where(eq(syncRuns.id, run.id));
    await services
      .db()
      .update(syncPartitions)
      .set({ done: true, updatedAt: longAgo })
      .where(eq(syncPartitions.runId, run.id));
    await resumeStalledRuns(services);
    expect(sent).toEqual([{ kind: "sync.finish", runId: run.id, slice: 0 }]);
    const { batch } = batchOf(QUEUES.sync, sent);
    await handleQueue(batch, { ...env, INTERCOM_WORKSPACE_ID: workspaceId, ...extra } as Env);
    const [after] = await services.db().select().from(syncRuns).where(eq(syncRuns.id, run.id));
    expect(after?.status).toBe("succeeded");
  });

  it("re-runs at once a finish slice leased by a local process that is gone, not after its lease", async () => {
    const workspaceId = `ws_${crypto.randomUUID().slice(0, 8)}`;
    const sent: SyncMessage[] = [];
    const extra = { ...collectingSyncQueues(sent) } as unknown as Partial<Env>;
    const services = sweepServices(workspaceId, extra);
    const run = await startRun(services, "contacts");
    const longAgo = new Date(Date.now() - 10 * 60_000);
    await services.db().update(syncRuns).set({ startedAt: longAgo }).where(eq(syncRuns.id, run.id));
    await services
      .db()
      .update(syncPartitions)
      .set({ done: true, updatedAt: longAgo })
      .where(eq(syncPartitions.runId, run.id));
    // The Worker that took slice 0 twenty seconds ago was killed with the local stack.
    expect(
      await claimFinishSlice(services.db(), run.id, 0, new Date(Date.now() - 20_000)),
    ).not.toBeNull();
    await resumeStalledRuns(services);
    expect(sent).toEqual([]);
    const restarted = { ...extra, LOCAL_QUEUES_STARTED_AT: String(Date.now() - 1000) };
    await resumeStalledRuns(sweepServices(workspaceId, restarted));
    expect(sent).toEqual([{ kind: "sync.finish", runId: run.id, slice: 0 }]);
    const { batch } = batchOf(QUEUES.sync, sent);
    await handleQueue(batch, { ...env, INTERCOM_WORKSPACE_ID: workspaceId, ...restarted } as Env);
    const [after] = await services.db().select().from(syncRuns).where(eq(syncRuns.id, run.id));
    expect(after?.status).toBe("succeeded");
  });

  it("leaves another workspace's stalled run alone: it would be synced with this one's token", async () => {
    const sent: SyncMessage[] = [];
    const extra = { ...collectingSyncQueues(sent) } as unknown as Partial<Env>;
    const theirs = sweepServices(`ws_${crypto.randomUUID().slice(0, 8)}`, extra);
    const ours = sweepServices(`ws_${crypto.randomUUID().slice(0, 8)}`, extra);
    const run = await startRun(theirs, "contacts");
    const longAgo = new Date(Date.now() - 10 * 60_000);
    await theirs
      .db()
      .update(syncPartitions)
      .set({ updatedAt: longAgo })
      .where(eq(syncPartitions.runId, run.id));
    try {
      await resumeStalledRuns(ours);
      expect(sent.filter((m) => m.runId === run.id)).toEqual([]);
      await resumeStalledRuns(theirs);
      expect(sent.filter((m) => m.runId === run.id).length).toBeGreaterThan(0);
    } finally {
      await endRun(theirs, run.id);
    }
  });
});
