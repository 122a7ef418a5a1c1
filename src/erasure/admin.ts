import { eq } from "drizzle-orm";
import type { Database, Executor } from "../db/client.ts";
import { outboxMessages } from "../db/schema/index.ts";
import { type ErasureOutcome, erasePerson } from "./erase.ts";
import { erasedMarker } from "./marker.ts";

/**
 * `DELETE /v1/contacts/{contact}`, at once: our copies go in one transaction, before Intercom
 * is told (that waits in the outbox), so pending writes about the person are cancelled before
 * a consumer can deliver them. `onErased` runs in the same transaction (the operator's
 * audit entry: the erasure and its record land together).
 */
export function eraseOnRequest(
  db: Database,
  request: {
    workspaceId: string;
    userId?: string | undefined;
    intercomId?: string | undefined;
    outboxRowId: string;
  },
  now: Date,
  onErased?: (tx: Executor, outcome: ErasureOutcome) => Promise<void>,
): Promise<ErasureOutcome> {
  return db.transaction(async (tx) => {
    const outcome = await erasePerson(
      tx,
      {
        workspaceId: request.workspaceId,
        requestedBy: "admin_api",
        reference: request.outboxRowId,
        requestedAt: now,
        contactIds: request.intercomId ? [request.intercomId] : [],
        userIds: request.userId ? [request.userId] : [],
        emails: [],
        intercomStatus: "pending",
      },
      now,
    );
    await onErased?.(tx, outcome);
    return outcome;
  });
}

/**
 * Once Intercom confirmed the delete: a second pass (now with Intercom's contact id, which
 * also leaves a tombstone for a contact we never synced, and catches what arrived meanwhile),
 * and the delete row itself loses its user id and is settled, in one transaction.
 */
export async function completeAdminErasure(
  db: Database,
  row: { id: string; workspaceId: string; createdAt: Date },
  deleted: { userId?: string | undefined; intercomContactId: string | null; result: unknown },
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
