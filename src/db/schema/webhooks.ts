import { sql } from "drizzle-orm";
import * as pg from "drizzle-orm/pg-core";

import { DELIVERY_STATUSES } from "../statuses.ts";

export { DELIVERY_STATUSES, type DeliveryStatus } from "../statuses.ts";

/**
 * The inbox: every notification Intercom delivered, kept as received. `delivery_key` is the
 * notification id, or a content hash for notifications without one (Intercom's `ping`).
 */
export const webhookDeliveries = pg.pgTable(
  "webhook_deliveries",
  {
    workspaceId: pg.text("workspace_id").notNull(),
    deliveryKey: pg.text("delivery_key").notNull(),
    notificationId: pg.text("notification_id"),
    topic: pg.text("topic").notNull(),
    intercomCreatedAt: pg.timestamp("intercom_created_at", { withTimezone: true }),
    receivedAt: pg.timestamp("received_at", { withTimezone: true }).notNull(),
    payload: pg.jsonb("payload").notNull(),
    /**
     * The Intercom contacts the payload names (src/webhooks/apply/mentions.ts), so an erasure
     * finds their deliveries through an index instead of reading every payload as text.
     * Null on rows stored before the column existed.
     */
    contactIds: pg.text("contact_ids").array(),
    status: pg.text("status", { enum: DELIVERY_STATUSES }).notNull().default("received"),
    attempts: pg.integer("attempts").notNull().default(0),
    lastError: pg.text("last_error"),
    /** Why an `ignored` delivery changed nothing (a topic we do not apply, a 1.x item). */
    ignoredReason: pg.text("ignored_reason"),
    processedAt: pg.timestamp("processed_at", { withTimezone: true }),
  },
  (t) => [
    pg.primaryKey({ columns: [t.workspaceId, t.deliveryKey] }),
    pg.index("webhook_deliveries_contacts_idx").using("gin", t.contactIds),
    pg.index("webhook_deliveries_legacy_idx").on(t.workspaceId).where(sql`${t.contactIds} is null`),
    pg.index("webhook_deliveries_received_idx").on(t.receivedAt.desc()),
    pg.index("webhook_deliveries_status_idx").on(t.status, t.receivedAt.desc()),
    pg.index("webhook_deliveries_topic_idx").on(t.topic, t.receivedAt.desc()),
    pg
      .index("webhook_deliveries_pending_idx")
      .on(t.receivedAt)
      .where(sql`${t.status} in ('received', 'failed')`),
  ],
);
