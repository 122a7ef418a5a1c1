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
