import { sql } from "drizzle-orm";
import type { Executor } from "../db/client.ts";
import { textArray } from "../db/sql.ts";

/** Everything that identifies one person in our tables; emails lower-cased. */
export interface Subject {
  workspaceId: string;
  contactIds: string[];
  userIds: string[];
  emails: string[];
  /** Contacts that still held personal data (not yet tombstones). */
  liveContacts: number;
}

type Resolved = { contact_ids: string[]; user_ids: string[]; emails: string[]; live: number };

/**
 * Widens what the request names (Intercom ids, the product's user ids, emails) to every id
 * and email we hold for the person: their contacts by id or user id, the emails their
 * identifies and events carried, and their customer rows. Other contacts that merely share
 * an email are not pulled in: an email names the customer row, not a person's contacts.
 */
export async function resolveSubject(
  db: Executor,
  seed: { workspaceId: string; contactIds: string[]; userIds: string[]; emails: string[] },
): Promise<Subject> {
  const ws = seed.workspaceId;
  const userIds = textArray(seed.userIds);
  const result = await db.execute<Resolved>(sql`
    with found as (
      select id, external_id, lower(email) as email, deleted_at is null as live
      from contacts
      where workspace_id = ${ws}
        and (id = any(${textArray(seed.contactIds)}) or external_id = any(${userIds}))
    ), ids as (
      select id from found union select unnest(${textArray(seed.contactIds)})
    ), writes as (
      select payload from outbox_messages
      where workspace_id = ${ws} and subject = any(${userIds})
        and kind in ('contact.identify', 'event')
    ), emails as (
      select email from found
      union select lower(payload->>'email') from writes
      union select lower(payload->'identify'->>'email') from writes
      union select email from customers
        where workspace_id = ${ws} and contact_id in (select id from ids)
      union select lower(unnest(${textArray(seed.emails)}))
    )
    select
      coalesce((select json_agg(id) from ids), '[]') as contact_ids,
      coalesce((select json_agg(distinct external_id) from found where external_id is not null), '[]') as user_ids,
      coalesce((select json_agg(email) from emails where email is not null and email <> ''), '[]') as emails,
      (select count(*)::int from found where live) as live`);
  const row = result.rows[0];
  return {
    workspaceId: ws,
    contactIds: row?.contact_ids ?? [],
    userIds: [...new Set([...seed.userIds, ...(row?.user_ids ?? [])])],
    emails: row?.emails ?? [],
    liveContacts: row?.live ?? 0,
  };
}
