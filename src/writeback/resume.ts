import { sql } from "drizzle-orm";
import type { Executor } from "../db/client.ts";
import { lostBefore } from "../shared/queue-age.ts";
import type { WritebackPlanMessage } from "./plan.ts";

/**
 * A planning run whose slice message was lost (a send that failed after its commit, a queue
 * that dropped it) would plan no further. Untouched this long, its current slice is queued
 * again; a copy that was only slow finds the slice taken and does nothing. Longer than the
 * pacing delay of a full slice (src/writeback/pace.ts: 1,000 writes wait 12 s).
 */
const STALLED_MS = 120_000;

/** The messages that resume stalled planning runs, one per run. */
export async function stalledWritebackSlices(
  db: Executor,
  now: Date,
  localQueuesStartedAt?: number,
): Promise<WritebackPlanMessage[]> {
  const before = lostBefore(now, STALLED_MS, localQueuesStartedAt);
  const result = await db.execute<{ id: string; slice: number }>(sql`
    select id, slice from writeback_runs
    where status = 'planning' and updated_at < ${before.toISOString()}::timestamptz
    limit 100`);
  return result.rows.map((r) => ({ kind: "writeback.plan", runId: r.id, slice: r.slice }));
}

/** The current slice's message of a run still planning, for a redelivered stale copy. */
export async function currentSlice(
  db: Executor,
  runId: string,
): Promise<WritebackPlanMessage | null> {
  const result = await db.execute<{ slice: number }>(sql`
    select slice from writeback_runs where id = ${runId}::uuid and status = 'planning'`);
  const slice = result.rows[0]?.slice;
  return slice === undefined ? null : { kind: "writeback.plan", runId, slice };
}
