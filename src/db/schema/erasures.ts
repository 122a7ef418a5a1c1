import * as pg from "drizzle-orm/pg-core";

// intercom_sync: a full contact sync found a contact deleted whose webhook never came.
export const ERASURE_SOURCES = ["admin_api", "intercom_webhook", "intercom_sync"] as const;
export type ErasureSource = (typeof ERASURE_SOURCES)[number];

/** What an erasure pass removed, per table: counts only, never values. */
export interface ErasureCounts {
  contacts: number;
  contact_tags: number;
  /** Memberships of companies: an erased person leaves every account. */
  contact_companies: number;
  customers: number;
  alerts: number;
  conversations: number;
  conversation_parts: number;
  conversation_tags: number;
  parts_redacted: number;
  conversations_redacted: number;
  webhook_deliveries: number;
  outbox_messages: number;
  outbox_cancelled: number;
  /** Contacts whose written figures the write-back kept (src/erasure/writeback.ts). */
  writeback_targets: number;
}

/**
 * One row per erasure request (an admin DELETE's outbox row, or a `contact.deleted`
 * notification), for the operator: who asked, when, and what went, with no personal data.
 * The product's user id is kept only as salted SHA-256 hashes (`subject_hashes`, one salt per
 * row), so "was u_42 erased?" can be answered by hashing the question, not by reading ids.
 * Intercom's contact ids stay, as on the contact tombstones they match.
 */
export const erasures = pg.pgTable(
  "erasures",
  {
    id: pg.uuid("id").primaryKey().defaultRandom(),
    workspaceId: pg.text("workspace_id").notNull(),
    requestedBy: pg.text("requested_by", { enum: ERASURE_SOURCES }).notNull(),
    /** The outbox row id (admin API) or the webhook delivery key: one record per request. */
    reference: pg.text("reference").notNull(),
    requestedAt: pg.timestamp("requested_at", { withTimezone: true }).notNull(),
    completedAt: pg.timestamp("completed_at", { withTimezone: true }).notNull(),
    /** Times the erasure ran for this request (the admin path runs at once and on delivery). */
    passes: pg.integer("passes").notNull().default(0),
    subjectSalt: pg.text("subject_salt").notNull(),
    subjectHashes: pg.text("subject_hashes").array().notNull(),
    intercomContactIds: pg.text("intercom_contact_ids").array().notNull(),
    /** Admin path: `pending` until the Intercom delete is delivered, then `deleted` or `not_found`. */
    intercomStatus: pg.text("intercom_status").notNull(),
    removed: pg.jsonb("removed").$type<ErasureCounts>().notNull(),
  },
  (t) => [
    pg.uniqueIndex("erasures_request_idx").on(t.workspaceId, t.requestedBy, t.reference),
    pg.index("erasures_requested_idx").on(t.workspaceId, t.requestedAt.desc()),
    pg.index("erasures_contacts_idx").using("gin", t.intercomContactIds),
  ],
);
