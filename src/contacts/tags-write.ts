import { sql } from "drizzle-orm";
import type { Executor } from "../db/client.ts";
import { contactTags, tags } from "../db/schema/index.ts";
import { excluded, latestByKey, setExcluded } from "../db/sql.ts";

export type TagRow = typeof tags.$inferInsert;
export type ContactTagRow = typeof contactTags.$inferInsert;

export async function upsertTags(db: Executor, rows: readonly TagRow[]): Promise<void> {
  const batch = latestByKey(
    rows,
    (row) => `${row.workspaceId}\u0000${row.id}`,
    () => false,
  );
  if (batch.length === 0) return;
  await db
    .insert(tags)
    .values(batch)
    .onConflictDoUpdate({
      target: [tags.workspaceId, tags.id],
      set: setExcluded({ name: tags.name, writtenAt: tags.writtenAt }),
    });
}

/** Tagging and untagging, each applied only if newer than the last change to that pair. */
export async function applyContactTagChanges(
  db: Executor,
  rows: readonly ContactTagRow[],
): Promise<void> {
  const batch = latestByKey(
    rows,
    (row) => `${row.workspaceId}\u0000${row.contactId}\u0000${row.tagId}`,
    (current, next) => current.changedAt > next.changedAt,
  );
  if (batch.length === 0) return;
  await db
    .insert(contactTags)
    .values(batch)
    .onConflictDoUpdate({
      target: [contactTags.workspaceId, contactTags.contactId, contactTags.tagId],
      set: setExcluded({
        tagged: contactTags.tagged,
        changedAt: contactTags.changedAt,
        writtenAt: contactTags.writtenAt,
      }),
      setWhere: sql`${contactTags.changedAt} <= ${excluded(contactTags.changedAt)}`,
    });
}
