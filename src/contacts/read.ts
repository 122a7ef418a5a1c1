import { and, eq, gt, isNull, sql } from "drizzle-orm";
import type { Executor } from "../db/client.ts";
import { contacts, contactTags, tags } from "../db/schema/index.ts";

/** A stored contact with its current tags. */
export type ContactWithTags = typeof contacts.$inferSelect & {
  tags: Array<{ id: string; name: string }>;
};

/** A contact as operators see it, with its current tags. Deleted contacts are not found. */
export async function findContact(
  db: Executor,
  id: string,
  workspaceId?: string,
): Promise<ContactWithTags | null> {
  const [row] = await db
    .select()
    .from(contacts)
    .where(
      and(
        eq(contacts.id, id),
        isNull(contacts.deletedAt),
        workspaceId ? eq(contacts.workspaceId, workspaceId) : undefined,
      ),
    )
    .limit(1);
  if (!row) return null;
  const tagRows = await db
    .select({ id: tags.id, name: tags.name })
    .from(contactTags)
    .innerJoin(
      tags,
      and(eq(tags.workspaceId, contactTags.workspaceId), eq(tags.id, contactTags.tagId)),
    )
    .where(
      and(
        eq(contactTags.workspaceId, row.workspaceId),
        eq(contactTags.contactId, row.id),
        eq(contactTags.tagged, true),
      ),
    );
  return { ...row, tags: tagRows };
}

/** Ids of the live contacts with this email (any case) and/or user id, in id order. */
export async function lookUpContactIds(
  db: Executor,
  workspaceId: string,
  by: { email?: string | undefined; userId?: string | undefined },
  page: { afterId?: string | undefined; limit: number },
): Promise<string[]> {
  const rows = await db
    .select({ id: contacts.id })
    .from(contacts)
    .where(
      and(
        eq(contacts.workspaceId, workspaceId),
        isNull(contacts.deletedAt),
        by.email ? sql`lower(${contacts.email}) = lower(${by.email})` : undefined,
        by.userId ? eq(contacts.externalId, by.userId) : undefined,
        page.afterId ? gt(contacts.id, page.afterId) : undefined,
      ),
    )
    .orderBy(contacts.id)
    .limit(page.limit);
  return rows.map((r) => r.id);
}
