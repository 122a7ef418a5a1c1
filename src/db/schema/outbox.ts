import { sql } from "drizzle-orm";
import * as pg from "drizzle-orm/pg-core";
import { OUTBOX_STATUSES } from "../statuses.ts";

export const OUTBOX_KINDS = [
  "contact.identify",
  "contact.delete",
  "contact.tag",
  "contact.untag",
  "contact.note",
  "message",
  "event",
  "slack.alert",
  /** Our figures onto one Intercom contact or company (src/writeback/). */
  "writeback",
] as const;
export type OutboxKind = (typeof OUTBOX_KINDS)[number];

export { OUTBOX_STATUSES, type OutboxStatus } from "../statuses.ts";

/**
 * Everything the product asked us to send to Intercom, stored before we answer 202 and
 * delivered by the outbox queue consumer. `(workspace_id, idempotency_key)` is unique, so a
 * repeated request is a no-op. `lease_until` and `lease_token` keep two consumers from sending
 * one row at once (src/outbox/lease.ts).
 */
export const outboxMessages = pg.pgTable(
  "outbox_messages",
  {
    id: pg.uuid("id").primaryKey().defaultRandom(),
    workspaceId: pg.text("workspace_id").notNull(),
    kind: pg.text("kind", { enum: OUTBOX_KINDS }).notNull(),
    idempotencyKey: pg.text("idempotency_key").notNull(),
    /** The product's user id the write is about, for operators and ordering. */
    subject: pg.text("subject"),
    payload: pg.jsonb("payload").notNull(),
    status: pg.text("status", { enum: OUTBOX_STATUSES }).notNull().default("pending"),
    attempts: pg.integer("attempts").notNull().default(0),
    lastError: pg.text("last_error"),
    result: pg.jsonb("result"),
    nextAttemptAt: pg.timestamp("next_attempt_at", { withTimezone: true }).notNull().defaultNow(),
    leaseUntil: pg.timestamp("lease_until", { withTimezone: true }),
    /** Whose lease it is: only its holder renews it, sends the row and settles it. */
    leaseToken: pg.uuid("lease_token"),
    /**
     * When a send that may have reached Intercom unseen first went out (status `unsure`, or
     * `dead` after one): Intercom is searched from then on before the row is sent again.
     */
    unsureSince: pg.timestamp("unsure_since", { withTimezone: true }),
    createdAt: pg.timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: pg.timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    deliveredAt: pg.timestamp("delivered_at", { withTimezone: true }),
  },
  (t) => [
    pg.uniqueIndex("outbox_messages_idempotency_idx").on(t.workspaceId, t.idempotencyKey),
    // Erasure finds a person's writes by subject (user id, or email for alerts).
    pg.index("outbox_messages_subject_idx").on(t.workspaceId, t.subject),
    pg.index("outbox_messages_status_idx").on(t.status, t.createdAt.desc()),
    // The dashboard's outbox of a workspace: rows of a status, newest first (read backwards).
    pg.index("outbox_messages_workspace_status_idx").on(t.workspaceId, t.status, t.updatedAt),
    pg
      .index("outbox_messages_due_idx")
      .on(t.nextAttemptAt)
      .where(sql`${t.status} in ('pending', 'failed', 'unsure')`),
  ],
);
