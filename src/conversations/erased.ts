import { type SQL, sql } from "drizzle-orm";
import type { Executor } from "../db/client.ts";
import { erasedAmong } from "../db/erased.ts";
import type { WriteSource } from "../db/schema/index.ts";
import { textArray } from "../db/sql.ts";
import { tombstoneConversations } from "./tombstone.ts";

interface ConversationsRedacted {
  conversations: number;
  conversationParts: number;
  conversationTags: number;
  partsRedacted: number;
  conversationsRedacted: number;
}

type Touched = { id: string; sole: boolean; erased_ids: string[] };

/**
 * Conversations that involve erased contacts (named by an erasure record): where every one is
 * erased the conversation becomes a tombstone (parts and tags go); where others remain, the erased
 * people's parts lose their bodies (ids and times stay, so counts stay right) and the row its
 * `raw` copy and any opening message or remark of theirs. Runs after every conversation
 * write too, so a late sync page or webhook cannot bring their words back. Idempotent.
 */
export async function redactErasedContacts(
  db: Executor,
  workspaceId: string,
  scope: { conversationIds: readonly string[] } | { contactIds: readonly string[] },
  written: { writtenAt: Date; writtenFrom: WriteSource },
): Promise<ConversationsRedacted> {
  const counts = {
    conversations: 0,
    conversationParts: 0,
    conversationTags: 0,
    partsRedacted: 0,
    conversationsRedacted: 0,
  };
  const byIds = "conversationIds" in scope;
  const within: SQL = byIds
    ? sql`c.id = any(${textArray(scope.conversationIds)})`
    : sql`c.contact_ids && ${textArray(scope.contactIds)}`;
  // A late fetch of a conversation that is already a tombstone stores its parts again.
  const dropParts = byIds
    ? sql`dropped as (
        delete from conversation_parts p using conversations c
        where c.workspace_id = ${workspaceId} and ${within} and c.deleted_at is not null
          and p.workspace_id = c.workspace_id and p.conversation_id = c.id
      ),`
    : sql``;
  const found = await db.execute<Touched>(sql`
    with ${dropParts} candidates as (
      select c.id, c.contact_ids from conversations c
      where c.workspace_id = ${workspaceId} and c.deleted_at is null and ${within}
    ), erased as (
      select distinct id from ${erasedAmong(workspaceId, sql`array(select unnest(contact_ids) from candidates)`)} as x(id)
    )
    select c.id,
      not exists (select 1 from unnest(c.contact_ids) u(id) where u.id not in (select id from erased)) as sole,
      array(select u.id from unnest(c.contact_ids) u(id) where u.id in (select id from erased)) as erased_ids
    from candidates c
    where c.contact_ids && array(select id from erased)`);
  const touched = found.rows;
  if (touched.length === 0) return counts;
  const sole = touched.filter((t) => t.sole).map((t) => t.id);
  const shared = touched.filter((t) => !t.sole);
  if (sole.length > 0) {
    const before = await db.execute<{ parts: number; tags: number }>(sql`
      select
        (select count(*)::int from conversation_parts where workspace_id = ${workspaceId} and conversation_id = any(${textArray(sole)})) as parts,
        (select count(*)::int from conversation_tags where workspace_id = ${workspaceId} and conversation_id = any(${textArray(sole)})) as tags`);
    counts.conversations = sole.length;
    counts.conversationParts = before.rows[0]?.parts ?? 0;
    counts.conversationTags = before.rows[0]?.tags ?? 0;
    await tombstoneConversations(
      db,
      // Named fields, never a spread of `written`: a caller may pass a whole conversation row,
      // whose `id` would then replace each tombstone's (the first row of a sync page was
      // tombstoned in place of the erased person's conversation).
      sole.map((id) => ({
        workspaceId,
        id,
        deletedAt: written.writtenAt,
        writtenAt: written.writtenAt,
        writtenFrom: written.writtenFrom,
      })),
    );
  }
  if (shared.length > 0) {
    const ids = textArray(shared.map((t) => t.id));
    const authors = textArray([...new Set(shared.flatMap((t) => t.erased_ids))]);
    const redacted = await db.execute<{ parts: number; conversations: number }>(sql`
      with parts as (
        update conversation_parts set body = null, attachments = null, redacted = true
        where workspace_id = ${workspaceId} and conversation_id = any(${ids})
          and author_id = any(${authors}) and (body is not null or attachments is not null)
        returning 1
      ), rows as (
        update conversations set raw = null, rating_remark = null,
          source_body = case when author_id = any(${authors}) then null else source_body end,
          title = case when author_id = any(${authors}) then null else title end
        where workspace_id = ${workspaceId} and id = any(${ids})
          and (raw is not null or rating_remark is not null
            or (author_id = any(${authors}) and (source_body is not null or title is not null)))
        returning 1
      )
      select (select count(*)::int from parts) as parts, (select count(*)::int from rows) as conversations`);
    counts.partsRedacted = redacted.rows[0]?.parts ?? 0;
    counts.conversationsRedacted = redacted.rows[0]?.conversations ?? 0;
  }
  return counts;
}
