import { sql } from "drizzle-orm";
import type { Executor } from "../db/client.ts";
import { syncSeenCompanies } from "../db/schema/companies.ts";
import { syncFailures, syncPartJobs, syncRuns, syncSeen } from "../db/schema/sync.ts";
import { countsOf, FINISHED } from "./batch.ts";

/**
 * `sync_seen` of finished runs, at any age: a full run needs the list only until it
 * tombstones what it did not see. A succeeded run clears its own; a failed one never did.
 * One run at a time (a full run holds one row per contact), in key order, so each batch is a
 * range of the primary key rather than a scan of every run's list.
 */
export async function purgeSeen(db: Executor, limit: number) {
  const { n } = await countsOf(
    db,
    sql`with runs as materialized (
      select r.id from ${syncRuns} r
      where r.status in ${FINISHED} and r.mode = 'full'
        and exists (select 1 from ${syncSeen} s where s.run_id = r.id)
      limit 1
    ), doomed as (
      select run_id, contact_id from ${syncSeen}
      where run_id = (select id from runs)
      order by contact_id limit ${limit} for update skip locked
    ), gone as (
      delete from ${syncSeen} s using doomed
      where s.run_id = doomed.run_id and s.contact_id = doomed.contact_id
      returning 1
    ) select count(*)::int as n from gone`,
    ["n"],
  );
  // The run ran out, or another one follows: only an empty batch says none is left.
  return { more: n > 0, counts: { sync_seen: n } };
}

/**
 * `sync_seen_companies` of finished runs: a company run's finish clears its own list when it
 * ends; a run that failed before its finish leaves it here. As purgeSeen, one run at a time.
 */
export async function purgeSeenCompanies(db: Executor, limit: number) {
  const { n } = await countsOf(
    db,
    sql`with runs as materialized (
      select r.id from ${syncRuns} r
      where r.status in ${FINISHED}
        and exists (select 1 from ${syncSeenCompanies} s where s.run_id = r.id)
      limit 1
    ), doomed as (
      select run_id, attempt, company_id from ${syncSeenCompanies}
      where run_id = (select id from runs)
      order by attempt, company_id limit ${limit} for update skip locked
    ), gone as (
      delete from ${syncSeenCompanies} s using doomed
      where s.run_id = doomed.run_id and s.attempt = doomed.attempt
        and s.company_id = doomed.company_id
      returning 1
    ) select count(*)::int as n from gone`,
    ["n"],
  );
  return { more: n > 0, counts: { sync_seen_companies: n } };
}

/**
 * Part jobs of runs finished before `cutoff`. A run with dead letters keeps its jobs (and
 * itself, see runs.ts) until an operator clears its `sync_failures`: they explain them.
 */
export async function purgePartJobs(db: Executor, cutoff: Date, limit: number) {
  const { n } = await countsOf(
    db,
    sql`with runs as materialized (
      select r.id from ${syncRuns} r
      where r.status in ${FINISHED} and r.started_at < ${cutoff}
        and coalesce(r.finished_at, r.started_at) < ${cutoff}
        and not exists (select 1 from ${syncFailures} f where f.run_id = r.id)
        and exists (select 1 from ${syncPartJobs} j where j.run_id = r.id)
    ), doomed as (
      select run_id, key from ${syncPartJobs}
      where run_id = any(array(select id from runs))
      limit ${limit} for update skip locked
    ), gone as (
      delete from ${syncPartJobs} j using doomed
      where j.run_id = doomed.run_id and j.key = doomed.key
      returning 1
    ) select count(*)::int as n from gone`,
    ["n"],
  );
  return { more: n === limit, counts: { sync_part_jobs: n } };
}
