import { and, inArray, sql } from "drizzle-orm";
import type { Executor } from "../db/client.ts";
import { conversationParts, conversations, conversationTags } from "../db/schema/index.ts";
import { bare, excluded, latestByKey, textArray } from "../db/sql.ts";

type ConversationRow = typeof conversations.$inferInsert;
type Ref = { workspaceId: string; id: string };
const keyOf = (row: Ref) => `${row.workspaceId}\u0000${row.id}`;

/** Rebuilds `conversation_tags` from the stored rows' `tag_ids`. */
export async function syncConversationTags(db: Executor, workspaceId: string, ids: string[]) {
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
        ratingRemark: null,
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
