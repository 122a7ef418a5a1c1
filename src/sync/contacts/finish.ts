import { eq } from "drizzle-orm";
import { tombstoneLiveContacts } from "../../contacts/tombstone.ts";
import { pruneStaleCustomers } from "../../customers/prune.ts";
import { fillSupportOfNewCustomers } from "../../customers/support.ts";
import type { Executor } from "../../db/client.ts";
import { type SyncRun, syncSeen } from "../../db/schema/sync.ts";
import { type ErasureRequest, erasePerson } from "../../erasure/erase.ts";
import { errorMessage } from "../../shared/errors.ts";
import { deriveAccountsAfterRun } from "../accounts.ts";
import { commitFinishSlice, FINISH_CALLS_PER_SLICE, FINISH_SLICE_DEADLINE_MS } from "../claim.ts";
import type { FinishDeps, SliceOutcome } from "../finish-deps.ts";
import { isRanged, movesWatermark } from "../range.ts";
import { addTombstoned, runTotals } from "../runs.ts";
import { advanceWatermark } from "../watermark.ts";
import { type GoneContact, unseenContacts } from "./gone.ts";

/**
 * One slice of a contact run's finish, its lease held (src/sync/claim.ts). A full run
 * tombstones contacts it did not see (deleted or merged while a webhook was missed), at most
 * FINISH_CALLS_PER_SLICE confirmed with Intercom per slice, from the cursor on; the last slice
 * moves the watermark to min(run start, newest updated_at seen) and ends the run. A ranged or
 * incremental run has one slice and tombstones nothing: not seeing a contact outside its range
 * says nothing, and inside it the weekly full run and the deletion webhooks already confirm.
 */
export async function contactFinishSlice(
  deps: FinishDeps,
  run: SyncRun,
  now: Date,
): Promise<SliceOutcome> {
  const { db, logger } = deps;
  const perSlice = deps.callsPerSlice ?? FINISH_CALLS_PER_SLICE;
  const sweeping = run.mode === "full" && !isRanged(run);
  // One more than a slice confirms: whether this slice is the last is known without another.
  const unseen = sweeping
    ? await unseenContacts(db, run, run.finishCursor ?? "", perSlice + 1)
    : [];
  const batch = unseen.slice(0, perSlice);
  const { gone, checked } =
    batch.length > 0
      ? await deps.confirmGone(batch, Date.now() + FINISH_SLICE_DEADLINE_MS)
      : { gone: [], checked: 0 };
  const last = checked === unseen.length;
  const done = await db.transaction(async (tx) => {
    const outcome = last
      ? { end: "succeeded" as const }
      : { cursor: batch[checked - 1] ?? run.finishCursor };
    if (!(await commitFinishSlice(tx, run, now, outcome))) return null;
    const tombstoned = await tombstoneGone(tx, run, gone, now);
    if (last && sweeping) await tx.delete(syncSeen).where(eq(syncSeen.runId, run.id));
    if (last && movesWatermark(run)) await advanceWatermark(tx, run, now);
    return addTombstoned(tx, run.id, tombstoned);
  });
  if (!done) return { kind: "stale" };
  logger.info("sync finish slice", {
    run: run.id,
    slice: run.finishSlices,
    checked,
    gone: gone.length,
  });
  if (!last)
    return {
      kind: "continue",
      next: { kind: "sync.finish", runId: run.id, slice: done.finishSlices },
    };
  logger.info("sync run finished", runTotals(done));
  await pruneStaleCustomers(db, run.workspaceId);
  // After the run: customers it created get the support metrics of conversations synced
  // before them. Not part of the run (a 100,000-customer first sync spent seconds here).
  const raised = await fillSupportOfNewCustomers(db, run.workspaceId, now).catch(
    (error: unknown) => {
      logger.warn("support metrics of new customers not filled", { error: errorMessage(error) });
      return [];
    },
  );
  if (raised.length > 0) await deps.onAlerts?.(raised);
  await deriveAccountsAfterRun(deps, run.workspaceId, now);
  await deps.afterContactRun?.().catch((error: unknown) => {
    logger.warn("write-back not started after the run", { error: errorMessage(error) });
  });
  return { kind: "finished" };
}

/**
 * Deleted while the webhook was missed: erased as the webhook would have (customer, alerts,
 * tags, their sole conversations), one erasure record per slice (`sync:<run>:<slice>`).
 * Merged-away ones keep their conversations, which Intercom moved to the contact they were
 * merged into. Set-based: one by one, 2,001 deletions took over a minute in one transaction.
 */
async function tombstoneGone(tx: Executor, run: SyncRun, gone: GoneContact[], now: Date) {
  if (gone.length === 0) return 0;
  let tombstoned = 0;
  const deleted = gone.filter((g) => !g.merged).map((g) => g.id);
  if (deleted.length > 0) {
    const request = erasureBySync(run, `sync:${run.id}:${run.finishSlices}`, deleted, now);
    tombstoned += (await erasePerson(tx, request, now)).removed.contacts;
  }
  const ids = gone.map((g) => g.id);
  return tombstoned + (await tombstoneLiveContacts(tx, run.workspaceId, ids, now, "sync")).length;
}

function erasureBySync(
  run: SyncRun,
  reference: string,
  contactIds: string[],
  now: Date,
): ErasureRequest {
  return {
    workspaceId: run.workspaceId,
    requestedBy: "intercom_sync",
    reference,
    requestedAt: now,
    contactIds,
    userIds: [],
    emails: [],
    intercomStatus: "deleted",
  };
}
