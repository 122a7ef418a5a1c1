import { type AnyColumn, type SQL, sql } from "drizzle-orm";

/** `excluded.<column>`: the incoming value inside `ON CONFLICT DO UPDATE`. */
export function excluded(column: AnyColumn): SQL {
  return sql`excluded.${sql.identifier(column.name)}`;
}

/** A column's bare name, as ON CONFLICT targets and SET lists need it (no table prefix). */
export function bare(column: AnyColumn): ReturnType<typeof sql.identifier> {
  return sql.identifier(column.name);
}

/** `SET a = excluded.a, b = excluded.b, …` for raw upserts. */
export function setFromExcluded(columns: readonly AnyColumn[]): SQL {
  return sql.join(
    columns.map((c) => sql`${bare(c)} = excluded.${bare(c)}`),
    sql`, `,
  );
}

/** `SET` entries copying each named column from the incoming row. */
export function setExcluded<T extends Record<string, AnyColumn>>(columns: T): Record<keyof T, SQL> {
  return Object.fromEntries(
    Object.entries(columns).map(([key, column]) => [key, excluded(column)]),
  ) as Record<keyof T, SQL>;
}

/**
 * Keeps, per key, the newest row: `isNewer(a, b)` says whether `a` is strictly newer than
 * `b`; among equals the later one wins. Postgres refuses an `INSERT ... ON CONFLICT` that
 * touches the same key twice, so every batch passes through this first.
 */
export function latestByKey<T>(
  rows: readonly T[],
  keyOf: (row: T) => string,
  isNewer: (a: T, b: T) => boolean,
): T[] {
  const kept = new Map<string, T>();
  for (const row of rows) {
    const key = keyOf(row);
    const current = kept.get(key);
    // The row kept so far stays only if it is strictly newer than this one.
    if (!current || !isNewer(current, row)) kept.set(key, row);
  }
  return [...kept.values()];
}

export function timeOf(value: Date | null | undefined): number {
  return value ? value.getTime() : Number.NEGATIVE_INFINITY;
}

/**
 * A text[] from one JSON parameter. Drizzle spreads a JS array inside `sql` into one
 * parameter per element, which `::text[]` cannot cast and which runs out at 65,535.
 */
export function textArray(values: readonly string[]): SQL {
  return sql`array(select jsonb_array_elements_text(${JSON.stringify(values)}::jsonb))`;
}
