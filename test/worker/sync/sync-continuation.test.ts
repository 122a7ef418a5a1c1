import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { Env } from "../../../src/config/env.ts";
import { syncPartitions, syncPartJobs, syncRuns } from "../../../src/db/schema/sync.ts";
import { handleQueue } from "../../../src/queues/handler.ts";
import { QUEUES } from "../../../src/queues/names.ts";
import type { Services } from "../../../src/services.ts";
import { continuationOf } from "../../../src/sync/continuation.ts";
import type { SyncMessage } from "../../../src/sync/messages.ts";
import { batchOf } from "../../support/queue-batch.ts";
import {
  collectingSyncQueues,
  SYNC_SANDBOX,
  servicesPerTest,
  startCaught,
  syncServices,
} from "../../support/sync.ts";

const workspace = servicesPerTest(syncServices);

async function startRun(s: Services, kind: "contacts" | "conversations") {
  const { run, sent } = await startCaught(s, kind);
  const first = sent[0];
  if (!first || !("page" in first)) throw new Error("no first page message");
  return { run, first };
}

/** What an earlier delivery left behind when it committed and then died: the checkpoint moved. */
async function checkpointAt(s: Services, runId: string, pages: number, done = false) {
  await s.db().update(syncPartitions).set({ pages, done }).where(eq(syncPartitions.runId, runId));
}

/** A redelivery of `body`, as the platform hands it over, into a queue we can read. */
async function redeliver(s: Services, body: SyncMessage, attempts: number) {
  const sent: SyncMessage[] = [];
  const { batch, seen } = batchOf(QUEUES.sync, [body], attempts);
  await handleQueue(batch, {
    ...env,
    INTERCOM_API_BASE: SYNC_SANDBOX,
    INTERCOM_WORKSPACE_ID: s.config.INTERCOM_WORKSPACE_ID,
    ...collectingSyncQueues(sent),
  } as Env);
  return { sent, acked: seen.acked };
}

describe("a redelivered sync message whose page was already written", () => {
  it("continues a contact partition from its checkpoint; a first delivery does not", async () => {
    const s = workspace();
    const { run, first } = await startRun(s, "contacts");
    await checkpointAt(s, run.id, 3);
    expect(await continuationOf(s.db(), first)).toEqual([{ ...first, page: 3 }]);
    // A duplicate delivered once while the chain lives: stopping is right.
    expect((await redeliver(s, first, 1)).sent).toEqual([]);
    const again = await redeliver(s, first, 2);
    expect(again).toEqual({ sent: [{ ...first, page: 3 }], acked: true });
  });

  it("re-queues a conversation page's open part jobs and the next page", async () => {
    const s = workspace();
    const { run, first } = await startRun(s, "conversations");
    await checkpointAt(s, run.id, 1);
    await s
      .db()
      .insert(syncPartJobs)
      .values([
        { runId: run.id, key: "0:0:a", conversations: [] },
        { runId: run.id, key: "0:0:b", conversations: [], done: true },
        { runId: run.id, key: "0:1:c", conversations: [] },
        { runId: run.id, key: "1:0:d", conversations: [] },
      ]);
    const parts = (key: string) => ({ kind: "sync.conversations.parts", runId: run.id, key });
    expect(await continuationOf(s.db(), first)).toEqual([{ ...first, page: 1 }, parts("0:0:a")]);
    await checkpointAt(s, run.id, 1, true);
    expect(await continuationOf(s.db(), first)).toEqual([parts("0:0:a")]);
  });

  it("continues nothing where the checkpoint has not moved or the run has ended", async () => {
    const s = workspace();
    const { run, first } = await startRun(s, "contacts");
    expect(await continuationOf(s.db(), first)).toEqual([]);
    await checkpointAt(s, run.id, 2);
    await s.db().update(syncRuns).set({ status: "failed" }).where(eq(syncRuns.id, run.id));
    expect(await continuationOf(s.db(), first)).toEqual([]);
  });
});
