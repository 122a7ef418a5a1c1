import { type SQL, sql } from "drizzle-orm";
import { getTableConfig, type PgTable } from "drizzle-orm/pg-core";

/**
 * `INSERT INTO t (cols) SELECT cols FROM jsonb_to_recordset($1)`: a whole page of rows as one
 * JSON parameter. Drizzle's multi-row VALUES builder spends ~25 ms of Worker CPU on a
 * 150-row contact page (measured); this costs one JSON.stringify. Only the columns present in
 * the rows are written, so the others keep their defaults. Append ON CONFLICT with `sql`.
 */
export function insertFromRecordset(table: PgTable, rows: readonly Record<string, unknown>[]): SQL {
  const config = getTableConfig(table);
  const byKey = new Map(
    Object.entries(table as unknown as Record<string, unknown>).flatMap(([key, value]) => {
      const column = config.columns.find((c) => c === value);
      return column ? [[key, column] as const] : [];
    }),
  );
  const keys = [...new Set(rows.flatMap((row) => Object.keys(row)))].filter((k) => byKey.has(k));
  const columns = keys.map((k) => byKey.get(k) as (typeof config.columns)[number]);
  const records = rows.map((row) =>
    Object.fromEntries(keys.map((k, i) => [columns[i]?.name ?? k, row[k] ?? null])),
  );
  const names = sql.join(
    columns.map((c) => sql.identifier(c.name)),
    sql`, `,
  );
  const types = sql.join(
    columns.map((c) => sql`${sql.identifier(c.name)} ${sql.raw(c.getSQLType())}`),
    sql`, `,
  );
  return sql`insert into ${table} (${names}) select ${names} from jsonb_to_recordset(${JSON.stringify(records)}::jsonb) as x(${types})`;
}
