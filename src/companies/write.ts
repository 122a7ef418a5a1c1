import { and, eq, inArray, isNull, sql } from "drizzle-orm";
import type { Executor } from "../db/client.ts";
import { insertFromRecordset } from "../db/recordset.ts";
import { accounts, type CompanyRow, companies, contactCompanies } from "../db/schema/companies.ts";
import { bare, latestByKey, setFromExcluded, timeOf } from "../db/sql.ts";

const keyOf = (row: { workspaceId: string; id: string }) => `${row.workspaceId}\u0000${row.id}`;

/**
 * One statement for a page of companies. A stored row is overwritten only by one whose
 * `updated_at` is the same or newer, and never once it is a tombstone, so webhook and sync
 * writes may interleave in any order. Returns the ids written.
 */
export async function upsertCompanies(
  db: Executor,
  rows: readonly CompanyRow[],
): Promise<string[]> {
  const batch = latestByKey(
    rows,
    keyOf,
    (current, next) => timeOf(current.intercomUpdatedAt) > timeOf(next.intercomUpdatedAt),
  );
  if (batch.length === 0) return [];
  const updated = [
    companies.companyId,
    companies.name,
    companies.plan,
    companies.monthlySpend,
    companies.userCount,
    companies.sessionCount,
    companies.customAttributes,
    companies.tagNames,
    companies.remoteCreatedAt,
    companies.intercomCreatedAt,
    companies.intercomUpdatedAt,
    companies.lastRequestAt,
    companies.writtenAt,
    companies.writtenFrom,
  ];
  const result = await db.execute<{ id: string }>(sql`
    ${insertFromRecordset(companies, batch)}
    on conflict (${bare(companies.workspaceId)}, ${bare(companies.id)}) do update set ${setFromExcluded(updated)}
    where ${companies.deletedAt} is null
      and (${companies.intercomUpdatedAt} is null or ${companies.intercomUpdatedAt} <= excluded.${bare(companies.intercomUpdatedAt)})
    returning ${companies.id} as id`);
  return result.rows.map((r) => r.id);
}

/**
 * Tombstones companies Intercom no longer has: the row stays (a late update cannot bring it
 * back), its people leave it, and its account goes. A company never stored gets a bare
 * tombstone, since Intercom may deliver its `company.created` after its `company.deleted`
 * (retries run for days) and its ids are never reused. Returns the ids tombstoned now.
 */
export async function tombstoneCompanies(
  db: Executor,
  workspaceId: string,
  ids: readonly string[],
  now: Date,
  from: CompanyRow["writtenFrom"],
): Promise<string[]> {
  if (ids.length === 0) return [];
  const tombstone = { deletedAt: now, writtenAt: now, writtenFrom: from };
  const gone = await db
    .insert(companies)
    .values([...new Set(ids)].map((id) => ({ workspaceId, id, ...tombstone })))
    .onConflictDoUpdate({
      target: [companies.workspaceId, companies.id],
      set: tombstone,
      where: isNull(companies.deletedAt),
    })
    .returning({ id: companies.id });
  const goneIds = gone.map((g) => g.id);
  if (goneIds.length === 0) return [];
  await db
    .update(contactCompanies)
    .set({ attached: false, changedAt: now, writtenAt: now })
    .where(
      and(
        eq(contactCompanies.workspaceId, workspaceId),
        inArray(contactCompanies.companyId, goneIds),
        eq(contactCompanies.attached, true),
      ),
    );
  await db
    .delete(accounts)
    .where(and(eq(accounts.workspaceId, workspaceId), inArray(accounts.intercomId, goneIds)));
  return goneIds;
}
