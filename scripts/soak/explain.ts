import type { TableResult } from "./compare.ts";
import type { Queryable } from "./db.ts";

/**
 * For rows missing from Postgres's live set, what Postgres does hold: a tombstone, a merge, or
 * nothing, and who wrote it last. Turns "missing" into a lead.
 */
export async function explainMissing(db: Queryable, workspaceId: string, tables: TableResult[]) {
  for (const t of tables) {
    if (t.table !== "contacts" && t.table !== "conversations") continue;
    const ids = t.examples.flatMap((e) =>
      e.endsWith(": missing from Postgres") ? [e.split(":")[0] ?? ""] : [],
    );
    if (ids.length === 0) continue;
    const merged = t.table === "contacts" ? "merged_into_id" : "null::text";
    const { rows } = await db.query<Record<string, unknown>>(
      `select id, deleted_at, ${merged} as merged_into_id, written_from, written_at,
         extract(epoch from intercom_updated_at)::bigint as updated_at
       from ${t.table} where workspace_id = $1 and id = any($2::text[])`,
      [workspaceId, ids],
    );
    const found = new Map(rows.map((r) => [String(r.id), r]));
    t.examples = t.examples.map((e) => {
      const id = e.split(":")[0] ?? "";
      const row = found.get(id);
      if (!e.endsWith(": missing from Postgres")) return e;
      if (!row) return `${e} (no row at all)`;
      return `${e} (row: deleted_at ${String(row.deleted_at)}, merged_into ${String(row.merged_into_id)}, written by ${String(row.written_from)} at ${String(row.written_at)}, updated_at ${String(row.updated_at)})`;
    });
  }
}
