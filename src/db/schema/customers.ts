import { sql } from "drizzle-orm";
import {
  boolean,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from "drizzle-orm/pg-core";

/**
 * One row per customer, keyed by lower-cased email. The contact sync owns the columns it
 * writes; `account_owner`, `segment` and `extra` belong to other sources and are never
 * touched by it. The support columns are filled from conversations.
 */
export const customers = pgTable(
  "customers",
  {
    workspaceId: text("workspace_id").notNull(),
    email: text("email").notNull(),
    contactId: text("contact_id"),
    contactUpdatedAt: timestamp("contact_updated_at", { withTimezone: true }),
    name: text("name"),
    stripeCustomerId: text("stripe_customer_id"),
    mrr: doublePrecision("mrr"),
    previousMrr: doublePrecision("previous_mrr"),
    arr: doublePrecision("arr"),
    ltv: doublePrecision("ltv"),
    activeSubscriptions: integer("active_subscriptions"),
    planName: text("plan_name"),
    planPrice: doublePrecision("plan_price"),
    subscriptionStatus: text("subscription_status"),
    delinquent: boolean("delinquent"),
    lastPaymentAmount: doublePrecision("last_payment_amount"),
    lastPaymentAt: timestamp("last_payment_at", { withTimezone: true }),
    lastSeenAt: timestamp("last_seen_at", { withTimezone: true }),
    signedUpAt: timestamp("signed_up_at", { withTimezone: true }),
    country: text("country"),
    city: text("city"),
    conversationsTotal: integer("conversations_total"),
    conversations30d: integer("conversations_30d"),
    conversationsOpen: integer("conversations_open"),
    cancelIntent30d: boolean("cancel_intent_30d"),
    averageCsat: doublePrecision("average_csat"),
    /** Over conversations created in the last 30 days. */
    medianFirstResponseSeconds: integer("median_first_response_seconds"),
    /** Over conversations last closed in the last 30 days. */
    medianTimeToCloseSeconds: integer("median_time_to_close_seconds"),
    reopens: integer("reopens"),
    supportRefreshedAt: timestamp("support_refreshed_at", { withTimezone: true }),
    qualityScore: integer("quality_score"),
    syncedAt: timestamp("synced_at", { withTimezone: true }),
    // Owned by other sources.
    accountOwner: text("account_owner"),
    segment: text("segment"),
    extra: jsonb("extra"),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.email] }),
    index("customers_mrr_idx").on(t.workspaceId, t.mrr.desc()),
    index("customers_contact_idx").on(t.workspaceId, t.contactId),
  ],
);

export const ALERT_KINDS = ["high_value", "cancel_intent", "delinquent", "mrr_change"] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

/** One alert per customer, kind and change: `change_key` names the change it is about. */
export const alerts = pgTable(
  "alerts",
  {
    id: text("id").primaryKey().default(sql`gen_random_uuid()::text`),
    workspaceId: text("workspace_id").notNull(),
    email: text("email").notNull(),
    kind: text("kind", { enum: ALERT_KINDS }).notNull(),
    changeKey: text("change_key").notNull(),
    message: text("message").notNull(),
    details: jsonb("details"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("alerts_created_idx").on(t.createdAt.desc()),
    uniqueIndex("alerts_unique_change_idx").on(t.workspaceId, t.email, t.kind, t.changeKey),
  ],
);
