import { sql } from "drizzle-orm";
import { boolean, index, jsonb, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";

export const WRITE_SOURCES = ["webhook", "sync", "api"] as const;
export type WriteSource = (typeof WRITE_SOURCES)[number];

export interface ContactLocation {
  country: string | null;
  region: string | null;
  city: string | null;
}

/**
 * Intercom contacts (users and leads). `deleted_at` is a tombstone: personal data is erased
 * and the row stays so that a late, older update cannot bring the contact back.
 */
export const contacts = pgTable(
  "contacts",
  {
    workspaceId: text("workspace_id").notNull(),
    id: text("id").notNull(),
    role: text("role"),
    externalId: text("external_id"),
    email: text("email"),
    name: text("name"),
    phone: text("phone"),
    ownerId: text("owner_id"),
    location: jsonb("location").$type<ContactLocation>(),
    intercomCreatedAt: timestamp("intercom_created_at", { withTimezone: true }),
    intercomUpdatedAt: timestamp("intercom_updated_at", { withTimezone: true }),
    signedUpAt: timestamp("signed_up_at", { withTimezone: true }),
    lastSeenAt: timestamp("last_seen_at", { withTimezone: true }),
    customAttributes: jsonb("custom_attributes").$type<Record<string, unknown>>(),
    archived: boolean("archived").notNull().default(false),
    /** When `archived` last changed: archive events carry no `updated_at` of their own. */
    archivedChangedAt: timestamp("archived_changed_at", { withTimezone: true }),
    mergedIntoId: text("merged_into_id"),
    deletedAt: timestamp("deleted_at", { withTimezone: true }),
    raw: jsonb("raw"),
    writtenAt: timestamp("written_at", { withTimezone: true }).notNull(),
    writtenFrom: text("written_from", { enum: WRITE_SOURCES }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    index("contacts_email_ci_idx").on(t.workspaceId, sql`lower(${t.email})`),
    index("contacts_external_id_idx").on(t.workspaceId, t.externalId),
    index("contacts_updated_idx").on(t.workspaceId, t.intercomUpdatedAt),
  ],
);
