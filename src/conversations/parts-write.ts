import { sql } from "drizzle-orm";
import type { Executor } from "../db/client.ts";
import { insertFromRecordset } from "../db/recordset.ts";
import { conversationParts, conversations } from "../db/schema/index.ts";
import { bare, excluded, latestByKey, setFromExcluded, timeOf } from "../db/sql.ts";
import type { ConversationPartRow } from "./write.ts";

const PART_CONTENT = [
  conversationParts.partType,
  conversationParts.body,
  conversationParts.authorType,
  conversationParts.authorId,
  conversationParts.intercomCreatedAt,
  conversationParts.intercomUpdatedAt,
  conversationParts.attachments,
  conversationParts.redacted,
  conversationParts.mentionsCancel,
  conversationParts.writtenAt,
];

/**
 * All parts of a batch of conversations in one statement. Parts older than Intercom's 500 we
 * stored earlier stay: Intercom no longer returns them, but they still happened.
 */
export async function upsertParts(db: Executor, rows: readonly ConversationPartRow[]) {
  const batch = latestByKey(
    rows,
    (r) => `${r.workspaceId}\u0000${r.conversationId}\u0000${r.id}`,
    (current, next) => timeOf(current.intercomUpdatedAt) > timeOf(next.intercomUpdatedAt),
  );
  if (batch.length === 0) return;
  await db.execute(sql`
    ${insertFromRecordset(conversationParts, batch)}
    on conflict (${bare(conversationParts.workspaceId)}, ${bare(conversationParts.conversationId)}, ${bare(conversationParts.id)})
    do update set ${setFromExcluded(PART_CONTENT)}
    where ${conversationParts.intercomUpdatedAt} is null
      or ${conversationParts.intercomUpdatedAt} <= ${excluded(conversationParts.intercomUpdatedAt)}`);
}

interface PartsStored {
  id: string;
  /** The `updated_at` of the conversation whose parts were just committed. */
  updatedAt: Date;
  truncated: boolean;
  total: number;
}

/**
 * Records, after the parts are written in the same transaction, which version of each
 * conversation they belong to. Never moves backwards, so a slow fetch of an older version
 * cannot mark a newer one as stored.
 */
export async function markPartsStored(
  db: Executor,
  workspaceId: string,
  stored: readonly PartsStored[],
) {
  if (stored.length === 0) return;
  const records = JSON.stringify(
    stored.map((s) => ({
      id: s.id,
      updated_at: s.updatedAt.toISOString(),
      truncated: s.truncated,
      total: s.total,
    })),
  );
  await db.execute(sql`
    update ${conversations} set
      ${bare(conversations.partsStoredFor)} = x.updated_at,
      ${bare(conversations.partsTruncated)} = x.truncated,
      ${bare(conversations.partsTotal)} = x.total
    from jsonb_to_recordset(${records}::jsonb) as x(id text, updated_at timestamptz, truncated boolean, total integer)
    where ${conversations.workspaceId} = ${workspaceId} and ${conversations.id} = x.id
      and ${conversations.deletedAt} is null
      and (${conversations.partsStoredFor} is null or ${conversations.partsStoredFor} <= x.updated_at)`);
}
