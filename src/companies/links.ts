import { and, eq, sql } from "drizzle-orm";
import type { Executor } from "../db/client.ts";
import { contactCompanies } from "../db/schema/companies.ts";
import { excluded, latestByKey, setExcluded, textArray } from "../db/sql.ts";

export type LinkChange = typeof contactCompanies.$inferInsert;

/** Attaching and detaching (webhooks), each applied only if newer than the pair's last change. */
export async function applyLinkChanges(db: Executor, rows: readonly LinkChange[]): Promise<void> {
  const batch = latestByKey(
    rows,
    (row) => `${row.workspaceId}\u0000${row.contactId}\u0000${row.companyId}`,
    (current, next) => current.changedAt > next.changedAt,
  );
  if (batch.length === 0) return;
  await db
    .insert(contactCompanies)
    .values(batch)
    .onConflictDoUpdate({
      target: [
        contactCompanies.workspaceId,
        contactCompanies.contactId,
        contactCompanies.companyId,
      ],
      set: setExcluded({
        attached: contactCompanies.attached,
        changedAt: contactCompanies.changedAt,
        writtenAt: contactCompanies.writtenAt,
      }),
      setWhere: sql`${contactCompanies.changedAt} <= ${excluded(contactCompanies.changedAt)}`,
    });
}

/** A contact's companies as a read of the contact showed them, as of its `updated_at`. */
export interface CompaniesSeen {
  contactId: string;
  companyIds: string[];
  /** False when the contact's list says it has more (it shows 10): then nothing is detached. */
  complete: boolean;
  changedAt: Date;
}

/**
 * Makes stored memberships match what a sync read, seen from the contact's side: listed
 * companies are attached, stored ones a complete list no longer has are detached, each only
 * over an older change. One statement for the page.
 */
export async function reconcileContactCompanies(
  db: Executor,
  workspaceId: string,
  seen: readonly CompaniesSeen[],
  writtenAt: Date,
): Promise<void> {
  if (seen.length === 0) return;
  const listed = seen.flatMap((s) =>
    [...new Set(s.companyIds)].map((companyId) => ({
      contact_id: s.contactId,
      company_id: companyId,
      changed_at: s.changedAt.toISOString(),
    })),
  );
  const complete = seen
    .filter((s) => s.complete)
    .map((s) => ({ contact_id: s.contactId, changed_at: s.changedAt.toISOString() }));
  await db.execute(sql`
    with listed as (
      select * from jsonb_to_recordset(${JSON.stringify(listed)}::jsonb)
        as x(contact_id text, company_id text, changed_at timestamptz)
    ), attached as (
      insert into ${contactCompanies} (workspace_id, contact_id, company_id, attached, changed_at, written_at)
      select ${workspaceId}, l.contact_id, l.company_id, true, l.changed_at, ${writtenAt} from listed l
      on conflict (workspace_id, contact_id, company_id) do update
        set attached = true, changed_at = excluded.changed_at, written_at = excluded.written_at
        where ${contactCompanies.changedAt} <= excluded.changed_at and not ${contactCompanies.attached}
      returning 1
    )
    update ${contactCompanies} t set attached = false, changed_at = c.changed_at, written_at = ${writtenAt}
    from jsonb_to_recordset(${JSON.stringify(complete)}::jsonb) as c(contact_id text, changed_at timestamptz)
    where t.workspace_id = ${workspaceId} and t.contact_id = c.contact_id and t.attached
      and t.changed_at <= c.changed_at
      and not exists (select 1 from listed l where l.contact_id = t.contact_id and l.company_id = t.company_id)`);
}

/** Attaches listed people to a company, each only over an older change of the pair. */
export function attachPeople(
  db: Executor,
  workspaceId: string,
  companyId: string,
  contactIds: readonly string[],
  readAt: Date,
): Promise<void> {
  return applyLinkChanges(
    db,
    [...new Set(contactIds)].map((contactId) => ({
      workspaceId,
      contactId,
      companyId,
      attached: true,
      changedAt: readAt,
      writtenAt: readAt,
    })),
  );
}

/**
 * Makes a company's stored people exactly the list Intercom gave for it (every page of
 * `GET /companies/{id}/contacts`, read at `readAt`): listed contacts are attached, the others
 * detached, each only over an older change.
 */
export async function replaceCompanyPeople(
  db: Executor,
  workspaceId: string,
  companyId: string,
  contactIds: readonly string[],
  readAt: Date,
): Promise<void> {
  const ids = [...new Set(contactIds)];
  await attachPeople(db, workspaceId, companyId, ids, readAt);
  await db
    .update(contactCompanies)
    .set({ attached: false, changedAt: readAt, writtenAt: readAt })
    .where(
      and(
        eq(contactCompanies.workspaceId, workspaceId),
        eq(contactCompanies.companyId, companyId),
        eq(contactCompanies.attached, true),
        sql`${contactCompanies.changedAt} <= ${readAt}`,
        sql`not (${contactCompanies.contactId} = any(${textArray(ids)}))`,
      ),
    );
}
