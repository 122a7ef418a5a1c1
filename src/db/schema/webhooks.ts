import { sql } from "drizzle-orm";
import { index, integer, jsonb, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";

export const DELIVERY_STATUSES = ["received", "applied", "ignored", "failed", "dead"] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/**
 * The inbox: every notification Intercom delivered, kept as received. `delivery_key` is the
 * notification id, or a content hash for notifications without one (Intercom's `ping`).
 */
export const webhookDeliveries = pgTable(
  "webhook_deliveries",
  {
    workspaceId: text("workspace_id").notNull(),
    deliveryKey: text("delivery_key").notNull(),
    notificationId: text("notification_id"),
    topic: text("topic").notNull(),
    intercomCreatedAt: timestamp("intercom_created_at", { withTimezone: true }),
    receivedAt: timestamp("received_at", { withTimezone: true }).notNull(),
    payload: jsonb("payload").notNull(),
    /**
     * The Intercom contacts the payload names (src/webhooks/apply/mentions.ts), so an erasure
     * finds their deliveries through an index instead of reading every payload as text.
     * Null on rows stored before the column existed.
     */
    contactIds: text("contact_ids").array(),
    status: text("status", { enum: DELIVERY_STATUSES }).notNull().default("received"),
    attempts: integer("attempts").notNull().default(0),
    lastError: text("last_error"),
    processedAt: timestamp("processed_at", { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.deliveryKey] }),
    index("webhook_deliveries_contacts_idx").using("gin", t.contactIds),
    index("webhook_deliveries_legacy_idx").on(t.workspaceId).where(sql`${t.contactIds} is null`),
    index("webhook_deliveries_received_idx").on(t.receivedAt.desc()),
    index("webhook_deliveries_status_idx").on(t.status, t.receivedAt.desc()),
    index("webhook_deliveries_topic_idx").on(t.topic, t.receivedAt.desc()),
    index("webhook_deliveries_pending_idx")
      .on(t.receivedAt)
      .where(sql`${t.status} in ('received', 'failed')`),
  ],
);
