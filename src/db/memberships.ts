import { sql } from "drizzle-orm";
import type { Executor } from "./client.ts";
import { contactCompanies } from "./schema/companies.ts";
import { contactTags } from "./schema/tags.ts";

/**
 * A contact's memberships of one kind as stored: a row per (contact, member) with a flag and
 * the change it is as of. The flag stays false after leaving, so a late, older "joined" is
 * recognised and ignored.
 */
const MEMBERSHIPS = {
  tags: { table: contactTags, member: "tag_id", flag: "tagged" },
  companies: { table: contactCompanies, member: "company_id", flag: "attached" },
} as const;

/** A contact's members (tags, companies) as a read of the contact listed them. */
export interface MembersSeen {
  contactId: string;
  memberIds: string[];
  /** False when Intercom's embedded list says it has more: then nobody is taken out. */
  complete: boolean;
  /** The contact's `updated_at`: what the read is as of. */
  changedAt: Date;
}

/**
 * Makes stored memberships match what a sync read of contacts listed: listed members are in,
 * stored ones a complete list no longer has are out, each only over an older change. One
 * statement for a page of contacts.
 */
export async function reconcileMemberships(
  db: Executor,
  kind: keyof typeof MEMBERSHIPS,
  workspaceId: string,
  seen: readonly MembersSeen[],
  writtenAt: Date,
): Promise<void> {
  if (seen.length === 0) return;
  const { table, member, flag } = MEMBERSHIPS[kind];
  const m = sql.identifier(member);
  const f = sql.identifier(flag);
  const listed = seen.flatMap((s) =>
    [...new Set(s.memberIds)].map((id) => ({
      contact_id: s.contactId,
      member_id: id,
      changed_at: s.changedAt.toISOString(),
    })),
  );
  const complete = seen
    .filter((s) => s.complete)
    .map((s) => ({ contact_id: s.contactId, changed_at: s.changedAt.toISOString() }));
  await db.execute(sql`
    with listed as (
      select * from jsonb_to_recordset(${JSON.stringify(listed)}::jsonb)
        as x(contact_id text, member_id text, changed_at timestamptz)
    ), joined as (
      insert into ${table} (workspace_id, contact_id, ${m}, ${f}, changed_at, written_at)
      select ${workspaceId}, l.contact_id, l.member_id, true, l.changed_at, ${writtenAt} from listed l
      on conflict (workspace_id, contact_id, ${m}) do update
        set ${f} = true, changed_at = excluded.changed_at, written_at = excluded.written_at
        where ${table}.changed_at <= excluded.changed_at and not ${table}.${f}
      returning 1
    )
    update ${table} t set ${f} = false, changed_at = c.changed_at, written_at = ${writtenAt}
    from jsonb_to_recordset(${JSON.stringify(complete)}::jsonb) as c(contact_id text, changed_at timestamptz)
    where t.workspace_id = ${workspaceId} and t.contact_id = c.contact_id and t.${f}
      and t.changed_at <= c.changed_at
      and not exists (select 1 from listed l where l.contact_id = t.contact_id and l.member_id = t.${m})`);
}
