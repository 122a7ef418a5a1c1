import { type SQL, sql } from "drizzle-orm";
import type { Executor } from "../db/client.ts";

/**
 * Runs one `with ... select count(*) ...` purge statement and reads its counts. Each statement
 * is its own short transaction: rows are chosen `for update skip locked`, so a purge never
 * waits on a row someone else is writing, and nobody waits on the purge for long.
 */
export async function countsOf<K extends string>(
  db: Executor,
  statement: SQL,
  keys: readonly K[],
): Promise<Record<K, number>> {
  const result = await db.execute(statement);
  const row = (result.rows[0] ?? {}) as Record<string, unknown>;
  return Object.fromEntries(keys.map((k) => [k, Number(row[k] ?? 0)])) as Record<K, number>;
}

export const FINISHED = sql.raw(`('succeeded', 'failed')`);
