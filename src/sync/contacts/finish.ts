import { and, eq, isNull, sql } from "drizzle-orm";
import { ERASED_PERSONAL_DATA } from "../../contacts/tombstone.ts";
import type { AlertDraft } from "../../customers/alerts.ts";
import { pruneStaleCustomers } from "../../customers/prune.ts";
import { fillSupportOfNewCustomers } from "../../customers/support.ts";
import type { Database } from "../../db/client.ts";
import { contacts } from "../../db/schema/contacts.ts";
import { syncPartitions, syncRuns, syncSeen } from "../../db/schema/sync.ts";
import { textArray } from "../../db/sql.ts";
import { type ErasureRequest, erasePerson } from "../../erasure/erase.ts";
import type { Clock } from "../../shared/clock.ts";
import { errorMessage } from "../../shared/errors.ts";
import type { Logger } from "../../shared/logger.ts";
import { claimFinish } from "../claim.ts";
import { isRanged, movesWatermark } from "../range.ts";
import { runTotals } from "../runs.ts";
import { advanceWatermark } from "../watermark.ts";
import { type GoneContact, goneContacts } from "./gone.ts";

/** Contacts one erasure record covers when a full run finds them deleted in Intercom. */
const ERASURE_BATCH = 500;

export interface FinishContactRunDeps {
  db: Database;
  clock: Clock;
  logger: Logger;
  /** Which of these ids Intercom no longer has: `confirmGoneWith(client)`. */
  confirmGone: (ids: string[]) => Promise<GoneContact[]>;
  /** Alerts the finish raised (support metrics of new customers). */
  onAlerts?: (alerts: AlertDraft[]) => Promise<void>;
}

/**
 * Ends a run once every partition is done: a full run tombstones contacts it did not see
 * (deleted or merged while a webhook was missed), and the watermark moves to
 * min(run start, newest updated_at seen). A ranged run does neither (src/sync/range.ts): not
 * seeing a contact outside its range says nothing, and inside it the weekly full run and the
 * deletion webhooks already confirm. Safe to call more than once.
 */
export async function finishContactRunIfDone(
  deps: FinishContactRunDeps,
  runId: string,
): Promise<boolean> {
  const { db, logger, confirmGone, onAlerts } = deps;
  const now = deps.clock.now();
  const claimed = await claimFinish(db, runId, now);
  if (!claimed) return false;
  const gone = await goneContacts(db, runId, confirmGone);
  const finished = await db.transaction(async (tx) => {
    const [run] = await tx.select().from(syncRuns).where(eq(syncRuns.id, runId)).for("update");
    if (run?.status !== "running") return false;
    const [open] = await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(syncPartitions)
      .where(and(eq(syncPartitions.runId, runId), eq(syncPartitions.done, false)));
    if ((open?.n ?? 0) > 0) return false;
    let tombstoned = 0;
    if (run.mode === "full" && !isRanged(run)) {
      // Deleted while the webhook was missed: erased as the webhook would have (customer,
      // alerts, tags, their sole conversations). Merged-away ones keep their conversations,
      // which Intercom moved to the contact they were merged into.
      // Set-based, a batch of people per erasure record: one by one, 2,001 deletions took
      // over a minute inside this transaction.
      const deleted = gone.filter((g) => !g.merged).map((g) => g.id);
      for (let i = 0; i < deleted.length; i += ERASURE_BATCH) {
        const batch = deleted.slice(i, i + ERASURE_BATCH);
        const request = erasureBySync(run.workspaceId, `sync:${runId}:${i}`, batch, now);
        tombstoned += (await erasePerson(tx, request, now)).removed.contacts;
      }
      if (gone.length > 0) {
        const rows = await tx
          .update(contacts)
          .set({
            ...ERASED_PERSONAL_DATA,
            deletedAt: now,
            writtenAt: now,
            writtenFrom: "sync",
          })
          .where(
            and(
              eq(contacts.workspaceId, run.workspaceId),
              sql`${contacts.id} = any(${textArray(gone.map((g) => g.id))})`,
              isNull(contacts.deletedAt),
            ),
          )
          .returning({ id: contacts.id });
        tombstoned += rows.length;
      }
      await tx.delete(syncSeen).where(eq(syncSeen.runId, runId));
    }
    if (movesWatermark(run)) await advanceWatermark(tx, run, now);
    const [done] = await tx
      .update(syncRuns)
      .set({ status: "succeeded", finishedAt: now, tombstoned })
      .where(eq(syncRuns.id, runId))
      .returning();
    if (done) logger.info("sync run finished", runTotals(done));
    return { workspaceId: run.workspaceId };
  });
  if (finished === false) return false;
  await pruneStaleCustomers(db, finished.workspaceId);
  // After the run: customers it created get the support metrics of conversations synced
  // before them. Not part of the run (a 100,000-customer first sync spent seconds here).
  const raised = await fillSupportOfNewCustomers(db, finished.workspaceId, now).catch(
    (error: unknown) => {
      logger.warn("support metrics of new customers not filled", { error: errorMessage(error) });
      return [];
    },
  );
  if (raised.length > 0) await onAlerts?.(raised);
  return true;
}

function erasureBySync(
  workspaceId: string,
  reference: string,
  contactIds: string[],
  now: Date,
): ErasureRequest {
  return {
    workspaceId,
    requestedBy: "intercom_sync",
    reference,
    requestedAt: now,
    contactIds,
    userIds: [],
    emails: [],
    intercomStatus: "deleted",
  };
}
