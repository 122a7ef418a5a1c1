import type { ContactWithTags } from "../../contacts/read.ts";

/** `GET /v1/contacts/:id`: a contact as the API shows it. */
export function contactView(row: ContactWithTags) {
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
    tags: row.tags,
    written_at: row.writtenAt,
    written_from: row.writtenFrom,
  };
}
