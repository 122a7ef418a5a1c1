import { sql } from "drizzle-orm";
import type { Executor } from "../db/client.ts";
import { settledOutcome, writeCounts } from "./read.ts";

/** Runs one sweep looks at: each costs a read of all its writes. */
const RUNS_PER_SWEEP = 20;

/**
 * Ends the runs whose writes have all settled (the minute's sweep): their status, error,
 * counts and end are put on the row, so reading a finished run no longer counts its writes,
 * and the counts outlive the outbox rows that retention purges. Returns the runs ended.
 */
export async function settleWritingRuns(db: Executor, now: Date): Promise<number> {
  const writing = await db.execute<{ id: string }>(sql`
    select id from writeback_runs where status = 'writing' order by created_at
    limit ${RUNS_PER_SWEEP}`);
  let ended = 0;
  for (const { id } of writing.rows) {
    const { counts, lastSettledAt } = await writeCounts(db, id);
    if (counts.pending > 0) continue;
    const outcome = settledOutcome(counts);
    const at = (lastSettledAt ?? now).toISOString();
    const result = await db.execute(sql`
      update writeback_runs set status = ${outcome.status}, error = ${outcome.error},
        contacts_written = ${counts.contactsWritten}, companies_written = ${counts.companiesWritten},
        writes_failed = ${counts.failed}, writes_dropped = ${counts.dropped},
        finished_at = ${at}::timestamptz, updated_at = ${now.toISOString()}::timestamptz
      where id = ${id}::uuid and status = 'writing'
      returning 1`);
    ended += result.rows.length;
  }
  return ended;
}
