import { sql } from "drizzle-orm";
import type { Executor } from "../db/client.ts";
import { writebackRuns, writebackWrites } from "../db/schema/writeback.ts";
import { countsOf } from "./batch.ts";

/**
 * Runs past the runs' retention that are no longer planning. The latest run of each
 * workspace stays (what the dashboard and CLI show first). A first run lists up to one write
 * per contact: its writes go first, `limit` at a time, and the run after them.
 */
const doomedRuns = (cutoff: Date) => sql`
  select r.id from ${writebackRuns} r
  where r.status <> 'planning' and r.created_at < ${cutoff}
    and r.id <> (select l.id from ${writebackRuns} l where l.workspace_id = r.workspace_id
      order by l.created_at desc limit 1)`;

/**
 * One batch: up to `limit` writes of doomed runs, or, once a batch finds fewer, the runs left
 * without writes. One step for both, so the runs wait for their writes in the same loop.
 */
export async function purgeWriteback(db: Executor, cutoff: Date, limit: number) {
  const writes = await purgeWritebackWrites(db, cutoff, limit);
  if (writes.more) return { more: true, counts: { ...writes.counts, writeback_runs: 0 } };
  const runs = await purgeWritebackRuns(db, cutoff, limit);
  return { more: runs.more, counts: { ...writes.counts, ...runs.counts } };
}

async function purgeWritebackWrites(db: Executor, cutoff: Date, limit: number) {
  const counts = await countsOf(
    db,
    sql`with doomed as (
      select w.run_id, w.model, w.intercom_id from ${writebackWrites} w
      where w.run_id in (${doomedRuns(cutoff)})
      limit ${limit} for update skip locked
    ), writes as (
      delete from ${writebackWrites} w using doomed
      where w.run_id = doomed.run_id and w.model = doomed.model
        and w.intercom_id = doomed.intercom_id
      returning 1
    ) select (select count(*) from writes)::int as writes`,
    ["writes"],
  );
  return { more: counts.writes === limit, counts: { writeback_writes: counts.writes } };
}

async function purgeWritebackRuns(db: Executor, cutoff: Date, limit: number) {
  const counts = await countsOf(
    db,
    sql`with doomed as (
      select d.id from (${doomedRuns(cutoff)}) d
      where not exists (select 1 from ${writebackWrites} w where w.run_id = d.id)
      limit ${limit}
    ), runs as (
      delete from ${writebackRuns} r using doomed where r.id = doomed.id returning 1
    ) select (select count(*) from runs)::int as runs`,
    ["runs"],
  );
  return { more: counts.runs === limit, counts: { writeback_runs: counts.runs } };
}
