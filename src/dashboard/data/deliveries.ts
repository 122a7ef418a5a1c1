import { desc, eq, gt, sql } from "drizzle-orm";
import type { Executor } from "../../db/client.ts";
import { webhookDeliveries } from "../../db/schema/webhooks.ts";

const DAY_MS = 86_400_000;

/** Webhook deliveries received in the last 24 h, counted by status and topic, and the latest dead. */
export async function deliveriesSummary(db: Executor, now: Date, deadLimit = 10) {
  const since = new Date(now.getTime() - DAY_MS);
  const counts = await db
    .select({
      topic: webhookDeliveries.topic,
      status: webhookDeliveries.status,
      count: sql<number>`count(*)::int`,
    })
    .from(webhookDeliveries)
    .where(gt(webhookDeliveries.receivedAt, since))
    .groupBy(webhookDeliveries.topic, webhookDeliveries.status)
    .orderBy(webhookDeliveries.topic, webhookDeliveries.status);
  const dead = await db
    .select({
      workspaceId: webhookDeliveries.workspaceId,
      deliveryKey: webhookDeliveries.deliveryKey,
      topic: webhookDeliveries.topic,
      receivedAt: webhookDeliveries.receivedAt,
      attempts: webhookDeliveries.attempts,
      lastError: webhookDeliveries.lastError,
    })
    .from(webhookDeliveries)
    .where(eq(webhookDeliveries.status, "dead"))
    .orderBy(desc(webhookDeliveries.receivedAt))
    .limit(deadLimit);
  return { counts, dead };
}

export type DeliveriesSummary = Awaited<ReturnType<typeof deliveriesSummary>>;
