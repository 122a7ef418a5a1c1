import { type SQL, sql } from "drizzle-orm";
import type { Executor } from "../db/client.ts";
import { textArray } from "../db/sql.ts";

/**
 * The workspaces our tables hold, read as a loose index scan: each step is one probe of an
 * index led by `workspace_id` for the next value, so a handful of workspaces costs a handful
 * of probes, not a read of every row.
 */
const workspacesOf = (table: string): SQL => sql`(
  with recursive ws(w) as (
    select min(workspace_id) from ${sql.identifier(table)}
    union all
    select (select min(workspace_id) from ${sql.identifier(table)} where workspace_id > ws.w)
    from ws where ws.w is not null
  ) select w from ws where w is not null)`;

const TABLES = ["contacts", "customers", "conversations", "webhook_deliveries", "outbox_messages"];

/**
 * The workspaces other than `except` in which our tables hold anything of the person: their
 * contacts (by Intercom id, user id or email), customer rows, deliveries naming their
 * contacts, or writes about them. Webhooks were once applied under whatever `app_id` they
 * carried, so an erasure cannot stop at the configured workspace. Each test is an index probe.
 */
export async function otherWorkspacesHolding(
  db: Executor,
  except: string,
  seed: { contactIds: readonly string[]; userIds: readonly string[]; emails: readonly string[] },
): Promise<string[]> {
  const ids = textArray(seed.contactIds);
  const userIds = textArray(seed.userIds);
  const emails = textArray(seed.emails.map((e) => e.toLowerCase()));
  const subjects = textArray([...seed.userIds, ...seed.contactIds, ...seed.emails]);
  const known = sql.join(
    TABLES.map((t) => sql`select w from ${workspacesOf(t)} as ${sql.identifier(`${t}_ws`)}(w)`),
    sql` union `,
  );
  const result = await db.execute<{ w: string }>(sql`
    with candidates as (${known})
    select w from candidates where w <> ${except} and (
      exists (select 1 from contacts c where c.workspace_id = w
        and (c.id = any(${ids}) or c.external_id = any(${userIds}) or lower(c.email) = any(${emails})))
      or exists (select 1 from customers where workspace_id = w
        and (email = any(${emails}) or contact_id = any(${ids})))
      or exists (select 1 from webhook_deliveries where workspace_id = w and contact_ids && ${ids})
      or exists (select 1 from outbox_messages where workspace_id = w and subject = any(${subjects}))
    ) order by w`);
  return result.rows.map((r) => r.w);
}
