import { tombstoneContacts } from "../contacts/tombstone.ts";
import type { Executor } from "../db/client.ts";
import type { WriteSource } from "../db/schema/index.ts";
import { hashIdentifiers, namingIdentifiers } from "./identifiers.ts";
import { noteContacts } from "./record.ts";
import { type ActiveSuppression, activeSuppressions, widenSuppression } from "./suppression.ts";

/** A contact as a webhook or a synced page shows it. */
export interface Sighting {
  contactId: string;
  userId: string | null;
  email: string | null;
}

/**
 * Which of the sighted contacts are a suppressed person (src/erasure/identifiers.ts says how
 * a contact names one), by contact id: one query for all of them. A contact Intercom holds for
 * an erased person, created after the erasure (a write that was already on its way, the
 * Messenger), is found by their user id or email even though its id is new.
 */
export async function suppressedAmong(
  db: Executor,
  hashKey: string,
  sightings: readonly Sighting[],
): Promise<Map<string, ActiveSuppression>> {
  const caught = new Map<string, ActiveSuppression>();
  if (sightings.length === 0) return caught;
  const hashed = await Promise.all(
    sightings.map(async (s) => ({
      contactId: s.contactId,
      hashes: await hashIdentifiers(hashKey, namingIdentifiers(s)),
    })),
  );
  const active = await activeSuppressions(
    db,
    hashed.flatMap((h) => h.hashes),
  );
  if (active.length === 0) return caught;
  for (const { contactId, hashes } of hashed) {
    const found = active.find((a) => a.matched.some((m) => hashes.includes(m)));
    if (found && !caught.has(contactId)) caught.set(contactId, found);
  }
  return caught;
}

/**
 * Erases the caught contacts on sight, in the caller's transaction: each becomes a tombstone
 * (no update, now or after a lift, brings it back), its id joins the erasure record (so its
 * part in conversations is redacted and its customer row never derived, as for the erased
 * contacts) and the suppression (so a write naming it by id is refused). Nothing of it was
 * written, so there is nothing else to remove.
 */
export async function eraseOnSight(
  db: Executor,
  hashKey: string,
  workspaceId: string,
  caught: ReadonlyMap<string, ActiveSuppression>,
  now: Date,
  from: WriteSource,
): Promise<void> {
  if (caught.size === 0) return;
  const bySuppression = new Map<string, { suppression: ActiveSuppression; ids: string[] }>();
  for (const [contactId, suppression] of caught) {
    const entry = bySuppression.get(suppression.id) ?? { suppression, ids: [] };
    entry.ids.push(contactId);
    bySuppression.set(suppression.id, entry);
  }
  for (const { suppression, ids } of bySuppression.values()) {
    const hashes = await hashIdentifiers(hashKey, { contactIds: ids, userIds: [], emails: [] });
    await widenSuppression(db, suppression.id, hashes, now);
    // Erasure records are per workspace: ids of another one would mark the wrong contacts.
    if (suppression.workspaceId === workspaceId) await noteContacts(db, suppression.erasureId, ids);
  }
  await tombstoneContacts(
    db,
    [...caught.keys()].map((id) => ({
      workspaceId,
      id,
      deletedAt: now,
      writtenAt: now,
      writtenFrom: from,
    })),
  );
}
