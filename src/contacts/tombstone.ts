import { and, eq, isNull, sql } from "drizzle-orm";
import type { Executor } from "../db/client.ts";
import { contacts } from "../db/schema/index.ts";
import { excluded, latestByKey, textArray } from "../db/sql.ts";
import { type ContactRef, type ContactRow, insertOrSetContacts, keyOf } from "./write.ts";

/**
 * What a tombstone keeps of a contact: its ids and dates, none of its personal data. Erasing
 * a person (everything we hold about them, not only the contact) is src/erasure/.
 */
const ERASED_PERSONAL_DATA = {
  externalId: null,
  email: null,
  name: null,
  phone: null,
  ownerId: null,
  location: null,
  customAttributes: null,
  raw: null,
} as const;

export interface ContactTombstone extends ContactRef {
  deletedAt: Date;
  writtenAt: Date;
  writtenFrom: ContactRow["writtenFrom"];
}

/** Erases personal data and keeps the id as a tombstone; deletion is final in Intercom. */
export async function tombstoneContacts(
  db: Executor,
  rows: readonly ContactTombstone[],
): Promise<void> {
  await insertOrSetContacts(
    db,
    latestByKey(rows, keyOf, () => false),
    {
      ...ERASED_PERSONAL_DATA,
      deletedAt: sql`coalesce(${contacts.deletedAt}, ${excluded(contacts.deletedAt)})`,
      writtenAt: excluded(contacts.writtenAt),
      writtenFrom: excluded(contacts.writtenFrom),
    },
  );
}

/**
 * Tombstones the contacts among `ids` that are still live (a run found them gone from
 * Intercom); returns the ids it tombstoned.
 */
export async function tombstoneLiveContacts(
  db: Executor,
  workspaceId: string,
  ids: readonly string[],
  at: Date,
  from: ContactRow["writtenFrom"],
): Promise<string[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .update(contacts)
    .set({ ...ERASED_PERSONAL_DATA, deletedAt: at, writtenAt: at, writtenFrom: from })
    .where(
      and(
        eq(contacts.workspaceId, workspaceId),
        sql`${contacts.id} = any(${textArray(ids)})`,
        isNull(contacts.deletedAt),
      ),
    )
    .returning({ id: contacts.id });
  return rows.map((r) => r.id);
}
