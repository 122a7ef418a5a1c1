import * as pg from "drizzle-orm/pg-core";
import { WRITE_SOURCES } from "./contacts.ts";

/**
 * Intercom companies, keyed by Intercom's id; `company_id` is the customer's own id for it
 * (set once at creation, never changed by Intercom). `deleted_at` is a tombstone, as for
 * contacts: the row stays so that a late, older update cannot bring the company back.
 * `monthly_spend` is Intercom's own field, an integer (Intercom truncates what it is sent).
 */
export const companies = pg.pgTable(
  "companies",
  {
    workspaceId: pg.text("workspace_id").notNull(),
    id: pg.text("id").notNull(),
    companyId: pg.text("company_id"),
    name: pg.text("name"),
    plan: pg.text("plan"),
    monthlySpend: pg.bigint("monthly_spend", { mode: "number" }),
    userCount: pg.integer("user_count"),
    sessionCount: pg.integer("session_count"),
    customAttributes: pg.jsonb("custom_attributes").$type<Record<string, unknown>>(),
    tagNames: pg.text("tag_names").array(),
    remoteCreatedAt: pg.timestamp("remote_created_at", { withTimezone: true }),
    intercomCreatedAt: pg.timestamp("intercom_created_at", { withTimezone: true }),
    intercomUpdatedAt: pg.timestamp("intercom_updated_at", { withTimezone: true }),
    lastRequestAt: pg.timestamp("last_request_at", { withTimezone: true }),
    deletedAt: pg.timestamp("deleted_at", { withTimezone: true }),
    writtenAt: pg.timestamp("written_at", { withTimezone: true }).notNull(),
    writtenFrom: pg.text("written_from", { enum: WRITE_SOURCES }).notNull(),
  },
  (t) => [
    pg.primaryKey({ columns: [t.workspaceId, t.id] }),
    pg.index("companies_company_id_idx").on(t.workspaceId, t.companyId),
  ],
);

/**
 * A contact's membership of a company, as of `changed_at`. Detaching keeps the row with
 * `attached = false`, so an attach event that arrives late and is older than the last change
 * is recognised and ignored (as contact_tags does for tags).
 */
export const contactCompanies = pg.pgTable(
  "contact_companies",
  {
    workspaceId: pg.text("workspace_id").notNull(),
    contactId: pg.text("contact_id").notNull(),
    companyId: pg.text("company_id").notNull(),
    attached: pg.boolean("attached").notNull(),
    changedAt: pg.timestamp("changed_at", { withTimezone: true }).notNull(),
    writtenAt: pg.timestamp("written_at", { withTimezone: true }).notNull(),
  },
  (t) => [
    pg.primaryKey({ columns: [t.workspaceId, t.contactId, t.companyId] }),
    pg.index("contact_companies_company_idx").on(t.workspaceId, t.companyId),
  ],
);

/** Companies a run's scroll saw, by scroll attempt (a restarted scroll sees them again). */
export const syncSeenCompanies = pg.pgTable(
  "sync_seen_companies",
  {
    runId: pg.uuid("run_id").notNull(),
    companyId: pg.text("company_id").notNull(),
    attempt: pg.integer("attempt").notNull(),
  },
  (t) => [pg.primaryKey({ columns: [t.runId, t.attempt, t.companyId] })],
);

/**
 * One record per account: a company with what its people's customer records add up to
 * (src/accounts/derive.ts). Keyed like the company; a tombstoned company has no account.
 */
export const accounts = pg.pgTable(
  "accounts",
  {
    workspaceId: pg.text("workspace_id").notNull(),
    intercomId: pg.text("intercom_id").notNull(),
    companyId: pg.text("company_id"),
    name: pg.text("name"),
    plan: pg.text("plan"),
    monthlySpend: pg.bigint("monthly_spend", { mode: "number" }),
    mrr: pg.doublePrecision("mrr").notNull(),
    previousMrr: pg.doublePrecision("previous_mrr"),
    arr: pg.doublePrecision("arr").notNull(),
    ltv: pg.doublePrecision("ltv").notNull(),
    peopleCount: pg.integer("people_count").notNull(),
    peopleSeen30d: pg.integer("people_seen_30d").notNull(),
    customersCount: pg.integer("customers_count").notNull(),
    openConversations: pg.integer("open_conversations").notNull(),
    conversations30d: pg.integer("conversations_30d").notNull(),
    cancelMentions: pg.integer("cancel_mentions").notNull(),
    delinquentPeople: pg.integer("delinquent_people").notNull(),
    health: pg.integer("health").notNull(),
    derivedAt: pg.timestamp("derived_at", { withTimezone: true }).notNull(),
  },
  (t) => [
    pg.primaryKey({ columns: [t.workspaceId, t.intercomId] }),
    pg.index("accounts_company_id_idx").on(t.workspaceId, t.companyId),
    pg.index("accounts_mrr_idx").on(t.workspaceId, t.mrr.desc(), t.intercomId),
    pg.index("accounts_health_idx").on(t.workspaceId, t.health, t.intercomId),
    pg.index("accounts_name_trgm_idx").using("gin", t.name.op("gin_trgm_ops")),
  ],
);

export type CompanyRow = typeof companies.$inferInsert;
export type AccountRow = typeof accounts.$inferSelect;
