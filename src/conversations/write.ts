import { and, inArray, sql } from "drizzle-orm";
import type { Executor } from "../db/client.ts";
import { insertFromRecordset } from "../db/recordset.ts";
import { conversationParts, conversations, conversationTags } from "../db/schema/index.ts";
import { bare, excluded, latestByKey, setFromExcluded, textArray, timeOf } from "../db/sql.ts";

export type ConversationRow = typeof conversations.$inferInsert;
export type ConversationPartRow = typeof conversationParts.$inferInsert;
type Ref = { workspaceId: string; id: string };
const keyOf = (row: Ref) => `${row.workspaceId}\u0000${row.id}`;

// Everything a conversation write carries; parts bookkeeping (parts_stored_for, …) is not here.
const CONTENT = [
  conversations.state,
  conversations.open,
  conversations.read,
  conversations.priority,
  conversations.title,
  conversations.sourceType,
  conversations.authorType,
  conversations.authorId,
  conversations.sourceBody,
  conversations.openingMentionsCancel,
  conversations.contactIds,
  conversations.tagIds,
  conversations.adminAssigneeId,
  conversations.teamAssigneeId,
  conversations.intercomCreatedAt,
  conversations.intercomUpdatedAt,
  conversations.waitingSince,
  conversations.snoozedUntil,
  conversations.statistics,
  conversations.firstResponseSeconds,
  conversations.timeToCloseSeconds,
  conversations.lastClosedAt,
  conversations.reopens,
  conversations.rating,
  conversations.ratingRemark,
  conversations.ratedAt,
  conversations.raw,
  conversations.writtenAt,
  conversations.writtenFrom,
];

/**
 * One statement for the rows, one for their tags. Same ordering rule as contacts: a newer or
 * equal `updated_at` wins and tombstones are final. Tags are derived from the stored row
 * afterwards, so a stale write cannot bring back a removed tag.
 */
export async function upsertConversations(
  db: Executor,
  rows: readonly ConversationRow[],
): Promise<void> {
  const batch = latestByKey(
    rows,
    keyOf,
    (current, next) => timeOf(current.intercomUpdatedAt) > timeOf(next.intercomUpdatedAt),
  );
  const first = batch[0];
  if (!first) return;
  await db.execute(sql`
    ${insertFromRecordset(conversations, batch)}
    on conflict (${bare(conversations.workspaceId)}, ${bare(conversations.id)}) do update set
      ${setFromExcluded(CONTENT)}
    where ${conversations.deletedAt} is null
      and (${conversations.intercomUpdatedAt} is null or ${conversations.intercomUpdatedAt} <= ${excluded(conversations.intercomUpdatedAt)})`);
  await syncConversationTags(
    db,
    first.workspaceId,
    batch.map((r) => r.id),
  );
}

async function syncConversationTags(db: Executor, workspaceId: string, ids: string[]) {
  await db.execute(sql`
    with current as (
      select ${bare(conversations.id)} as id, coalesce(${bare(conversations.tagIds)}, '{}') as tag_ids
      from ${conversations}
      where ${conversations.workspaceId} = ${workspaceId} and ${conversations.id} = any(${textArray(ids)})
    ), removed as (
      delete from ${conversationTags} t using current
      where t.workspace_id = ${workspaceId} and t.conversation_id = current.id
        and not (t.tag_id = any(current.tag_ids))
    )
    insert into ${conversationTags} (workspace_id, conversation_id, tag_id)
    select ${workspaceId}, current.id, unnest(current.tag_ids) from current
    on conflict do nothing`);
}

export interface ConversationTombstone extends Ref {
  deletedAt: Date;
  writtenAt: Date;
  writtenFrom: ConversationRow["writtenFrom"];
}

/** Deleting keeps the id with no content, so a late update cannot recreate the conversation. */
export async function tombstoneConversations(
  db: Executor,
  rows: readonly ConversationTombstone[],
): Promise<void> {
  const batch = latestByKey(rows, keyOf, () => false);
  const first = batch[0];
  if (!first) return;
  await db
    .insert(conversations)
    .values(batch)
    .onConflictDoUpdate({
      target: [conversations.workspaceId, conversations.id],
      set: {
        state: null,
        title: null,
        sourceBody: null,
        contactIds: null,
        tagIds: null,
        statistics: null,
        raw: null,
        deletedAt: sql`coalesce(${conversations.deletedAt}, ${excluded(conversations.deletedAt)})`,
        writtenAt: excluded(conversations.writtenAt),
        writtenFrom: excluded(conversations.writtenFrom),
      },
    });
  const ids = batch.map((r) => r.id);
  await db
    .delete(conversationParts)
    .where(
      and(
        sql`${conversationParts.workspaceId} = ${first.workspaceId}`,
        inArray(conversationParts.conversationId, ids),
      ),
    );
  await syncConversationTags(db, first.workspaceId, ids);
}
