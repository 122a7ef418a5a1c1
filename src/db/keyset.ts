import { type AnyColumn, type SQL, sql } from "drizzle-orm";

/**
 * A row's place in a list, as text Postgres reads back exactly: a timestamp goes as its own
 * text (microseconds; a JS Date would cut them and skip or repeat rows on a page boundary).
 */
export type PageKey = readonly string[];

export const exactText = (column: AnyColumn) => sql<string>`${column}::text`;

/**
 * Rows after `key` in a list ordered by `columns`, all descending (newest first) or all
 * ascending: one row comparison, which an index on the same columns can serve.
 */
export function afterKey(
  columns: readonly AnyColumn[],
  key: PageKey | undefined,
  order: "desc" | "asc" = "desc",
): SQL | undefined {
  if (!key) return undefined;
  const left = sql.join([...columns], sql`, `);
  const right = sql.join(
    key.map((v) => sql`${v}`),
    sql`, `,
  );
  return order === "desc" ? sql`(${left}) < (${right})` : sql`(${left}) > (${right})`;
}
