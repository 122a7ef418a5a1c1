import { and, eq, gt, sql } from "drizzle-orm";
import type { Database } from "../../db/client.ts";
import { contacts } from "../../db/schema/contacts.ts";
import { syncPartitions, syncRuns, syncSeen } from "../../db/schema/sync.ts";
import type { IntercomClient } from "../../intercom/client.ts";
import { IntercomError } from "../../intercom/errors.ts";
import { isRanged } from "../range.ts";

export interface GoneContact {
  id: string;
  /** 410: merged into another contact (its conversations moved there), not deleted. */
  merged: boolean;
}

/** Which of these contact ids Intercom no longer has (404 deleted, 410 merged away). */
export function confirmGoneWith(client: IntercomClient) {
  return async (ids: string[]): Promise<GoneContact[]> => {
    const gone: GoneContact[] = [];
    let next = 0;
    const worker = async () => {
      for (let id = ids[next++]; id !== undefined; id = ids[next++]) {
        const current = id;
        await client.getContact(current).catch((error: unknown) => {
          if (error instanceof IntercomError && (error.status === 404 || error.status === 410))
            gone.push({ id: current, merged: error.status === 410 });
        });
      }
    };
    await Promise.all(Array.from({ length: Math.min(8, ids.length) }, worker));
    return gone;
  };
}

/** Unseen contacts read, and confirmed with Intercom, this many at a time. */
const UNSEEN_BATCH = 2000;

/**
 * Contacts a full run did not see. Paging can skip a row when others are deleted mid-run, so
 * each candidate is confirmed with Intercom (404 or 410) before it is tombstoned. All of them,
 * in id order and batches: a week with more deletions than one batch still ends with every
 * deleted contact tombstoned, not the rest left for the weeks after.
 */
export async function goneContacts(
  db: Database,
  runId: string,
  confirmGone: (ids: string[]) => Promise<GoneContact[]>,
) {
  const [run] = await db.select().from(syncRuns).where(eq(syncRuns.id, runId));
  if (run?.mode !== "full" || isRanged(run) || run.status !== "running") return [];
  const [open] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(syncPartitions)
    .where(and(eq(syncPartitions.runId, runId), eq(syncPartitions.done, false)));
  if ((open?.n ?? 0) > 0) return [];
  const gone: GoneContact[] = [];
  let after = "";
  for (;;) {
    const unseen = await db
      .select({ id: contacts.id })
      .from(contacts)
      .where(
        and(
          eq(contacts.workspaceId, run.workspaceId),
          gt(contacts.id, after),
          sql`${contacts.deletedAt} is null and ${contacts.mergedIntoId} is null`,
          sql`${contacts.intercomCreatedAt} < ${run.startedAt}`,
          sql`not exists (select 1 from ${syncSeen} where ${syncSeen.runId} = ${runId} and ${syncSeen.contactId} = ${contacts.id})`,
        ),
      )
      .orderBy(contacts.id)
      .limit(UNSEEN_BATCH);
    if (unseen.length > 0) gone.push(...(await confirmGone(unseen.map((u) => u.id))));
    const last = unseen.at(-1);
    if (!last || unseen.length < UNSEEN_BATCH) return gone;
    after = last.id;
  }
}
