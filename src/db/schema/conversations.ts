import { boolean, index, jsonb, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";
import { WRITE_SOURCES } from "./contacts.ts";

/** What conversation webhooks carry; the conversation sync adds parts and metrics later. */
export const conversations = pgTable(
  "conversations",
  {
    workspaceId: text("workspace_id").notNull(),
    id: text("id").notNull(),
    state: text("state"),
    open: boolean("open"),
    read: boolean("read"),
    priority: text("priority"),
    title: text("title"),
    contactIds: text("contact_ids").array(),
    adminAssigneeId: text("admin_assignee_id"),
    teamAssigneeId: text("team_assignee_id"),
    intercomCreatedAt: timestamp("intercom_created_at", { withTimezone: true }),
    intercomUpdatedAt: timestamp("intercom_updated_at", { withTimezone: true }),
    deletedAt: timestamp("deleted_at", { withTimezone: true }),
    raw: jsonb("raw"),
    writtenAt: timestamp("written_at", { withTimezone: true }).notNull(),
    writtenFrom: text("written_from", { enum: WRITE_SOURCES }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    index("conversations_updated_idx").on(t.workspaceId, t.intercomUpdatedAt),
    index("conversations_contacts_idx").using("gin", t.contactIds),
  ],
);
