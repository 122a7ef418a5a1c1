import { and, sql } from "drizzle-orm";
import type { Executor } from "../db/client.ts";
import { conversations } from "../db/schema/index.ts";
import { excluded, latestByKey, setExcluded, timeOf } from "../db/sql.ts";

export type ConversationRow = typeof conversations.$inferInsert;
type Ref = { workspaceId: string; id: string };
const keyOf = (row: Ref) => `${row.workspaceId}\u0000${row.id}`;

/** Same ordering rule as contacts: newer or equal `updated_at` wins, tombstones are final. */
export async function upsertConversations(
  db: Executor,
  rows: readonly ConversationRow[],
): Promise<void> {
  const batch = latestByKey(
    rows,
    keyOf,
    (current, next) => timeOf(current.intercomUpdatedAt) > timeOf(next.intercomUpdatedAt),
  );
  if (batch.length === 0) return;
  await db
    .insert(conversations)
    .values(batch)
    .onConflictDoUpdate({
      target: [conversations.workspaceId, conversations.id],
      set: setExcluded({
        state: conversations.state,
        open: conversations.open,
        read: conversations.read,
        priority: conversations.priority,
        title: conversations.title,
        contactIds: conversations.contactIds,
        adminAssigneeId: conversations.adminAssigneeId,
        teamAssigneeId: conversations.teamAssigneeId,
        intercomCreatedAt: conversations.intercomCreatedAt,
        intercomUpdatedAt: conversations.intercomUpdatedAt,
        raw: conversations.raw,
        writtenAt: conversations.writtenAt,
        writtenFrom: conversations.writtenFrom,
      }),
      setWhere: and(
        sql`${conversations.deletedAt} is null`,
        sql`(${conversations.intercomUpdatedAt} is null or ${conversations.intercomUpdatedAt} <= ${excluded(conversations.intercomUpdatedAt)})`,
      ),
    });
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
  if (batch.length === 0) return;
  await db
    .insert(conversations)
    .values(batch)
    .onConflictDoUpdate({
      target: [conversations.workspaceId, conversations.id],
      set: {
        state: null,
        title: null,
        contactIds: null,
        raw: null,
        deletedAt: sql`coalesce(${conversations.deletedAt}, ${excluded(conversations.deletedAt)})`,
        writtenAt: excluded(conversations.writtenAt),
        writtenFrom: excluded(conversations.writtenFrom),
      },
    });
}
