import { and, eq } from "drizzle-orm";
import type { Executor } from "../db/client.ts";
import { syncPartitions, syncRuns } from "../db/schema/sync.ts";

/**
 * The run and partition a message continues, or null when the message is stale: the run
 * ended, the partition is done, or its checkpoint has moved past the message's page (a
 * duplicate, or a message overtaken by a resumed chain).
 */
export async function partitionAtPage(
  db: Executor,
  message: { runId: string; partition: number; page: number },
) {
  const [state] = await db
    .select({ partition: syncPartitions, run: syncRuns })
    .from(syncPartitions)
    .innerJoin(syncRuns, eq(syncRuns.id, syncPartitions.runId))
    .where(
      and(eq(syncPartitions.runId, message.runId), eq(syncPartitions.partition, message.partition)),
    );
  if (
    state?.run.status !== "running" ||
    state.partition.done ||
    state.partition.pages !== message.page
  )
    return null;
  return state;
}
