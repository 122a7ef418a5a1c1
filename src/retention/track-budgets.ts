import { sql } from "drizzle-orm";
import type { Executor } from "../db/client.ts";
import { trackBudgets as b } from "../db/schema/track.ts";
import { countsOf } from "./batch.ts";

/**
 * Browser event buckets untouched since `cutoff`: a bucket drains empty within one budget
 * period, and the next request of that user or address starts an empty one. Without this the
 * table keeps a row for every user and address ever seen. (No index on the time: one daily
 * pass over a table of one row per recent user is cheaper than an index on every write.)
 */
export async function purgeTrackBudgets(db: Executor, cutoff: Date, limit: number) {
  const { n } = await countsOf(
    db,
    sql`with doomed as (
      select ${b.workspaceId}, ${b.scope}, ${b.subjectHash} from ${b}
      where ${b.updatedAt} < ${cutoff} limit ${limit} for update skip locked
    ), gone as (
      delete from ${b} using doomed
      where ${b}.workspace_id = doomed.workspace_id and ${b}.scope = doomed.scope
        and ${b}.subject_hash = doomed.subject_hash
      returning 1
    ) select count(*)::int as n from gone`,
    ["n"],
  );
  return { more: n === limit, counts: { track_budgets: n } };
}
