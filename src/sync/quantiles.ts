import { and, eq, isNull, sql } from "drizzle-orm";
import type { Executor } from "../db/client.ts";
import { contacts, conversations } from "../db/schema/index.ts";
import { FULL_SYNC_PARTITIONS } from "./plan.ts";

const TABLES = { contacts, conversations };

/**
 * Equal-count created_at boundaries from what a previous run stored, so a full run's
 * partitions carry similar work. Empty below 1,000 rows: too few to be worth it.
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
  const [row] = await db
    .select({
      n: sql<number>`count(*)::int`,
      cuts: sql<
        number[] | null
      >`percentile_disc(array[${sql.raw(fractions.join(","))}]::float8[]) within group (order by extract(epoch from ${table.intercomCreatedAt}))`,
    })
    .from(table)
    .where(and(eq(table.workspaceId, workspaceId), isNull(table.deletedAt)));
  return row && row.n >= 1000 && row.cuts ? row.cuts.map(Number) : [];
}
