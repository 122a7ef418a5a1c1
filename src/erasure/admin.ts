import { eq } from "drizzle-orm";
import type { Database, Executor } from "../db/client.ts";
import { outboxMessages } from "../db/schema/index.ts";
import { type ErasureOutcome, type ErasureRequest, erasePerson } from "./erase.ts";
import { erasedMarker } from "./marker.ts";
import { addCounts } from "./record.ts";
import { otherWorkspacesHolding } from "./workspaces.ts";

/**
 * `DELETE /v1/contacts/{contact}`, at once: our copies go in one transaction, before Intercom
 * is told (that waits in the outbox), so pending writes about the person are cancelled before
 * a consumer can deliver them, and a suppression keeps later writes from re-creating them.
 * The configured workspace first, then every other workspace our tables hold the person in
 * (one record each); the answer counts them all. `onErased` runs in the same transaction (the
 * operator's audit entry: the erasure and its record land together).
 */
export function eraseOnRequest(
  db: Database,
  request: {
    workspaceId: string;
    userId?: string | undefined;
    intercomId?: string | undefined;
    outboxRowId: string;
    hashKey: string;
  },
  now: Date,
  onErased?: (tx: Executor, outcome: ErasureOutcome) => Promise<void>,
): Promise<ErasureOutcome> {
  return db.transaction(async (tx) => {
    const base: ErasureRequest = {
      workspaceId: request.workspaceId,
      requestedBy: "admin_api",
      reference: request.outboxRowId,
      requestedAt: now,
      contactIds: request.intercomId ? [request.intercomId] : [],
      userIds: request.userId ? [request.userId] : [],
      emails: [],
      intercomStatus: "pending",
      suppress: { hashKey: request.hashKey },
    };
    const primary = await erasePerson(tx, base, now);
    const outcome = await eraseElsewhere(tx, base, primary, now);
    await onErased?.(tx, outcome);
    return outcome;
  });
}

/** The same request in the other workspaces holding the person, added to `primary`'s answer. */
async function eraseElsewhere(
  tx: Executor,
  base: ErasureRequest,
  primary: ErasureOutcome,
  now: Date,
): Promise<ErasureOutcome> {
  let removed = primary.removed;
  for (const workspaceId of await otherWorkspacesHolding(tx, base.workspaceId, primary.found)) {
    // Named by everything found so far: in another workspace the person has other contact ids.
    const pass = await erasePerson(tx, { ...base, workspaceId, ...primary.found }, now);
    removed = addCounts(removed, pass.removed);
  }
  return { ...primary, removed };
}

/**
 * Once Intercom confirmed the delete: a second pass (now with Intercom's contact id, which
 * also leaves a tombstone for a contact we never synced, catches what arrived meanwhile, and
 * adds the id to the suppression), and the delete row itself loses its user id and is
 * settled, in one transaction.
 */
export async function completeAdminErasure(
  db: Database,
  row: { id: string; workspaceId: string; createdAt: Date },
  deleted: { userId?: string | undefined; intercomContactId: string | null; result: unknown },
  hashKey: string,
  now: Date,
): Promise<void> {
  await db.transaction(async (tx) => {
    const outcome = await erasePerson(
      tx,
      {
        workspaceId: row.workspaceId,
        requestedBy: "admin_api",
        reference: row.id,
        requestedAt: row.createdAt,
        contactIds: deleted.intercomContactId ? [deleted.intercomContactId] : [],
        userIds: deleted.userId ? [deleted.userId] : [],
        emails: [],
        intercomStatus: deleted.intercomContactId ? "deleted" : "not_found",
        suppress: { hashKey },
      },
      now,
    );
    await tx
      .update(outboxMessages)
      .set({
        payload: erasedMarker(outcome.erasureId),
        subject: null,
        status: "delivered",
        result: deleted.result,
        lastError: null,
        deliveredAt: now,
        updatedAt: now,
      })
      .where(eq(outboxMessages.id, row.id));
  });
}
