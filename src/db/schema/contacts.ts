import { sql } from "drizzle-orm";
import * as pg from "drizzle-orm/pg-core";

export const WRITE_SOURCES = ["webhook", "sync", "api"] as const;
export type WriteSource = (typeof WRITE_SOURCES)[number];

interface ContactLocation {
  country: string | null;
  region: string | null;
  city: string | null;
}

/**
 * Intercom contacts (users and leads). `deleted_at` is a tombstone: personal data is erased
 * and the row stays so that a late, older update cannot bring the contact back.
 */
export const contacts = pg.pgTable(
  "contacts",
  {
    workspaceId: pg.text("workspace_id").notNull(),
    id: pg.text("id").notNull(),
    role: pg.text("role"),
    externalId: pg.text("external_id"),
    email: pg.text("email"),
    name: pg.text("name"),
    phone: pg.text("phone"),
    ownerId: pg.text("owner_id"),
    location: pg.jsonb("location").$type<ContactLocation>(),
    intercomCreatedAt: pg.timestamp("intercom_created_at", { withTimezone: true }),
    intercomUpdatedAt: pg.timestamp("intercom_updated_at", { withTimezone: true }),
    signedUpAt: pg.timestamp("signed_up_at", { withTimezone: true }),
    lastSeenAt: pg.timestamp("last_seen_at", { withTimezone: true }),
    customAttributes: pg.jsonb("custom_attributes").$type<Record<string, unknown>>(),
    archived: pg.boolean("archived").notNull().default(false),
    /** When `archived` last changed: archive events carry no `updated_at` of their own. */
    archivedChangedAt: pg.timestamp("archived_changed_at", { withTimezone: true }),
    mergedIntoId: pg.text("merged_into_id"),
    deletedAt: pg.timestamp("deleted_at", { withTimezone: true }),
    raw: pg.jsonb("raw"),
    writtenAt: pg.timestamp("written_at", { withTimezone: true }).notNull(),
    writtenFrom: pg.text("written_from", { enum: WRITE_SOURCES }).notNull(),
  },
  (t) => [
    pg.primaryKey({ columns: [t.workspaceId, t.id] }),
    pg.index("contacts_email_ci_idx").on(t.workspaceId, sql`lower(${t.email})`),
    pg.index("contacts_external_id_idx").on(t.workspaceId, t.externalId),
    pg.index("contacts_updated_idx").on(t.workspaceId, t.intercomUpdatedAt),
  ],
);
