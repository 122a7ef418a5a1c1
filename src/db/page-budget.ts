import { type Column, type SQL, sql } from "drizzle-orm";

/**
 * The most one page of a `/v1` list may weigh as JSON: 1 MB, whatever its `limit`. A Worker
 * has 128 MB for everything it holds, and a page is held several times over (the driver's
 * rows, the views, the JSON text); 200 webhook deliveries of up to 1 MB each (the largest body
 * we accept) made a 200 MB answer that no isolate survives and no client wants in one piece.
 * At 1 MB a page stays a few MB of memory and a fraction of a second on the wire; the rest is
 * behind `next_cursor`.
 */
export const PAGE_BYTES = 1_000_000;

type Fields = Record<string, unknown>;
type Budgeted<F extends Fields, L extends keyof F> = Omit<F, L> & {
  [K in L]: SQL<(F[K] extends Column ? F[K]["_"]["data"] : unknown) | null>;
} & { fits: SQL<boolean> };

/**
 * What to select from a page of a list (`page`: the list's own query, ordered and limited,
 * as a subquery) so that its `large` columns reach the Worker only while the page is within
 * the byte budget. A running sum of their sizes (octet_length of their text, in Postgres) in
 * the list's `order` gives each row `fits`: a row past the budget comes without its large
 * columns, and the page ends before it (src/http/cursor.ts). The first row always fits, so a
 * list always moves on, however large one row is.
 *
 * The sum runs over the page's `limit` rows only: the inner query keeps the plan it had (an
 * index or a top-N sort), and no row outside the page is read whole.
 */
export function budgetedFields<F extends Fields, L extends keyof F & string>(
  page: { _: { selectedFields: F } },
  large: readonly L[],
  order: (field: (name: keyof F & string) => unknown) => SQL[],
  bytes = PAGE_BYTES,
): { fields: Budgeted<F, L>; order: SQL[] } {
  const field = (name: keyof F & string) => (page as unknown as Record<string, unknown>)[name];
  const sorted = order(field);
  const size = sql.join(
    large.map((name) => sql`coalesce(octet_length(${field(name)}::text), 0)`),
    sql` + `,
  );
  const before = sql`coalesce(sum(${size}) over (order by ${sql.join(sorted, sql`, `)} rows between unbounded preceding and 1 preceding), 0)`;
  const fits = sql<boolean>`(${before} <= ${bytes})`;
  const selected = page._.selectedFields;
  const fields = Object.fromEntries(
    Object.keys(selected).map((name) => [
      name,
      large.includes(name as L)
        ? sql`case when ${fits} then ${field(name)} end`.mapWith(selected[name] as Column)
        : field(name),
    ]),
  );
  return { fields: { ...fields, fits } as unknown as Budgeted<F, L>, order: sorted };
}
