import { and, eq, isNull, sql } from "drizzle-orm";
import type { Executor } from "../db/client.ts";
import { syncPartitions, syncPartJobs, syncRuns } from "../db/schema/sync.ts";

/**
 * Claims the finish of a run whose partitions and part jobs are all done. The last messages
 * of a run arrive at about the same time: exactly one caller gets the run back, the others
 * null. An abandoned claim is released by the minute cron (`abandonedFinishes`).
 */
export async function claimFinish(db: Executor, runId: string, now: Date) {
  const [claimed] = await db
    .update(syncRuns)
    .set({ finishingAt: now })
    .where(
      and(
        eq(syncRuns.id, runId),
        eq(syncRuns.status, "running"),
        isNull(syncRuns.finishingAt),
        sql`not exists (select 1 from ${syncPartitions} where ${syncPartitions.runId} = ${runId} and not ${syncPartitions.done})`,
        sql`not exists (select 1 from ${syncPartJobs} where ${syncPartJobs.runId} = ${runId} and not ${syncPartJobs.done})`,
      ),
    )
    .returning();
  return claimed ?? null;
}
