import { and, eq, lt, sql } from "drizzle-orm";
import type { Executor } from "../db/client.ts";
import { syncPartitions, syncPartJobs, syncRuns } from "../db/schema/sync.ts";
import type { Services } from "../services.ts";
import { finishConversationRunIfDone } from "./conversations/finish.ts";
import { alertsToSlack, confirmGoneWith, conversationDepsFor } from "./deps.ts";
import type { SyncMessage, SyncStepMessage } from "./messages.ts";
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
 * Restarts stalled partitions from their checkpoint, and re-sends part jobs nobody finished.
 * A chain breaks if the process dies after writing a page but before queuing the next
 * message. Restarting one that was only slow is harmless: the duplicate finds the checkpoint
 * moved (or the job done), and stops.
 */
export async function resumeStalledRuns(services: Services): Promise<number> {
  const cutoff = new Date(services.clock.now().getTime() - STALL_MS);
  const client = services.intercom();
  if (client) {
    for (const run of await abandonedFinishes(services.db(), cutoff)) {
      if (run.kind === "conversations")
        await finishConversationRunIfDone(conversationDepsFor(services, client), run.id);
      else
        await finishIfDone(
          services.db(),
          run.id,
          services.clock.now(),
          services.logger,
          confirmGoneWith(client),
          alertsToSlack(services),
        );
    }
  }
  const stalled = await services
    .db()
    .select({
      runId: syncPartitions.runId,
      kind: syncRuns.kind,
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
  // Claimed by moving `updated_at`: not re-sent before the next stall period, however long
  // the queue holds them.
  const jobs = await services
    .db()
    .update(syncPartJobs)
    .set({ updatedAt: services.clock.now() })
    .where(
      sql`(${syncPartJobs.runId}, ${syncPartJobs.key}) in (
        select j.run_id, j.key from ${syncPartJobs} j join ${syncRuns} r on r.id = j.run_id
        where r.status = 'running' and not j.done and j.updated_at < ${cutoff} limit 100)`,
    )
    .returning({ runId: syncPartJobs.runId, key: syncPartJobs.key });
  const messages: SyncMessage[] = [
    ...stalled.map((p) => ({
      kind:
        p.kind === "conversations" ? ("sync.conversations.page" as const) : ("sync.step" as const),
      runId: p.runId,
      partition: p.partition,
      page: p.pages,
    })),
    ...jobs.map((j) => ({ kind: "sync.conversations.parts" as const, ...j })),
  ];
  if (messages.length === 0) return 0;
  await services.queues.sync.sendBatch(messages.map((body) => ({ body })));
  return messages.length;
}
