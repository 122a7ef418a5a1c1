import { sql } from "drizzle-orm";
import type { Executor } from "../db/client.ts";
import { insertFromRecordset } from "../db/recordset.ts";
import { type conversationParts, conversations } from "../db/schema/index.ts";
import { bare, excluded, latestByKey, setFromExcluded, timeOf } from "../db/sql.ts";
import { redactErasedContacts } from "./erased.ts";
import { syncConversationTags } from "./tombstone.ts";

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
  /** False when the caller writes parts next and redacts after them. */
  options: { redactErased?: boolean } = {},
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
  const ids = batch.map((r) => r.id);
  await syncConversationTags(db, first.workspaceId, ids);
  if (options.redactErased !== false)
    await redactErasedContacts(
      db,
      first.workspaceId,
      { conversationIds: ids },
      { writtenAt: first.writtenAt, writtenFrom: first.writtenFrom },
    );
}
