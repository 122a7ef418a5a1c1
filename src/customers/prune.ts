import { sql } from "drizzle-orm";
import type { Executor } from "../db/client.ts";

/**
 * Deletes customer rows no live contact stands behind any more: the email is on no contact
 * that is neither a tombstone nor merged away (an email changed, a lead merged into a user,
 * a contact deleted). Found by the soak: such rows kept their revenue and were listed as
 * customers for good. Where another live contact still has the email, the row stays (the
 * next read of that contact rewrites it). One statement, at the end of each contact run.
 * `not in` over a subquery without nulls is one hashed scan; a correlated `not exists` on
 * `lower(trim(email))`, which no index covers, was a nested loop: minutes at 20,000.
 */
export async function pruneStaleCustomers(db: Executor, workspaceId: string): Promise<number> {
  const result = await db.execute(sql`
    delete from customers cu
    where cu.workspace_id = ${workspaceId}
      and cu.email not in (
        select lower(trim(c.email)) from contacts c
        where c.workspace_id = ${workspaceId} and c.email is not null
          and c.deleted_at is null and c.merged_into_id is null)
    returning 1`);
  return result.rows.length;
}
