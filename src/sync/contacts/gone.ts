import { and, eq, gt, sql } from "drizzle-orm";
import type { Executor } from "../../db/client.ts";
import { contacts } from "../../db/schema/contacts.ts";
import { type SyncRun, syncSeen } from "../../db/schema/sync.ts";
import type { IntercomClient } from "../../intercom/client.ts";
import { goneFromIntercom } from "../../intercom/errors.ts";

export interface GoneContact {
  id: string;
  /** 410: merged into another contact (its conversations moved there), not deleted. */
  merged: boolean;
}

export interface Confirmed {
  gone: GoneContact[];
  /** How many of the ids, from the first, were asked about: all unless the deadline passed. */
  checked: number;
}

/** Intercom calls in flight at once while confirming. */
const CONCURRENCY = 8;

/**
 * Which of these contact ids Intercom no longer has (404 deleted, 410 merged away), asked in
 * order; any other failure keeps the contact (the next full run asks again). No call starts after `deadline` (epoch ms): the ids asked about are then a prefix of
 * the list, so the caller's cursor can stop at the last of them and lose none.
 */
export function confirmGoneWith(client: IntercomClient) {
  return async (ids: string[], deadline = Number.POSITIVE_INFINITY): Promise<Confirmed> => {
    const gone: GoneContact[] = [];
    let next = 0;
    const worker = async () => {
      while (next < ids.length && Date.now() < deadline) {
        const current = ids[next++] as string;
        await client.getContact(current).catch((error: unknown) => {
          if (goneFromIntercom(error)) gone.push({ id: current, merged: error.status === 410 });
        });
      }
    };
    await Promise.all(Array.from({ length: Math.min(CONCURRENCY, ids.length) }, worker));
    return { gone, checked: next };
  };
}

/**
 * Contacts a full run did not see, in id order after `after`, at most `limit`. Paging can
 * skip a row when others are deleted mid-run, so each is confirmed with Intercom before it
 * is tombstoned (src/sync/contacts/finish.ts), a slice at a time.
 */
export async function unseenContacts(
  db: Executor,
  run: SyncRun,
  after: string,
  limit: number,
): Promise<string[]> {
  const rows = await db
    .select({ id: contacts.id })
    .from(contacts)
    .where(
      and(
        eq(contacts.workspaceId, run.workspaceId),
        gt(contacts.id, after),
        // Those created while the run went are asked too: their contact.deleted may be lost,
        // and Intercom's 404 or 410 (not the listing) is the proof.
        sql`${contacts.deletedAt} is null and ${contacts.mergedIntoId} is null`,
        sql`not exists (select 1 from ${syncSeen} where ${syncSeen.runId} = ${run.id} and ${syncSeen.contactId} = ${contacts.id})`,
      ),
    )
    .orderBy(contacts.id)
    .limit(limit);
  return rows.map((r) => r.id);
}
