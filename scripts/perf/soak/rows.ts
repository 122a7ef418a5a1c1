import type { Queryable } from "../db.ts";

/** Per table: key to the fields we store, as plain JSON values (times in unix seconds). */
export type Rows = Record<TableName, Map<string, Record<string, unknown>>>;

export const TABLES = [
  "contacts",
  "tags",
  "contact_tags",
  "conversations",
  "parts",
  "conversation_tags",
  "admins",
  "teams",
  "customers",
  "companies",
  "company_tombstones",
  "contact_companies",
  "accounts",
] as const;
export type TableName = (typeof TABLES)[number];
/** The tables scripts/perf/soak/expected-companies.ts expects. */
export type CompanyTable = "companies" | "company_tombstones" | "contact_companies" | "accounts";

const epoch = (column: string) =>
  `extract(epoch from ${column})::bigint as ${column.replace(/^\w+\./, "")}`;
const W = "workspace_id = $1";

/**
 * The live rows: tombstoned and merged-away contacts, deleted conversations and tombstoned
 * companies are gone (the tombstones are a table of their own); memberships are the attached
 * ones of live contacts.
 */
const QUERIES: Record<TableName, { sql: string; key: string[] }> = {
  contacts: {
    key: ["id"],
    sql: `select id, role, external_id, email, name, phone, owner_id, location,
      ${epoch("intercom_created_at")}, ${epoch("intercom_updated_at")}, ${epoch("signed_up_at")},
      ${epoch("last_seen_at")}, custom_attributes, archived
      from contacts where ${W} and deleted_at is null and merged_into_id is null`,
  },
  tags: { key: ["id"], sql: `select id, name from tags where ${W}` },
  contact_tags: {
    key: ["contact_id", "tag_id"],
    sql: `select t.contact_id, t.tag_id, t.tagged from contact_tags t
      join contacts c on c.workspace_id = t.workspace_id and c.id = t.contact_id
      where t.${W} and t.tagged and c.deleted_at is null and c.merged_into_id is null`,
  },
  conversations: {
    key: ["id"],
    sql: `select id, state, open, read, priority, title, contact_ids, tag_ids,
      admin_assignee_id, team_assignee_id, ${epoch("intercom_created_at")},
      ${epoch("intercom_updated_at")}, ${epoch("waiting_since")}, ${epoch("snoozed_until")},
      statistics, rating, rating_remark, ${epoch("rated_at")}, ${epoch("parts_stored_for")},
      parts_truncated
      from conversations where ${W} and deleted_at is null`,
  },
  parts: {
    key: ["conversation_id", "id"],
    sql: `select p.conversation_id, p.id, p.part_type, p.body, p.author_type, p.author_id,
      ${epoch("p.intercom_created_at")}
      from conversation_parts p join conversations c
        on c.workspace_id = p.workspace_id and c.id = p.conversation_id
      where p.${W} and c.deleted_at is null`,
  },
  conversation_tags: {
    key: ["conversation_id", "tag_id"],
    sql: `select t.conversation_id, t.tag_id from conversation_tags t
      join conversations c on c.workspace_id = t.workspace_id and c.id = t.conversation_id
      where t.${W} and c.deleted_at is null`,
  },
  admins: { key: ["id"], sql: `select id, name, email, team_ids from admins where ${W}` },
  teams: { key: ["id"], sql: `select id, name, admin_ids from teams where ${W}` },
  customers: {
    key: ["email"],
    sql: `select email, contact_id, mrr, arr, ltv, conversations_total, conversations_open
      from customers where ${W}`,
  },
  companies: {
    key: ["id"],
    sql: `select id, company_id, name, plan, monthly_spend::float8 as monthly_spend
      from companies where ${W} and deleted_at is null`,
  },
  company_tombstones: {
    key: ["id"],
    sql: `select id from companies where ${W} and deleted_at is not null`,
  },
  contact_companies: {
    key: ["contact_id", "company_id"],
    sql: `select l.contact_id, l.company_id from contact_companies l
      join contacts c on c.workspace_id = l.workspace_id and c.id = l.contact_id
      where l.${W} and l.attached and c.deleted_at is null and c.merged_into_id is null`,
  },
  // Money to the cent: summed in another order than the oracle's, the float sums may differ
  // in their last bits.
  accounts: {
    key: ["intercom_id"],
    sql: `select intercom_id, company_id, name, plan, monthly_spend::float8 as monthly_spend,
      people_count, customers_count, round(mrr::numeric, 2)::float8 as mrr,
      round(arr::numeric, 2)::float8 as arr, round(ltv::numeric, 2)::float8 as ltv
      from accounts where ${W}`,
  },
};

/** Column names as the expected side calls them (without the `intercom_` prefix). */
const rename = (column: string) => column.replace(/^intercom_/, "");

export async function actualRows(db: Queryable, workspaceId: string): Promise<Rows> {
  const out = {} as Rows;
  for (const table of TABLES) {
    const { sql, key } = QUERIES[table];
    const { rows } = await db.query(sql, [workspaceId]);
    const map = new Map<string, Record<string, unknown>>();
    for (const row of rows as Array<Record<string, unknown>>) {
      const fields: Record<string, unknown> = {};
      for (const [column, value] of Object.entries(row)) {
        if (key.includes(column)) continue;
        fields[rename(column)] = normalise(column, value);
      }
      map.set(key.map((k) => String(row[k])).join("/"), fields);
    }
    out[table] = map;
  }
  return out;
}

function normalise(column: string, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  // bigint epochs and numeric types come back as strings from pg.
  if (typeof value === "string" && /(_at|_for|since|until)$/.test(column)) return Number(value);
  if (Array.isArray(value) && /_ids$/.test(column)) return [...value].map(String).sort();
  return value;
}
