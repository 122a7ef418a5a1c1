import { and, eq, sql } from "drizzle-orm";
import type { Database, Executor, Transaction } from "../db/client.ts";
import type { SyncRun } from "../db/schema/sync.ts";
import { syncPartitions, syncRuns } from "../db/schema/sync.ts";
import { bare } from "../db/sql.ts";

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

/** Where a partition's chain stands: its checkpoint page, whether it is done, its run's status. */
export async function checkpointOf(db: Executor, ref: { runId: string; partition: number }) {
  const [row] = await db
    .select({ pages: syncPartitions.pages, done: syncPartitions.done, status: syncRuns.status })
    .from(syncPartitions)
    .innerJoin(syncRuns, eq(syncRuns.id, syncPartitions.runId))
    .where(and(eq(syncPartitions.runId, ref.runId), eq(syncPartitions.partition, ref.partition)));
  return row ?? null;
}

type RunCounter = Parameters<typeof bare>[0];

interface PageWritten<T> {
  value: T;
  /** Added to the run's counters with the checkpoint (pages and newest are always moved). */
  counts: Array<[RunCounter, number]>;
}

interface PageAt {
  run: SyncRun;
  partition: typeof syncPartitions.$inferSelect;
  page: number;
  next: string | null;
  totalCount: number | null;
  records: number;
  /** Newest `updated_at` on the page (unix seconds), 0 when empty. */
  newest: number;
  now: Date;
  /** Set on the run when known: the incremental run's total from its first page. */
  expectedTotal?: number | null;
}

const STALE = new Error("the checkpoint moved: this page was written by another delivery");

/**
 * Writes one page in one transaction that ends by moving the partition's checkpoint (only
 * from `page`) and adding the page's counts to the run, in one statement. When another
 * delivery of the same message moved the checkpoint first, the transaction rolls back and
 * the result is null. Last, so the run row every partition updates stays locked only until
 * the commit.
 */
export async function writePage<T>(
  db: Database,
  at: PageAt,
  write: (tx: Transaction) => Promise<PageWritten<T>>,
): Promise<T | null> {
  return db
    .transaction(async (tx) => {
      const { value, counts } = await write(tx);
      if (!(await checkpointAndCount(tx, at, counts))) throw STALE;
      return value;
    })
    .catch((error: unknown) => {
      if (error === STALE) return null;
      throw error;
    });
}

async function checkpointAndCount(
  tx: Executor,
  p: PageAt,
  counts: Array<[RunCounter, number]>,
): Promise<boolean> {
  const add = (c: RunCounter, n: number) => sql`${bare(c)} = ${bare(c)} + ${n}`;
  const result = await tx.execute(sql`
    with checkpoint as (
      update ${syncPartitions} set
        ${bare(syncPartitions.cursor)} = ${p.next},
        ${add(syncPartitions.pages, 1)},
        ${add(syncPartitions.records, p.records)},
        ${bare(syncPartitions.total)} = ${p.partition.total ?? p.totalCount},
        ${bare(syncPartitions.done)} = ${p.next === null},
        ${bare(syncPartitions.updatedAt)} = ${p.now}
      where ${syncPartitions.runId} = ${p.run.id}
        and ${syncPartitions.partition} = ${p.partition.partition}
        and ${syncPartitions.pages} = ${p.page}
      returning 1
    )
    update ${syncRuns} set
      ${add(syncRuns.pages, 1)},
      ${sql.join(
        counts.map(([column, n]) => add(column, n)),
        sql`, `,
      )},
      ${bare(syncRuns.expectedTotal)} = coalesce(${p.expectedTotal ?? null}::int, ${syncRuns.expectedTotal}),
      ${bare(syncRuns.newestUpdatedAt)} = case when ${p.newest}::bigint > 0
        then greatest(coalesce(${syncRuns.newestUpdatedAt}, 0), ${p.newest}::bigint)
        else ${syncRuns.newestUpdatedAt} end
    where ${syncRuns.id} = ${p.run.id} and exists (select 1 from checkpoint)
    returning 1`);
  return result.rows.length > 0;
}
