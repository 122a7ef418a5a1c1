import type { Queryable } from "../db.ts";
import type { TableResult } from "./compare.ts";

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

/** For contacts whose archived flag differs: the archive deliveries Postgres stored for them. */
export async function explainArchived(
  db: Queryable,
  workspaceId: string,
  tables: TableResult[],
  sandboxChangedAt: (id: string) => number | undefined,
  fatesOf: (id: string) => string[],
  notificationIdsOf: (id: string) => string[],
) {
  const t = tables.find((x) => x.table === "contacts");
  if (!t) return;
  const out: string[] = [];
  for (const e of t.examples) {
    if (!e.includes("archived:")) {
      out.push(e);
      continue;
    }
    const id = e.split(":")[0] ?? "";
    const { rows } = await db.query<Record<string, unknown>>(
      `select topic, status, extract(epoch from intercom_created_at)::bigint as at, attempts
       from webhook_deliveries where workspace_id = $1 and topic like 'contact.%archive%'
         and payload->'data'->'item'->>'id' = $2 order by intercom_created_at`,
      [workspaceId, id],
    );
    const stored = await db.query<{ changed: string | null }>(
      "select extract(epoch from archived_changed_at)::bigint::text as changed from contacts where workspace_id = $1 and id = $2",
      [workspaceId, id],
    );
    const byNotification = await db.query<Record<string, unknown>>(
      `select d.workspace_id, d.notification_id, d.topic, d.status, d.payload->>'erased' as erased, e.requested_by, e.reference,
         e.intercom_contact_ids
       from webhook_deliveries d left join erasures e on e.id::text = d.payload->>'erasure_id'
       where d.notification_id = any($1::text[]) or d.payload::text like $2`,
      [notificationIdsOf(id), `%${id}%`],
    );
    const stored2 = byNotification.rows
      .map(
        (r) =>
          `${r.topic} ${r.status} erased ${r.erased} by ${r.requested_by} ${r.reference} ${JSON.stringify(r.intercom_contact_ids)}`,
      )
      .join("; ");
    out.push(
      `${e} (stored by notification id: ${stored2 || "none"}; sandbox changed at ${sandboxChangedAt(id)}, ours at ${stored.rows[0]?.changed}; deliveries ${rows.map((r) => `${r.topic}@${r.at} ${r.status}`).join(", ") || "none"}; sent: ${fatesOf(id).join("; ") || "nothing"})`,
    );
  }
  t.examples = out;
}

/**
 * For companies and accounts that differ: the company row Postgres holds (tombstone or not,
 * who wrote it last and when) and when its account was derived, and whether the sandbox
 * deleted it.
 */
export async function explainCompanies(
  db: Queryable,
  workspaceId: string,
  tables: TableResult[],
  deletedInSandbox: (id: string) => boolean,
) {
  for (const t of tables) {
    if (t.table !== "companies" && t.table !== "accounts" && t.table !== "company_tombstones")
      continue;
    const ids = t.examples.map((e) => e.split(":")[0] ?? "");
    if (ids.length === 0) continue;
    const { rows } = await db.query<Record<string, unknown>>(
      `select co.id, co.deleted_at, co.written_from, co.written_at,
         extract(epoch from co.intercom_updated_at)::bigint as updated_at, a.derived_at
       from companies co left join accounts a
         on a.workspace_id = co.workspace_id and a.intercom_id = co.id
       where co.workspace_id = $1 and co.id = any($2::text[])`,
      [workspaceId, ids],
    );
    const found = new Map(rows.map((r) => [String(r.id), r]));
    t.examples = t.examples.map((e) => {
      const id = e.split(":")[0] ?? "";
      const row = found.get(id);
      const fate = deletedInSandbox(id) ? "deleted in the sandbox" : "not deleted in the sandbox";
      if (!row) return `${e} (${fate}; no company row)`;
      return `${e} (${fate}; row: deleted_at ${String(row.deleted_at)}, written by ${String(row.written_from)} at ${String(row.written_at)}, updated_at ${String(row.updated_at)}, account derived ${String(row.derived_at)})`;
    });
  }
}
