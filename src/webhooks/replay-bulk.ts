import { and, eq, gte, isNull, lt, or, type SQL, sql } from "drizzle-orm";
import type { Executor } from "../db/client.ts";
import { type DeliveryStatus, webhookDeliveries as w } from "../db/schema/index.ts";
import { errorMessage } from "../shared/errors.ts";
import type { Logger } from "../shared/logger.ts";
import { sendAll } from "../shared/queue-send.ts";
import type { WebhookMessage } from "./messages.ts";
import type { CountFilter, DeliveryWindow, ReplayFilter } from "./replay-filter.ts";

interface BulkReplayDeps {
  db: Executor;
  queue: Queue<WebhookMessage>;
  logger: Logger;
}

export interface BulkReplayed {
  replayed: number;
  /** More rows matched than `limit`: call again (the ones replayed no longer match). */
  more: boolean;
}

const inWindow = (filter: DeliveryWindow): Array<SQL | undefined> => [
  filter.workspaceId === undefined ? undefined : eq(w.workspaceId, filter.workspaceId),
  filter.topic === undefined ? undefined : eq(w.topic, filter.topic),
  filter.since === undefined ? undefined : gte(w.receivedAt, filter.since),
  filter.until === undefined ? undefined : lt(w.receivedAt, filter.until),
];

/**
 * Puts up to `limit` deliveries matching the filter back to `received` (error and processing
 * time cleared) in one statement, oldest first, and queues them to be applied as if they had
 * just arrived. Applying is idempotent and order-safe (an older `updated_at` never wins,
 * deletions leave tombstones), so replaying a stale delivery changes nothing and the order
 * of replays does not matter.
 *
 * Idempotent: a replayed row is `received`, so it no longer matches and a second call replays
 * nothing new. Rows another statement holds are skipped (`skip locked`), never waited on, so
 * two replays at once never take the same row. `processedBefore` keeps a series of calls from
 * taking a row twice: a row replayed by an earlier call and already processed again (say,
 * ignored again within milliseconds) was processed after the series began, and is left alone.
 *
 * If the queue send fails, the rows are still `received` and the minute's stranded-delivery
 * sweep (src/webhooks/sweep.ts) queues them: it takes every `received` row whose
 * `received_at` is over 2 minutes old, and a replayed row keeps its original `received_at`,
 * so it is taken at the next sweep (a delivery that arrived under 2 minutes ago, once that
 * grace has passed). The same rule means a replayed row the consumer has not reached by the
 * next sweep is queued twice; the consumer applies only rows still waiting, so that is
 * harmless, as a duplicate from Intercom is. The row is the truth: a failed send is logged
 * and the call still answers what it replayed.
 */
export async function replayDeliveries(
  deps: BulkReplayDeps,
  filter: ReplayFilter,
): Promise<BulkReplayed> {
  const where = and(
    eq(w.status, filter.status),
    ...inWindow(filter),
    filter.processedBefore === undefined
      ? undefined
      : or(isNull(w.processedAt), lt(w.processedAt, filter.processedBefore)),
  );
  // One row past the limit says whether there are more, without a count of all of them.
  // Ordered by received_at alone, the (status, received_at) or (topic, received_at) index
  // yields the rows in order, read backwards, and stops at the limit: no sort of every match.
  const result = await deps.db.execute<{
    workspaceId: string;
    deliveryKey: string;
    more: boolean;
  }>(sql`
    with candidates as (
      select ${w.workspaceId} as workspace_id, ${w.deliveryKey} as delivery_key,
        ${w.receivedAt} as received_at
      from ${w} where ${where}
      order by ${w.receivedAt} limit ${filter.limit + 1} for update skip locked
    ), picked as (
      select workspace_id, delivery_key from candidates order by received_at limit ${filter.limit}
    ), replayed as (
      update ${w} set status = 'received', processed_at = null, last_error = null
      from picked
      where ${w}.workspace_id = picked.workspace_id and ${w}.delivery_key = picked.delivery_key
      returning ${w}.workspace_id, ${w}.delivery_key
    )
    select workspace_id as "workspaceId", delivery_key as "deliveryKey",
      (select count(*) from candidates) > ${filter.limit} as more
    from replayed`);
  const refs = result.rows.map((row) => ({
    workspaceId: row.workspaceId,
    deliveryKey: row.deliveryKey,
  }));
  try {
    await sendAll(
      deps.queue,
      refs.map((ref) => ({ kind: "webhook.stored", ...ref }) satisfies WebhookMessage),
    );
  } catch (error) {
    deps.logger.warn("replayed deliveries not queued; the stranded-delivery sweep will", {
      deliveries: refs.length,
      error: errorMessage(error),
    });
  }
  return { replayed: refs.length, more: result.rows[0]?.more === true };
}

export type DeliveryCounts = Record<DeliveryStatus, number>;

/**
 * Deliveries in the window by status: what a replay became. With `processedSince`, only rows
 * processed since then count, besides those still waiting (`received`): the rows a series of
 * replay calls took are among them from its first call's `processedBefore` on.
 */
export async function countDeliveries(db: Executor, filter: CountFilter): Promise<DeliveryCounts> {
  const rows = await db
    .select({ status: w.status, count: sql<number>`count(*)::int` })
    .from(w)
    .where(
      and(
        ...inWindow(filter),
        filter.processedSince === undefined
          ? undefined
          : or(eq(w.status, "received"), gte(w.processedAt, filter.processedSince)),
      ),
    )
    .groupBy(w.status);
  const counts: DeliveryCounts = { received: 0, applied: 0, ignored: 0, failed: 0, dead: 0 };
  for (const row of rows) counts[row.status] = Number(row.count);
  return counts;
}
