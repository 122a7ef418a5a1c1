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

/**
 * Keeps a page's large columns out of the Worker once the rows before them already weigh
 * the budget. `size` estimates a row's large columns in Postgres (octet_length of their text);
 * `order` is the list's own order. Every row is still returned, with `fits`: a row that does
 * not fit comes without its large columns (`onlyIfFits`), and the page ends before it. The
 * first row always fits, so a list always moves on, however large one row is.
 *
 * One running sum (a window over the rows the index hands out, stopped by the query's LIMIT),
 * computed once however often `fits` appears: Postgres shares identical window calls.
 */
export function byteBudget(size: SQL, order: readonly SQL[], bytes = PAGE_BYTES) {
  const before = sql`coalesce(sum(${size}) over (order by ${sql.join([...order], sql`, `)} rows between unbounded preceding and 1 preceding), 0)`;
  const fits = sql<boolean>`(${before} <= ${bytes})`;
  return {
    fits,
    onlyIfFits: <C extends Column>(column: C) =>
      sql<C["_"]["data"] | null>`case when ${fits} then ${column} end`.mapWith(column),
  };
}
