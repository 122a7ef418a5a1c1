import { and, eq, lt } from "drizzle-orm";
import type { Executor } from "../db/client.ts";
import { syncPartitions, syncRuns } from "../db/schema/sync.ts";
import type { Services } from "../services.ts";
import { confirmGoneWith } from "./deps.ts";
import type { SyncStepMessage } from "./messages.ts";
import { abandonedFinishes, finishIfDone } from "./runs.ts";

/**
 * The step to send after a failure: from the partition's checkpoint, not the failed message's
 * page (a step may have written some of its pages before failing). Null when nothing is left.
 */
export async function stepFromCheckpoint(
  db: Executor,
  step: SyncStepMessage,
): Promise<SyncStepMessage | null> {
  const [row] = await db
    .select({ pages: syncPartitions.pages, done: syncPartitions.done, status: syncRuns.status })
    .from(syncPartitions)
    .innerJoin(syncRuns, eq(syncRuns.id, syncPartitions.runId))
    .where(and(eq(syncPartitions.runId, step.runId), eq(syncPartitions.partition, step.partition)));
  if (!row || row.done || row.status !== "running") return null;
  return { ...step, page: row.pages };
}

/** No progress for this long means the partition's chain of messages is gone. */
const STALL_MS = 2 * 60 * 1000;

/**
 * Restarts stalled partitions from their checkpoint. A chain breaks if the process dies after
 * writing a page but before queuing the next step. Restarting a chain that was only slow is
 * harmless: the duplicate's first step finds the checkpoint moved, and stops.
 */
export async function resumeStalledRuns(services: Services): Promise<number> {
  const cutoff = new Date(services.clock.now().getTime() - STALL_MS);
  const client = services.intercom();
  if (client) {
    for (const runId of await abandonedFinishes(services.db(), cutoff)) {
      await finishIfDone(
        services.db(),
        runId,
        services.clock.now(),
        services.logger,
        confirmGoneWith(client),
      );
    }
  }
  const stalled = await services
    .db()
    .select({
      runId: syncPartitions.runId,
      partition: syncPartitions.partition,
      pages: syncPartitions.pages,
    })
    .from(syncPartitions)
    .innerJoin(syncRuns, eq(syncRuns.id, syncPartitions.runId))
    .where(
      and(
        eq(syncRuns.status, "running"),
        eq(syncPartitions.done, false),
        lt(syncPartitions.updatedAt, cutoff),
      ),
    )
    .limit(100);
  if (stalled.length === 0) return 0;
  await services.queues.sync.sendBatch(
    stalled.map((p) => ({
      body: {
        kind: "sync.step",
        runId: p.runId,
        partition: p.partition,
        page: p.pages,
      } satisfies SyncStepMessage,
    })),
  );
  return stalled.length;
}
