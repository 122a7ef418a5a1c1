import { and, desc, eq, sql } from "drizzle-orm";
import type { Executor } from "../../db/client.ts";
import { outboxMessages } from "../../db/schema/outbox.ts";

/** The outbox of one workspace: rows by status, and the latest dead ones with their reason. */
export async function outboxSummary(db: Executor, workspaceId: string, deadLimit = 10) {
  const counts = await db
    .select({ status: outboxMessages.status, count: sql<number>`count(*)::int` })
    .from(outboxMessages)
    .where(eq(outboxMessages.workspaceId, workspaceId))
    .groupBy(outboxMessages.status);
  const dead = await db
    .select({
      id: outboxMessages.id,
      kind: outboxMessages.kind,
      attempts: outboxMessages.attempts,
      lastError: outboxMessages.lastError,
      updatedAt: outboxMessages.updatedAt,
    })
    .from(outboxMessages)
    .where(and(eq(outboxMessages.workspaceId, workspaceId), eq(outboxMessages.status, "dead")))
    .orderBy(desc(outboxMessages.updatedAt))
    .limit(deadLimit);
  const byStatus = Object.fromEntries(counts.map((c) => [c.status, c.count]));
  return {
    pending: (byStatus.pending ?? 0) + (byStatus.failed ?? 0) + (byStatus.unsure ?? 0),
    delivered: byStatus.delivered ?? 0,
    dead: byStatus.dead ?? 0,
    latestDead: dead,
  };
}

export type OutboxSummary = Awaited<ReturnType<typeof outboxSummary>>;
