import { and, eq, isNull, lte, or, sql } from "drizzle-orm";
import type { Executor } from "../db/client.ts";
import { type SyncRun, syncPartitions, syncPartJobs, syncRuns } from "../db/schema/sync.ts";
import type { FinishMessage, SyncMessage } from "./messages.ts";

/**
 * A finish runs as slices, one per invocation, each inside Cloudflare's 1,000 subrequests per
 * invocation (the paid plan's stricter figure). An Intercom call costs the fetch and a share
 * of one rate-gate exchange, which hands out up to 10 permits (src/intercom/gate/batched-gate.ts):
 * 150 calls make about 170. The rest pays for what a bad minute adds (each failed attempt or 429
 * up to three more, each gate wait one), the database's sockets and the continuation's queue
 * send.
 */
export const FINISH_CALLS_PER_SLICE = 150;

/**
 * How long a claimed slice holds its run: a queue consumer's wall time (15 min), so when the
 * lease runs out the invocation that took it has ended, one way or another, and a re-run can
 * never overlap it. A slice stops starting calls at FINISH_SLICE_DEADLINE_MS, so a live one
 * commits well before.
 */
const FINISH_LEASE_MS = 15 * 60 * 1000;
/**
 * No Intercom call starts after this much of a slice: one in flight ends within about 2.5 min
 * (4 attempts of 15 s with backoff, or 6 rate-limit waits of a window each).
 */
export const FINISH_SLICE_DEADLINE_MS = 10 * 60 * 1000;

/** Partitions and part jobs all done: nothing but the finish is left. */
const nothingOpen = (runId: string) => [
  sql`not exists (select 1 from ${syncPartitions} where ${syncPartitions.runId} = ${runId} and not ${syncPartitions.done})`,
  sql`not exists (select 1 from ${syncPartJobs} where ${syncPartJobs.runId} = ${runId} and not ${syncPartJobs.done})`,
];

/**
 * Takes slice `slice` of a run's finish, in one conditional UPDATE: only while the run is
 * running with nothing else open, the slice is the next one, and no lease is held (or the one
 * held ran out). Exactly one of any number of deliveries gets the run back; the others null.
 */
export async function claimFinishSlice(
  db: Executor,
  runId: string,
  slice: number,
  now: Date,
): Promise<SyncRun | null> {
  const [claimed] = await db
    .update(syncRuns)
    .set({ finishingAt: now, finishLeaseUntil: new Date(now.getTime() + FINISH_LEASE_MS) })
    .where(
      and(
        eq(syncRuns.id, runId),
        eq(syncRuns.status, "running"),
        eq(syncRuns.finishSlices, slice),
        or(isNull(syncRuns.finishLeaseUntil), lte(syncRuns.finishLeaseUntil, now)),
        ...nothingOpen(runId),
      ),
    )
    .returning();
  return claimed ?? null;
}

/**
 * Commits a claimed slice, as the first statement of the slice's transaction: it locks the
 * run, and matches only while the lease is still this slice's. A slice whose lease ran out and
 * was taken over gets false and must write nothing (the other one does its work).
 */
export async function commitFinishSlice(
  tx: Executor,
  claimed: SyncRun,
  now: Date,
  outcome: { cursor: string | null } | { end: "succeeded" | "failed"; lastError?: string },
): Promise<boolean> {
  const ending = "end" in outcome;
  const rows = await tx
    .update(syncRuns)
    .set({
      finishingAt: now,
      finishLeaseUntil: null,
      finishSlices: claimed.finishSlices + 1,
      ...(ending
        ? {
            status: outcome.end,
            finishedAt: now,
            ...(outcome.lastError
              ? { lastError: sql`coalesce(${syncRuns.lastError}, ${outcome.lastError})` }
              : {}),
          }
        : { finishCursor: outcome.cursor }),
    })
    .where(leaseHeld(claimed))
    .returning({ id: syncRuns.id });
  return rows.length === 1;
}

/** After a slice failed in a live invocation: its retry may claim at once, not after the lease. */
export async function releaseFinishSlice(db: Executor, claimed: SyncRun): Promise<void> {
  await db.update(syncRuns).set({ finishLeaseUntil: null }).where(leaseHeld(claimed));
}

function leaseHeld(claimed: SyncRun) {
  return and(
    eq(syncRuns.id, claimed.id),
    eq(syncRuns.status, "running"),
    eq(syncRuns.finishSlices, claimed.finishSlices),
    claimed.finishLeaseUntil
      ? eq(syncRuns.finishLeaseUntil, claimed.finishLeaseUntil)
      : isNull(syncRuns.finishLeaseUntil),
  );
}

/**
 * The message for a run's next finish slice, if the run has nothing else open and no slice is
 * running: what the last step of a run queues. Several last steps may each queue one; the
 * claim lets one through.
 */
export async function finishMessageIfReady(
  db: Executor,
  runId: string,
  now: Date,
): Promise<FinishMessage | null> {
  const [run] = await db
    .select({ slice: syncRuns.finishSlices })
    .from(syncRuns)
    .where(
      and(
        eq(syncRuns.id, runId),
        eq(syncRuns.status, "running"),
        or(isNull(syncRuns.finishLeaseUntil), lte(syncRuns.finishLeaseUntil, now)),
        ...nothingOpen(runId),
      ),
    );
  return run ? { kind: "sync.finish", runId, slice: run.slice } : null;
}

/** Queues the run's next finish slice if it is ready; the last step of a run calls this. */
export async function queueFinishIfReady(
  db: Executor,
  queue: Queue<SyncMessage>,
  runId: string,
  now: Date,
): Promise<void> {
  const message = await finishMessageIfReady(db, runId, now);
  if (message) await queue.send(message);
}
