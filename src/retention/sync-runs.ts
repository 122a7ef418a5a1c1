import { sql } from "drizzle-orm";
import type { Executor } from "../db/client.ts";
import { syncSeenCompanies } from "../db/schema/companies.ts";
import {
  syncFailures,
  syncPartitions,
  syncPartJobs,
  syncRuns,
  syncSeen,
} from "../db/schema/sync.ts";
import { countsOf, FINISHED } from "./batch.ts";

/**
 * Finished runs from before `cutoff`, with their partitions (at most 8 a run). Always kept:
 * the latest finished and the latest succeeded run of each workspace, kind and mode (health
 * and `GET /v1/sync/runs` show the last run; a contact run is a first-import baseline only
 * when no succeeded run exists), runs with dead letters in `sync_failures`, and runs whose
 * part jobs or seen list are not purged yet (those go first, in batches of their own).
 * Running runs are never touched; the watermark lives in `sync_state`, not here.
 */
export async function purgeRuns(db: Executor, cutoff: Date, limit: number) {
  const counts = await countsOf(
    db,
    sql`with latest as (
      (select distinct on (workspace_id, kind, mode) id from ${syncRuns}
        where status in ${FINISHED} order by workspace_id, kind, mode, started_at desc)
      union all
      (select distinct on (workspace_id, kind, mode) id from ${syncRuns}
        where status = 'succeeded' order by workspace_id, kind, mode, started_at desc)
    ), doomed as (
      select r.id from ${syncRuns} r
      where r.status in ${FINISHED} and r.started_at < ${cutoff}
        and coalesce(r.finished_at, r.started_at) < ${cutoff}
        and not exists (select 1 from latest where latest.id = r.id)
        and not exists (select 1 from ${syncFailures} f where f.run_id = r.id)
        and not exists (select 1 from ${syncPartJobs} j where j.run_id = r.id)
        and not exists (select 1 from ${syncSeen} s where s.run_id = r.id)
        and not exists (select 1 from ${syncSeenCompanies} s where s.run_id = r.id)
      limit ${limit} for update skip locked
    ), partitions as (
      delete from ${syncPartitions} p using doomed where p.run_id = doomed.id returning 1
    ), runs as (
      delete from ${syncRuns} r using doomed where r.id = doomed.id returning 1
    ) select (select count(*) from runs)::int as runs,
      (select count(*) from partitions)::int as partitions`,
    ["runs", "partitions"],
  );
  return {
    more: counts.runs === limit,
    counts: { sync_runs: counts.runs, sync_partitions: counts.partitions },
  };
}
