import { sql } from "drizzle-orm";
import * as pg from "drizzle-orm/pg-core";

/**
 * At risk: delinquent, cancel intent in the last 30 days, or a subscription past due, canceled
 * or unpaid. One text for the queries and the partial index that serves them (Postgres uses a
 * partial index only for a query whose condition implies the index's).
 */
export const atRiskOf = (t: {
  delinquent: pg.AnyPgColumn;
  cancelIntent30d: pg.AnyPgColumn;
  subscriptionStatus: pg.AnyPgColumn;
}) =>
  sql`(${t.delinquent} is true or ${t.cancelIntent30d} is true or ${t.subscriptionStatus} in ('past_due', 'canceled', 'unpaid'))`;

/**
 * One row per customer, keyed by lower-cased email. The contact sync owns the columns it
 * writes; `account_owner`, `segment` and `extra` belong to other sources and are never
 * touched by it. The support columns are filled from conversations.
 */
export const customers = pg.pgTable(
  "customers",
  {
    workspaceId: pg.text("workspace_id").notNull(),
    email: pg.text("email").notNull(),
    /**
     * What addresses a customer in URLs (the dashboard's customer page) instead of the email,
     * which would reach platform logs that no erasure reaches. New with each row: a customer
     * erased and derived again gets another.
     */
    id: pg.uuid("id").notNull().defaultRandom(),
    contactId: pg.text("contact_id"),
    contactUpdatedAt: pg.timestamp("contact_updated_at", { withTimezone: true }),
    name: pg.text("name"),
    stripeCustomerId: pg.text("stripe_customer_id"),
    mrr: pg.doublePrecision("mrr"),
    previousMrr: pg.doublePrecision("previous_mrr"),
    arr: pg.doublePrecision("arr"),
    ltv: pg.doublePrecision("ltv"),
    activeSubscriptions: pg.integer("active_subscriptions"),
    planName: pg.text("plan_name"),
    planPrice: pg.doublePrecision("plan_price"),
    subscriptionStatus: pg.text("subscription_status"),
    delinquent: pg.boolean("delinquent"),
    lastPaymentAmount: pg.doublePrecision("last_payment_amount"),
    lastPaymentAt: pg.timestamp("last_payment_at", { withTimezone: true }),
    lastSeenAt: pg.timestamp("last_seen_at", { withTimezone: true }),
    signedUpAt: pg.timestamp("signed_up_at", { withTimezone: true }),
    country: pg.text("country"),
    city: pg.text("city"),
    conversationsTotal: pg.integer("conversations_total"),
    conversations30d: pg.integer("conversations_30d"),
    conversationsOpen: pg.integer("conversations_open"),
    cancelIntent30d: pg.boolean("cancel_intent_30d"),
    averageCsat: pg.doublePrecision("average_csat"),
    /** Over conversations created in the last 30 days. */
    medianFirstResponseSeconds: pg.integer("median_first_response_seconds"),
    /** Over conversations last closed in the last 30 days. */
    medianTimeToCloseSeconds: pg.integer("median_time_to_close_seconds"),
    reopens: pg.integer("reopens"),
    supportRefreshedAt: pg.timestamp("support_refreshed_at", { withTimezone: true }),
    qualityScore: pg.integer("quality_score"),
    syncedAt: pg.timestamp("synced_at", { withTimezone: true }),
    // Owned by other sources.
    accountOwner: pg.text("account_owner"),
    segment: pg.text("segment"),
    extra: pg.jsonb("extra"),
  },
  (t) => [
    pg.primaryKey({ columns: [t.workspaceId, t.email] }),
    pg.uniqueIndex("customers_id_idx").on(t.workspaceId, t.id),
    pg.index("customers_mrr_idx").on(t.workspaceId, t.mrr.desc()),
    pg.index("customers_contact_idx").on(t.workspaceId, t.contactId),
    // The dashboard's at-risk list, most MRR first: only the at-risk rows, in that order.
    pg.index("customers_at_risk_idx").on(t.workspaceId, t.mrr.desc(), t.email).where(atRiskOf(t)),
    // The dashboard's search by any part of an email (pg_trgm; 3 characters or more).
    pg.index("customers_email_trgm_idx").using("gin", t.email.op("gin_trgm_ops")),
    // The charts: MRR by plan and customers by quality band, read from the index alone.
    pg.index("customers_plan_mrr_idx").on(t.workspaceId, t.planName, t.mrr),
    pg.index("customers_quality_idx").on(t.workspaceId, t.qualityScore),
  ],
);

export const ALERT_KINDS = ["high_value", "cancel_intent", "delinquent", "mrr_change"] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

/**
 * One alert per subject, kind and change: `change_key` names the change it is about. The
 * subject is a customer (`email`) or an account (`account_id`, the company's Intercom id),
 * never both.
 */
export const alerts = pg.pgTable(
  "alerts",
  {
    id: pg.text("id").primaryKey().default(sql`gen_random_uuid()::text`),
    workspaceId: pg.text("workspace_id").notNull(),
    email: pg.text("email"),
    accountId: pg.text("account_id"),
    kind: pg.text("kind", { enum: ALERT_KINDS }).notNull(),
    changeKey: pg.text("change_key").notNull(),
    message: pg.text("message").notNull(),
    details: pg.jsonb("details"),
    createdAt: pg.timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    pg.index("alerts_created_idx").on(t.createdAt.desc()),
    // The dashboard's latest alerts of each kind: one short range per kind, read backwards
    // (an index on `created_at DESC NULLS LAST` cannot serve `order by created_at desc`).
    pg.index("alerts_kind_idx").on(t.workspaceId, t.kind, t.createdAt),
    pg.uniqueIndex("alerts_unique_change_idx").on(t.workspaceId, t.email, t.kind, t.changeKey),
    pg
      .uniqueIndex("alerts_unique_account_change_idx")
      .on(t.workspaceId, t.accountId, t.kind, t.changeKey)
      .where(sql`${t.accountId} is not null`),
    pg.check("alerts_one_subject", sql`(${t.email} is null) <> (${t.accountId} is null)`),
  ],
);
