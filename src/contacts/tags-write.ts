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

/** A contact's tags as a read of the contact showed them, as of its `updated_at`. */
export interface ContactTagsSeen {
  contactId: string;
  tagIds: string[];
  /** False when Intercom's embedded list says it has more: then nothing is untagged. */
  complete: boolean;
  changedAt: Date;
}

/**
 * Makes stored contact tags match what a sync read: listed tags are tagged, stored tags the
 * (complete) list no longer has are untagged, each only over an older change. Without it a
 * tag webhook that never arrived was never repaired: only webhooks wrote contact tags.
 * One statement for the page.
 */
export async function reconcileContactTags(
  db: Executor,
  workspaceId: string,
  seen: readonly ContactTagsSeen[],
  writtenAt: Date,
): Promise<void> {
  if (seen.length === 0) return;
  const listed = seen.flatMap((s) =>
    [...new Set(s.tagIds)].map((tagId) => ({
      contact_id: s.contactId,
      tag_id: tagId,
      changed_at: s.changedAt.toISOString(),
    })),
  );
  const complete = seen
    .filter((s) => s.complete)
    .map((s) => ({ contact_id: s.contactId, changed_at: s.changedAt.toISOString() }));
  await db.execute(sql`
    with listed as (
      select * from jsonb_to_recordset(${JSON.stringify(listed)}::jsonb)
        as x(contact_id text, tag_id text, changed_at timestamptz)
    ), tagged as (
      insert into ${contactTags} (workspace_id, contact_id, tag_id, tagged, changed_at, written_at)
      select ${workspaceId}, l.contact_id, l.tag_id, true, l.changed_at, ${writtenAt} from listed l
      on conflict (workspace_id, contact_id, tag_id) do update
        set tagged = true, changed_at = excluded.changed_at, written_at = excluded.written_at
        where ${contactTags.changedAt} <= excluded.changed_at and not ${contactTags.tagged}
      returning 1
    )
    update ${contactTags} t set tagged = false, changed_at = c.changed_at, written_at = ${writtenAt}
    from jsonb_to_recordset(${JSON.stringify(complete)}::jsonb) as c(contact_id text, changed_at timestamptz)
    where t.workspace_id = ${workspaceId} and t.contact_id = c.contact_id and t.tagged
      and t.changed_at <= c.changed_at
      and not exists (select 1 from listed l where l.contact_id = t.contact_id and l.tag_id = t.tag_id)`);
}
