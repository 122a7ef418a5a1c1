import { type SQL, sql } from "drizzle-orm";
import type { PgUpdateSetSource } from "drizzle-orm/pg-core";
import type { Executor } from "../db/client.ts";
import { insertFromRecordset } from "../db/recordset.ts";
import { contacts } from "../db/schema/index.ts";
import { bare, excluded, latestByKey, setExcluded, setFromExcluded, timeOf } from "../db/sql.ts";

export type ContactRow = typeof contacts.$inferInsert;
export type ContactRef = { workspaceId: string; id: string };
export const keyOf = (row: ContactRef) => `${row.workspaceId}\u0000${row.id}`;

/**
 * One statement for a whole page of contacts. A stored row is overwritten only by a row whose
 * `updated_at` is the same or newer, and never once it is a tombstone, so webhook and sync
 * writes may interleave in any order.
 */
export async function upsertContacts(
  db: Executor,
  rows: readonly ContactRow[],
  /** A data-modifying CTE (`name as (...)`) to run in the same statement: one round trip. */
  alongside?: SQL,
): Promise<{ written: number; created: number }> {
  const batch = latestByKey(
    rows,
    keyOf,
    (current, next) => timeOf(current.intercomUpdatedAt) > timeOf(next.intercomUpdatedAt),
  );
  if (batch.length === 0) return { written: 0, created: 0 };
  const updated = [
    contacts.role,
    contacts.externalId,
    contacts.email,
    contacts.name,
    contacts.phone,
    contacts.ownerId,
    contacts.location,
    contacts.intercomCreatedAt,
    contacts.intercomUpdatedAt,
    contacts.signedUpAt,
    contacts.lastSeenAt,
    contacts.customAttributes,
    contacts.raw,
    contacts.writtenAt,
    contacts.writtenFrom,
  ];
  const result = await db.execute<{ id: string; created: boolean }>(sql`
    ${alongside ? sql`with ${alongside}` : sql``}
    ${insertFromRecordset(contacts, batch)}
    on conflict (${bare(contacts.workspaceId)}, ${bare(contacts.id)}) do update set ${setFromExcluded(updated)}
    where ${contacts.deletedAt} is null
      and (${contacts.intercomUpdatedAt} is null or ${contacts.intercomUpdatedAt} <= excluded.${bare(contacts.intercomUpdatedAt)})
    returning ${contacts.id} as id, (xmax = 0) as created`);
  // xmax = 0 only on rows this statement inserted (Postgres's own bookkeeping column).
  const written = result.rows;
  return { written: written.length, created: written.filter((r) => r.created).length };
}

export interface ContactMerge extends ContactRef {
  mergedIntoId: string;
  writtenAt: Date;
  writtenFrom: ContactRow["writtenFrom"];
}

/** Marks merged-away contacts; Intercom no longer lists them, so nothing else will. */
export async function markContactsMerged(
  db: Executor,
  rows: readonly ContactMerge[],
): Promise<void> {
  await insertOrSetContacts(
    db,
    latestByKey(rows, keyOf, () => false),
    setExcluded({ mergedIntoId: contacts.mergedIntoId, writtenAt: contacts.writtenAt }),
  );
}

export interface ContactArchiveChange extends ContactRef {
  archived: boolean;
  changedAt: Date;
  writtenAt: Date;
  writtenFrom: ContactRow["writtenFrom"];
}

/** Archive events carry no `updated_at`; they are ordered by when the event happened. */
export async function setContactsArchived(
  db: Executor,
  rows: readonly ContactArchiveChange[],
): Promise<void> {
  const batch = latestByKey(rows, keyOf, (current, next) => current.changedAt > next.changedAt);
  await insertOrSetContacts(
    db,
    batch.map(({ changedAt, ...row }) => ({ ...row, archivedChangedAt: changedAt })),
    setExcluded({
      archived: contacts.archived,
      archivedChangedAt: contacts.archivedChangedAt,
      writtenAt: contacts.writtenAt,
    }),
    sql`(${contacts.archivedChangedAt} is null or ${contacts.archivedChangedAt} <= ${excluded(contacts.archivedChangedAt)})`,
  );
}

/**
 * Inserts contacts we hold no row for yet (a tombstone, a merge or an archive change may be
 * the first we hear of one), else sets `set` on the stored row, where `setWhere` holds.
 */
export async function insertOrSetContacts(
  db: Executor,
  rows: readonly ContactRow[],
  set: PgUpdateSetSource<typeof contacts>,
  setWhere?: SQL,
): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insert(contacts)
    .values([...rows])
    .onConflictDoUpdate({ target: [contacts.workspaceId, contacts.id], set, setWhere });
}
