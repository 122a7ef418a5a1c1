import { sql } from "drizzle-orm";
import type { Executor } from "../db/client.ts";
import { textArray } from "../db/sql.ts";

/**
 * What the write-back kept about the person's contacts: the figures last written to each
 * (`writeback_targets`), their place in past runs' lists, and any preview sample or refusal
 * naming them. Their outbox rows are cancelled with the rest of their writes (scrubOutbox:
 * a write-back row's subject is the person's user id or email). Returns the targets removed.
 */
export async function forgetWrittenFigures(
  db: Executor,
  workspaceId: string,
  contactIds: readonly string[],
): Promise<number> {
  if (contactIds.length === 0) return 0;
  const ids = textArray(contactIds);
  const targets = await db.execute(sql`
    delete from writeback_targets
    where workspace_id = ${workspaceId} and model = 'contact' and intercom_id = any(${ids})
    returning 1`);
  await db.execute(sql`
    delete from writeback_writes w using writeback_runs r
    where r.id = w.run_id and r.workspace_id = ${workspaceId}
      and w.model = 'contact' and w.intercom_id = any(${ids})`);
  const without = (column: string) => sql`(select coalesce(jsonb_agg(e), '[]'::jsonb)
    from jsonb_array_elements(${sql.raw(column)}) e
    where not (e->>'model' = 'contact' and e->>'intercom_id' = any(${ids})))`;
  const naming = (
    column: string,
  ) => sql`exists (select 1 from jsonb_array_elements(${sql.raw(column)}) e
    where e->>'model' = 'contact' and e->>'intercom_id' = any(${ids}))`;
  await db.execute(sql`
    update writeback_runs set sample = ${without("sample")}, refusals = ${without("refusals")}
    where workspace_id = ${workspaceId} and (${naming("sample")} or ${naming("refusals")})`);
  return targets.rows.length;
}
