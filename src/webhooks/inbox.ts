import { and, desc, eq, getTableColumns, inArray, lt, or, sql } from "drizzle-orm";
import type { Executor } from "../db/client.ts";
import { afterKey, exactText, type PageKey } from "../db/keyset.ts";
import { budgetedFields } from "../db/page-budget.ts";
import { type DeliveryStatus, webhookDeliveries } from "../db/schema/index.ts";
import { mentionedContactIds } from "./apply/mentions.ts";
import type { Delivery, Notification } from "./envelope.ts";

export interface DeliveryRef {
  workspaceId: string;
  deliveryKey: string;
}

/** A delivery's identity as one string, for sets and maps: its key is unique per workspace. */
export const deliveryRefKey = (ref: DeliveryRef) => `${ref.workspaceId}\u0000${ref.deliveryKey}`;

const refMatches = (refs: readonly DeliveryRef[]) =>
  or(
    ...refs.map((ref) =>
      and(
        eq(webhookDeliveries.workspaceId, ref.workspaceId),
        eq(webhookDeliveries.deliveryKey, ref.deliveryKey),
      ),
    ),
  );

/** Stores deliveries; one already stored (a duplicate) is left exactly as it was. */
export async function storeDeliveries(
  db: Executor,
  deliveries: readonly Delivery[],
): Promise<void> {
  if (deliveries.length === 0) return;
  await db
    .insert(webhookDeliveries)
    .values(
      deliveries.map((d) => ({
        workspaceId: d.workspaceId,
        deliveryKey: d.deliveryKey,
        notificationId: d.notificationId,
        topic: d.topic,
        intercomCreatedAt: d.intercomCreatedAt ? new Date(d.intercomCreatedAt) : null,
        receivedAt: new Date(d.receivedAt),
        payload: d.payload,
        contactIds: mentionedContactIds(d.payload.data.item),
      })),
    )
    .onConflictDoNothing();
}

/** The deliveries among `refs` that still need applying (new, or failed before). */
export async function loadUnapplied(
  db: Executor,
  refs: readonly DeliveryRef[],
): Promise<Delivery[]> {
  if (refs.length === 0) return [];
  const rows = await db
    .select()
    .from(webhookDeliveries)
    .where(and(refMatches(refs), inArray(webhookDeliveries.status, ["received", "failed"])));
  return rows.map((row) => ({
    workspaceId: row.workspaceId,
    deliveryKey: row.deliveryKey,
    notificationId: row.notificationId,
    topic: row.topic,
    intercomCreatedAt: row.intercomCreatedAt?.toISOString() ?? null,
    receivedAt: row.receivedAt.toISOString(),
    payload: row.payload as Notification,
  }));
}

/** Records the result of one attempt for each delivery. */
export async function markDeliveries(
  db: Executor,
  refs: readonly DeliveryRef[],
  status: DeliveryStatus,
  at: Date,
  error: string | null = null,
  /** With `ignored`: why the delivery changed nothing. */
  ignoredReason: string | null = null,
): Promise<void> {
  if (refs.length === 0) return;
  await db
    .update(webhookDeliveries)
    .set({
      status,
      attempts: sql`${webhookDeliveries.attempts} + 1`,
      lastError: error,
      ignoredReason,
      processedAt: at,
    })
    .where(refMatches(refs));
}

/** Moves deliveries that exhausted their retries to `dead`, keeping the last error. */
export async function markDead(
  db: Executor,
  refs: readonly DeliveryRef[],
  at: Date,
  reason: string,
): Promise<void> {
  if (refs.length === 0) return;
  await db
    .update(webhookDeliveries)
    .set({
      status: "dead",
      lastError: sql`coalesce(${webhookDeliveries.lastError}, ${reason})`,
      processedAt: at,
    })
    .where(and(refMatches(refs), inArray(webhookDeliveries.status, ["received", "failed"])));
}

/** Deliveries stored but never handed to the queue (the queue send failed after the write). */
export async function findStranded(
  db: Executor,
  olderThan: Date,
  limit: number,
): Promise<DeliveryRef[]> {
  return db
    .select({
      workspaceId: webhookDeliveries.workspaceId,
      deliveryKey: webhookDeliveries.deliveryKey,
    })
    .from(webhookDeliveries)
    .where(
      and(eq(webhookDeliveries.status, "received"), lt(webhookDeliveries.receivedAt, olderThan)),
    )
    .orderBy(webhookDeliveries.receivedAt)
    .limit(limit);
}

interface DeliveryFilter {
  workspaceId?: string | undefined;
  status?: DeliveryStatus | undefined;
  topic?: string | undefined;
  limit: number;
  /** `[received_at, workspace_id, delivery_key]` of the row before: newest first. */
  after?: PageKey | undefined;
}

/**
 * A page of deliveries, newest first. Payloads (up to 1 MB each) are loaded only while the
 * page stays within the byte budget: a row past it comes with `fits` false and no payload,
 * and ends the page (src/db/page-budget.ts).
 */
export async function listDeliveries(db: Executor, filter: DeliveryFilter) {
  const w = webhookDeliveries;
  const page = db
    .select({ ...getTableColumns(w), at: exactText(w.receivedAt).as("at") })
    .from(w)
    .where(
      and(
        filter.workspaceId ? eq(w.workspaceId, filter.workspaceId) : undefined,
        filter.status ? eq(w.status, filter.status) : undefined,
        filter.topic ? eq(w.topic, filter.topic) : undefined,
        afterKey([w.receivedAt, w.workspaceId, w.deliveryKey], filter.after),
      ),
    )
    .orderBy(desc(w.receivedAt), desc(w.workspaceId), desc(w.deliveryKey))
    .limit(filter.limit)
    .as("page");
  const { fields, order } = budgetedFields(page, ["payload"], (f) => [
    sql`${f("receivedAt")} desc`,
    sql`${f("workspaceId")} desc`,
    sql`${f("deliveryKey")} desc`,
  ]);
  return db
    .select(fields)
    .from(page)
    .orderBy(...order);
}
