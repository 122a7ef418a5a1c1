import { and, desc, eq, getTableColumns, isNotNull, isNull, sql } from "drizzle-orm";
import type { Executor } from "../db/client.ts";
import { afterKey, exactText, type PageKey } from "../db/keyset.ts";
import { suppressions } from "../db/schema/index.ts";
import { AppError } from "../shared/errors.ts";

export type SuppressionRow = typeof suppressions.$inferSelect;

/**
 * An operator lifts a suppression: writes naming the person are accepted again, and their
 * webhooks and syncs applied. The hashes go with it (nothing is left to match), the row stays
 * as the record of the lift. Lifting twice is one lift. What the erasure removed stays
 * removed, and contacts erased on sight meanwhile stay tombstones.
 */
export async function liftSuppression(
  db: Executor,
  id: string,
  now: Date,
): Promise<SuppressionRow> {
  const [lifted] = await db
    .update(suppressions)
    .set({ liftedAt: now, updatedAt: now, identifierHashes: [] })
    .where(and(eq(suppressions.id, id), isNull(suppressions.liftedAt)))
    .returning();
  if (lifted) return lifted;
  const [already] = await db.select().from(suppressions).where(eq(suppressions.id, id));
  if (!already) throw new AppError("not_found", `no suppression ${id}`);
  return already;
}

interface SuppressionFilter {
  status?: "active" | "lifted" | undefined;
  erasureId?: string | undefined;
  limit: number;
  /** `[created_at, id]` of the row before: newest first. */
  after?: PageKey | undefined;
}

/** Newest first; the identifiers are counted, never shown (they are hashes of personal data). */
export function listSuppressions(db: Executor, filter: SuppressionFilter) {
  const { identifierHashes, ...columns } = getTableColumns(suppressions);
  return db
    .select({
      ...columns,
      identifiers: sql<number>`cardinality(${identifierHashes})`,
      at: exactText(suppressions.createdAt),
    })
    .from(suppressions)
    .where(
      and(
        filter.status === "active" ? isNull(suppressions.liftedAt) : undefined,
        filter.status === "lifted" ? isNotNull(suppressions.liftedAt) : undefined,
        filter.erasureId ? eq(suppressions.erasureId, filter.erasureId) : undefined,
        afterKey([suppressions.createdAt, suppressions.id], filter.after),
      ),
    )
    .orderBy(desc(suppressions.createdAt), desc(suppressions.id))
    .limit(filter.limit);
}
