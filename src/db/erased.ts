import { type SQL, sql } from "drizzle-orm";

/**
 * The erased contacts among `candidates` (a text[] expression), as a subquery of ids: those an
 * erasure record names (GIN index on `intercom_contact_ids`). Not every tombstone: a contact
 * a full sync found gone is deleted, not erased, and keeps its conversations. Here, beside the
 * schema, because conversations/, customers/ and erasure/ all read it: in erasure/ it made the
 * first two import the folder that imports them.
 */
export function erasedAmong(workspaceId: string, candidates: SQL): SQL {
  return sql`(select unnest(e.intercom_contact_ids) from erasures e
    where e.workspace_id = ${workspaceId} and e.intercom_contact_ids && ${candidates})`;
}
