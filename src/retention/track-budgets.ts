import { sql } from "drizzle-orm";
import type { Executor } from "../db/client.ts";
import { trackBudgets as b } from "../db/schema/track.ts";
import { countsOf } from "./batch.ts";

/**
 * Browser event budgets whose window ended before `cutoff`: a counter only matters during its
 * minute, and the next request of that user or address starts a new one. Without this the
 * table keeps a row for every user and address ever seen. (No index on the window: one
 * daily pass over a table of one row per recent user is cheaper than an index on every write.)
 */
export async function purgeTrackBudgets(db: Executor, cutoff: Date, limit: number) {
  const { n } = await countsOf(
    db,
    sql`with doomed as (
      select ${b.workspaceId}, ${b.scope}, ${b.subjectHash} from ${b}
      where ${b.windowStart} < ${cutoff} limit ${limit} for update skip locked
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
