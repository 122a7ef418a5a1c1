import { and, desc, eq, gt, inArray, or, sql } from "drizzle-orm";
import type { Executor } from "../../db/client.ts";
import { outboxMessages } from "../../db/schema/outbox.ts";

const DAY_MS = 86_400_000;

/**
 * The outbox of one workspace: rows still to send and dead ones, those delivered in the last
 * 24 h, and the latest dead with their reason. Delivered rows pile up for the retention period
 * (30 days); counting them all read every row of the workspace on each page view, so the
 * count is of a day, as for webhook deliveries. Each part is a range of
 * outbox_messages_workspace_status_idx.
 */
export async function outboxSummary(db: Executor, workspaceId: string, now: Date, deadLimit = 10) {
  const o = outboxMessages;
  const counts = await db
    .select({ status: o.status, count: sql<number>`count(*)::int` })
    .from(o)
    .where(
      and(
        eq(o.workspaceId, workspaceId),
        or(
          inArray(o.status, ["pending", "failed", "unsure", "dead"]),
          and(eq(o.status, "delivered"), gt(o.updatedAt, new Date(now.getTime() - DAY_MS))),
        ),
      ),
    )
    .groupBy(o.status);
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
