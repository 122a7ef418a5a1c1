import { and, desc, eq, sql } from "drizzle-orm";
import type { Executor } from "../db/client.ts";
import { afterKey, exactText, type PageKey } from "../db/keyset.ts";
import {
  type WritebackModel,
  type WritebackStatus,
  writebackRuns,
} from "../db/schema/writeback.ts";

type Run = typeof writebackRuns.$inferSelect;

/** A failed write of a run: which contact or company, and Intercom's reason. */
export interface WritebackFailure {
  model: WritebackModel;
  intercomId: string;
  error: string | null;
}

/** How many of a run's writes stand where (its outbox rows' statuses). */
export interface WriteCounts {
  contactsWritten: number;
  companiesWritten: number;
  pending: number;
  failed: number;
  /** Superseded by a later run's values before they were sent, or cancelled by an erasure. */
  dropped: number;
}

export interface WritebackProgress {
  run: Run;
  /** The run's status now: `writing` becomes `succeeded` once none of its writes is pending. */
  status: WritebackStatus;
  error: string | null;
  writes: WriteCounts;
  failures: WritebackFailure[];
  /** Done of the whole run, 0 to 1: planning over the contacts, then writes settled. */
  fraction: number;
  finishedAt: Date | null;
}

const FAILURES_SHOWN = 20;

/** One run with its progress, or null when there is none by that id. */
export async function writebackProgress(
  db: Executor,
  id: string,
): Promise<WritebackProgress | null> {
  const [run] = await db.select().from(writebackRuns).where(eq(writebackRuns.id, id)).limit(1);
  if (!run) return null;
  // Counted live while the run's writes go out (from its first slice on); once settled, its
  // counts are on the row.
  const writing = run.status === "writing" || (run.status === "planning" && !run.dryRun);
  const live = writing ? await writeCounts(db, id) : null;
  const writes = live?.counts ?? storedCounts(run);
  const settled =
    run.status === "writing" && live?.counts.pending === 0 ? settledOutcome(live.counts) : null;
  const status = settled?.status ?? run.status;
  return {
    run,
    status,
    error: settled ? settled.error : run.error,
    writes,
    failures: writes.failed === 0 ? [] : await failedWrites(db, id),
    fraction: fractionOf(run, status, writes),
    finishedAt: settled ? (live?.lastSettledAt ?? run.plannedAt) : run.finishedAt,
  };
}

/**
 * How a run ends once none of its writes is pending: failed when Intercom refused any (each
 * is listed; the next run sends them again), else succeeded.
 */
export function settledOutcome(counts: WriteCounts): {
  status: WritebackStatus;
  error: string | null;
} {
  return counts.failed > 0
    ? {
        status: "failed",
        error: `${counts.failed} of the run's writes failed; the next run sends them again`,
      }
    : { status: "succeeded", error: null };
}

function storedCounts(run: Run): WriteCounts {
  return {
    contactsWritten: run.contactsWritten,
    companiesWritten: run.companiesWritten,
    pending: 0,
    failed: run.writesFailed,
    dropped: run.writesDropped,
  };
}

async function failedWrites(db: Executor, runId: string): Promise<WritebackFailure[]> {
  const result = await db.execute<{
    model: WritebackModel;
    intercom_id: string;
    error: string | null;
  }>(sql`
    select w.model, w.intercom_id, o.last_error as error
    from writeback_writes w join outbox_messages o on o.id = w.outbox_id
    where w.run_id = ${runId}::uuid and o.status = 'dead'
    order by w.model, w.intercom_id limit ${FAILURES_SHOWN}`);
  return result.rows.map((r) => ({ model: r.model, intercomId: r.intercom_id, error: r.error }));
}

/** A page of runs, newest first, after `after` (created_at as exact text, id). */
export async function listWritebackRuns(
  db: Executor,
  workspaceId: string,
  limit: number,
  after?: PageKey,
): Promise<Array<WritebackProgress & { at: string }>> {
  const runs = await db
    .select({ id: writebackRuns.id, at: exactText(writebackRuns.createdAt) })
    .from(writebackRuns)
    .where(
      and(
        eq(writebackRuns.workspaceId, workspaceId),
        afterKey([writebackRuns.createdAt, writebackRuns.id], after),
      ),
    )
    .orderBy(desc(writebackRuns.createdAt), desc(writebackRuns.id))
    .limit(limit);
  const read = await Promise.all(
    runs.map(async (r) => {
      const progress = await writebackProgress(db, r.id);
      return progress && { ...progress, at: r.at };
    }),
  );
  return read.filter((r) => r !== null);
}

/** A run's writes by where they stand, from their outbox rows (reads every one of them). */
export async function writeCounts(db: Executor, runId: string) {
  const result = await db.execute<{
    model: WritebackModel;
    status: string;
    /** Delivered without a write: superseded by a newer row, or the target gone (404, 410). */
    dropped: boolean;
    n: number;
    last: number | null;
  }>(sql`
    select w.model, o.status,
      coalesce((o.result->>'superseded')::boolean or (o.result->>'gone')::boolean, false) as dropped,
      count(*)::int as n, (extract(epoch from max(o.updated_at)) * 1000)::float8 as last
    from writeback_writes w join outbox_messages o on o.id = w.outbox_id
    where w.run_id = ${runId}::uuid
    group by 1, 2, 3`);
  const counts: WriteCounts = {
    contactsWritten: 0,
    companiesWritten: 0,
    pending: 0,
    failed: 0,
    dropped: 0,
  };
  let last: number | null = null;
  for (const row of result.rows) {
    if (row.last !== null && (last === null || row.last > last)) last = row.last;
    if (row.status === "delivered" && !row.dropped) {
      if (row.model === "contact") counts.contactsWritten += row.n;
      else counts.companiesWritten += row.n;
    } else if (row.status === "delivered" || row.status === "cancelled") counts.dropped += row.n;
    else if (row.status === "dead") counts.failed += row.n;
    else counts.pending += row.n;
  }
  return { counts, lastSettledAt: last ? new Date(last) : null };
}

function fractionOf(run: Run, status: WritebackStatus, counts: WriteCounts): number {
  if (status === "succeeded" || status === "failed") return 1;
  const planning =
    run.phase === "attributes"
      ? 0
      : run.phase === "contacts"
        ? Math.min(1, run.contactsScanned / Math.max(1, run.contactsTotal))
        : 1;
  if (run.dryRun || status === "planning") return Math.round(planning * 0.99 * 1000) / 1000;
  const planned = run.contactsPlanned + run.companiesPlanned;
  const settled = planned - counts.pending;
  return Math.round((settled / Math.max(1, planned)) * 1000) / 1000;
}
