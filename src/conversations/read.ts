import { and, asc, count, eq, isNull, sql } from "drizzle-orm";
import type { Executor } from "../db/client.ts";
import { erasedAmong } from "../db/erased.ts";
import type { PageKey } from "../db/keyset.ts";
import { budgetedFields } from "../db/page-budget.ts";
import { conversationParts, conversations } from "../db/schema/index.ts";
import { textArray } from "../db/sql.ts";

export type StoredConversation = typeof conversations.$inferSelect;

/** A contact of the conversation: its id always, what we hold of the person only when allowed. */
type ConversationContact = {
  id: string;
  externalId: string | null;
  email: string | null;
  name: string | null;
};

export interface ConversationPart {
  id: string;
  partType: string | null;
  authorType: string | null;
  authorId: string | null;
  body: string | null;
  createdAt: Date | null;
  redacted: boolean;
  /** The part's place in the list, as `after` takes it back. */
  key: PageKey;
  /** False past the page's byte budget: read without its body, it ends the page. */
  fits: boolean;
}

export interface ConversationRead {
  conversation: StoredConversation;
  contacts: ConversationContact[];
  tags: Array<{ id: string; name: string | null }>;
  partsCount: number;
  parts: ConversationPart[];
}

// A part without a time sorts first; the stand-in keeps its cursor a valid timestamp.
const partTime = sql`coalesce(${conversationParts.intercomCreatedAt}, 'epoch'::timestamptz)`;

/**
 * One stored conversation with its contacts, tags and a page of its parts, oldest first
 * (`limit` rows after the part `after` names). Tombstoned (deleted) conversations are not found.
 * Contacts are named by id; their user id, email and name come only from a live contact that
 * no erasure record names (src/db/erased.ts), so an erased person stays erased.
 */
export async function readConversation(
  db: Executor,
  workspaceId: string,
  id: string,
  page: { after?: PageKey | undefined; limit: number },
): Promise<ConversationRead | null> {
  const [conversation] = await db
    .select()
    .from(conversations)
    .where(
      and(
        eq(conversations.workspaceId, workspaceId),
        eq(conversations.id, id),
        isNull(conversations.deletedAt),
      ),
    );
  if (!conversation) return null;
  const contactIds = conversation.contactIds ?? [];
  const people = await db.execute<ConversationContact>(sql`
    select u.id, k.external_id as "externalId", k.email, k.name
    from unnest(${textArray(contactIds)}) with ordinality as u(id, n)
    left join contacts k on k.workspace_id = ${workspaceId} and k.id = u.id
      and k.deleted_at is null
      and u.id not in ${erasedAmong(workspaceId, textArray(contactIds))}
    order by u.n`);
  const tagRows = await db.execute<{ id: string; name: string | null }>(sql`
    select u.id, t.name
    from unnest(${textArray(conversation.tagIds ?? [])}) with ordinality as u(id, n)
    left join tags t on t.workspace_id = ${workspaceId} and t.id = u.id
    order by u.n`);
  const mine = and(
    eq(conversationParts.workspaceId, workspaceId),
    eq(conversationParts.conversationId, id),
  );
  const [stored] = await db.select({ n: count() }).from(conversationParts).where(mine);
  const [afterTime, afterId] = page.after ?? [];
  const pageOfParts = db
    .select({
      id: conversationParts.id,
      partType: conversationParts.partType,
      authorType: conversationParts.authorType,
      authorId: conversationParts.authorId,
      body: conversationParts.body,
      createdAt: conversationParts.intercomCreatedAt,
      redacted: conversationParts.redacted,
      time: sql<Date>`${partTime}`.as("time"),
      at: sql<string>`(${partTime})::text`.as("at"),
    })
    .from(conversationParts)
    .where(
      and(
        mine,
        page.after
          ? sql`(${partTime}, ${conversationParts.id}) > (${afterTime}::timestamptz, ${afterId})`
          : undefined,
      ),
    )
    .orderBy(asc(partTime), asc(conversationParts.id))
    .limit(page.limit)
    .as("parts");
  // Bodies have no size limit in Intercom: they load only within the page budget.
  const { fields, order } = budgetedFields(pageOfParts, ["body"], (f) => [
    sql`${f("time")} asc`,
    sql`${f("id")} asc`,
  ]);
  const { time: _time, ...selected } = fields;
  const rows = await db
    .select(selected)
    .from(pageOfParts)
    .orderBy(...order);
  return {
    conversation,
    contacts: people.rows,
    tags: tagRows.rows,
    partsCount: stored?.n ?? 0,
    parts: rows.map(({ at, redacted, ...part }) => ({
      ...part,
      redacted: redacted ?? false,
      key: [at, part.id],
    })),
  };
}
