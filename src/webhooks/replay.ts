import { and, eq, inArray } from "drizzle-orm";
import type { Executor } from "../db/client.ts";
import { type DeliveryStatus, webhookDeliveries } from "../db/schema/index.ts";
import { AppError } from "../shared/errors.ts";
import type { DeliveryRef } from "./inbox.ts";
import type { WebhookMessage } from "./messages.ts";

/** Statuses an operator may replay: the queue gave up (`dead`) or the last attempt failed. */
const REPLAYABLE: readonly DeliveryStatus[] = ["dead", "failed"];

interface ReplayDeps {
  db: Executor;
  queue: Queue<WebhookMessage>;
}

export interface Replayed extends DeliveryRef {
  /** `received`: waiting to be applied again. */
  status: DeliveryStatus;
  /** False when it was already waiting (a second replay): nothing changed, it was re-queued. */
  changed: boolean;
}

/**
 * Puts a dead or failed delivery back to `received` and queues it, so the consumer applies it
 * as if it had just arrived (applying is idempotent and order-safe, so a stale one changes
 * nothing). A delivery already `received` is only re-queued: replaying twice is one replay.
 * If the queue send fails, the stranded-delivery sweep queues it later: the row is the truth.
 * Without `workspaceId` the key must name one delivery (Intercom's notification ids are
 * global, so in practice it does).
 */
export async function replayDelivery(
  deps: ReplayDeps,
  target: { deliveryKey: string; workspaceId?: string | undefined },
): Promise<Replayed> {
  const ref = await findOne(deps.db, target);
  const [updated] = await deps.db
    .update(webhookDeliveries)
    .set({ status: "received", processedAt: null, lastError: null })
    .where(
      and(
        eq(webhookDeliveries.workspaceId, ref.workspaceId),
        eq(webhookDeliveries.deliveryKey, ref.deliveryKey),
        inArray(webhookDeliveries.status, [...REPLAYABLE]),
      ),
    )
    .returning({ status: webhookDeliveries.status });
  // Not updated: it was not dead or failed, or it changed since it was read (applied by a
  // queue retry meanwhile): the status now decides.
  const status = updated ? "received" : (await findOne(deps.db, ref)).status;
  if (status !== "received")
    throw new AppError(
      "conflict",
      `delivery ${ref.deliveryKey} is ${status}: only dead or failed deliveries are replayed`,
    );
  await deps.queue.send({
    kind: "webhook.stored",
    workspaceId: ref.workspaceId,
    deliveryKey: ref.deliveryKey,
  });
  return {
    workspaceId: ref.workspaceId,
    deliveryKey: ref.deliveryKey,
    status: "received",
    changed: Boolean(updated),
  };
}

async function findOne(
  db: Executor,
  target: { deliveryKey: string; workspaceId?: string | undefined },
) {
  const rows = await db
    .select({
      workspaceId: webhookDeliveries.workspaceId,
      deliveryKey: webhookDeliveries.deliveryKey,
      status: webhookDeliveries.status,
    })
    .from(webhookDeliveries)
    .where(
      and(
        eq(webhookDeliveries.deliveryKey, target.deliveryKey),
        target.workspaceId ? eq(webhookDeliveries.workspaceId, target.workspaceId) : undefined,
      ),
    )
    .limit(2);
  const [row] = rows;
  if (!row) throw new AppError("not_found", `no delivery ${target.deliveryKey}`);
  if (rows.length > 1)
    throw new AppError(
      "conflict",
      `delivery key ${target.deliveryKey} exists in several workspaces: name workspace_id`,
    );
  return row;
}
