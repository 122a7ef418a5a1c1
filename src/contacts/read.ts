import { and, eq, isNull } from "drizzle-orm";
import type { Executor } from "../db/client.ts";
import { contacts, contactTags, tags } from "../db/schema/index.ts";

/** A contact as operators see it, with its current tags. Deleted contacts are not found. */
export async function findContact(db: Executor, id: string, workspaceId?: string) {
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
  return {
    id: row.id,
    workspace_id: row.workspaceId,
    role: row.role,
    external_id: row.externalId,
    email: row.email,
    name: row.name,
    phone: row.phone,
    owner_id: row.ownerId,
    location: row.location,
    created_at: row.intercomCreatedAt,
    updated_at: row.intercomUpdatedAt,
    signed_up_at: row.signedUpAt,
    last_seen_at: row.lastSeenAt,
    custom_attributes: row.customAttributes,
    archived: row.archived,
    merged_into_id: row.mergedIntoId,
    tags: tagRows,
    written_at: row.writtenAt,
    written_from: row.writtenFrom,
  };
}
