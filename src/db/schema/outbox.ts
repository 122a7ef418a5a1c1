import { sql } from "drizzle-orm";
import {
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";

export const OUTBOX_KINDS = [
  "contact.identify",
  "contact.delete",
  "contact.tag",
  "contact.untag",
  "contact.note",
  "message",
  "event",
  "slack.alert",
] as const;
export type OutboxKind = (typeof OUTBOX_KINDS)[number];

export const OUTBOX_STATUSES = ["pending", "delivered", "failed", "dead"] as const;
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];

/**
 * Everything the product asked us to send to Intercom, stored before we answer 202 and
 * delivered by the outbox queue consumer. `(workspace_id, idempotency_key)` is unique, so a
 * repeated request is a no-op. `lease_until` keeps two consumers from sending one row at once.
 */
export const outboxMessages = pgTable(
  "outbox_messages",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    workspaceId: text("workspace_id").notNull(),
    kind: text("kind", { enum: OUTBOX_KINDS }).notNull(),
    idempotencyKey: text("idempotency_key").notNull(),
    /** The product's user id the write is about, for operators and ordering. */
    subject: text("subject"),
    payload: jsonb("payload").notNull(),
    status: text("status", { enum: OUTBOX_STATUSES }).notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    lastError: text("last_error"),
    result: jsonb("result"),
    nextAttemptAt: timestamp("next_attempt_at", { withTimezone: true }).notNull().defaultNow(),
    leaseUntil: timestamp("lease_until", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    deliveredAt: timestamp("delivered_at", { withTimezone: true }),
  },
  (t) => [
    uniqueIndex("outbox_messages_idempotency_idx").on(t.workspaceId, t.idempotencyKey),
    // Erasure finds a person's writes by subject (user id, or email for alerts).
    index("outbox_messages_subject_idx").on(t.workspaceId, t.subject),
    index("outbox_messages_status_idx").on(t.status, t.createdAt.desc()),
    index("outbox_messages_due_idx")
      .on(t.nextAttemptAt)
      .where(sql`${t.status} in ('pending', 'failed')`),
  ],
);
