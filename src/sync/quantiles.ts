import { and, eq, isNull, sql } from "drizzle-orm";
import type { Executor } from "../db/client.ts";
import { contacts, conversations } from "../db/schema/index.ts";
import { integerList } from "../db/values.ts";
import { FULL_SYNC_PARTITIONS } from "./plan.ts";

const TABLES = { contacts, conversations };

/** Below this many stored rows a full run splits by time instead: too few to be worth it. */
export const QUANTILE_MIN_ROWS = 1000;

/**
 * Equal-count created_at boundaries (unix seconds) from what a previous run stored, so a full
 * run's partitions carry similar work. Empty below QUANTILE_MIN_ROWS rows.
 */
export async function createdAtQuantiles(
  db: Executor,
  kind: keyof typeof TABLES,
  workspaceId: string,
): Promise<number[]> {
  const table = TABLES[kind];
  const fractions = Array.from(
    { length: FULL_SYNC_PARTITIONS - 1 },
    (_, i) => (i + 1) / FULL_SYNC_PARTITIONS,
  );
  const epoch = sql`floor(extract(epoch from ${table.intercomCreatedAt}))::bigint`;
  const [row] = await db
    .select({
      n: sql<number>`count(${table.intercomCreatedAt})::int`,
      // percentile_disc over numeric gives numeric[], which the driver hands back as the text
      // "{...}"; over bigint, wrapped in jsonb, it arrives as a JS array of numbers.
      cuts: sql<unknown>`to_jsonb(percentile_disc(array[${sql.raw(fractions.join(","))}]::float8[]) within group (order by ${epoch}))`,
    })
    .from(table)
    .where(and(eq(table.workspaceId, workspaceId), isNull(table.deletedAt)));
  if (!row || row.n < QUANTILE_MIN_ROWS || row.cuts === null) return [];
  return integerList(row.cuts, `${kind} created_at quantiles`);
}
