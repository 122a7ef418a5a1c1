import * as pg from "drizzle-orm/pg-core";
import { WRITE_SOURCES } from "./contacts.ts";

/**
 * Conversations from webhooks, search pages and single fetches. `parts_stored_for` is the
 * `updated_at` whose parts are committed in `conversation_parts`: parts are fetched again only
 * when the conversation has moved past it.
 */
export const conversations = pg.pgTable(
  "conversations",
  {
    workspaceId: pg.text("workspace_id").notNull(),
    id: pg.text("id").notNull(),
    state: pg.text("state"),
    open: pg.boolean("open"),
    read: pg.boolean("read"),
    priority: pg.text("priority"),
    title: pg.text("title"),
    sourceType: pg.text("source_type"),
    authorType: pg.text("author_type"),
    authorId: pg.text("author_id"),
    /** The opening message, as plain text. */
    sourceBody: pg.text("source_body"),
    openingMentionsCancel: pg.boolean("opening_mentions_cancel"),
    contactIds: pg.text("contact_ids").array(),
    tagIds: pg.text("tag_ids").array(),
    adminAssigneeId: pg.text("admin_assignee_id"),
    teamAssigneeId: pg.text("team_assignee_id"),
    intercomCreatedAt: pg.timestamp("intercom_created_at", { withTimezone: true }),
    intercomUpdatedAt: pg.timestamp("intercom_updated_at", { withTimezone: true }),
    waitingSince: pg.timestamp("waiting_since", { withTimezone: true }),
    snoozedUntil: pg.timestamp("snoozed_until", { withTimezone: true }),
    statistics: pg.jsonb("statistics"),
    /** From `statistics`: seconds to the first admin reply, and from creation to last close. */
    firstResponseSeconds: pg.integer("first_response_seconds"),
    timeToCloseSeconds: pg.integer("time_to_close_seconds"),
    lastClosedAt: pg.timestamp("last_closed_at", { withTimezone: true }),
    reopens: pg.integer("reopens"),
    rating: pg.doublePrecision("rating"),
    ratingRemark: pg.text("rating_remark"),
    ratedAt: pg.timestamp("rated_at", { withTimezone: true }),
    partsStoredFor: pg.timestamp("parts_stored_for", { withTimezone: true }),
    /** Intercom returns only the 500 most recent parts: true when this one had more. */
    partsTruncated: pg.boolean("parts_truncated"),
    partsTotal: pg.integer("parts_total"),
    deletedAt: pg.timestamp("deleted_at", { withTimezone: true }),
    raw: pg.jsonb("raw"),
    writtenAt: pg.timestamp("written_at", { withTimezone: true }).notNull(),
    writtenFrom: pg.text("written_from", { enum: WRITE_SOURCES }).notNull(),
  },
  (t) => [
    pg.primaryKey({ columns: [t.workspaceId, t.id] }),
    pg.index("conversations_updated_idx").on(t.workspaceId, t.intercomUpdatedAt),
    // The dashboard's conversations per day over 30 days.
    pg.index("conversations_created_idx").on(t.workspaceId, t.intercomCreatedAt),
    pg.index("conversations_contacts_idx").using("gin", t.contactIds),
  ],
);

/** Parts as `GET /conversations/{id}` returns them (plain-text bodies). */
export const conversationParts = pg.pgTable(
  "conversation_parts",
  {
    workspaceId: pg.text("workspace_id").notNull(),
    conversationId: pg.text("conversation_id").notNull(),
    id: pg.text("id").notNull(),
    partType: pg.text("part_type"),
    body: pg.text("body"),
    authorType: pg.text("author_type"),
    authorId: pg.text("author_id"),
    intercomCreatedAt: pg.timestamp("intercom_created_at", { withTimezone: true }),
    intercomUpdatedAt: pg.timestamp("intercom_updated_at", { withTimezone: true }),
    attachments: pg.jsonb("attachments"),
    redacted: pg.boolean("redacted"),
    mentionsCancel: pg.boolean("mentions_cancel"),
    writtenAt: pg.timestamp("written_at", { withTimezone: true }).notNull(),
  },
  (t) => [
    pg.primaryKey({ columns: [t.workspaceId, t.conversationId, t.id] }),
    pg
      .index("conversation_parts_created_idx")
      .on(t.workspaceId, t.conversationId, t.intercomCreatedAt),
  ],
);

/** Derived from `conversations.tag_ids` after each write, so it follows the same ordering rule. */
export const conversationTags = pg.pgTable(
  "conversation_tags",
  {
    workspaceId: pg.text("workspace_id").notNull(),
    conversationId: pg.text("conversation_id").notNull(),
    tagId: pg.text("tag_id").notNull(),
  },
  (t) => [
    pg.primaryKey({ columns: [t.workspaceId, t.conversationId, t.tagId] }),
    pg.index("conversation_tags_tag_idx").on(t.workspaceId, t.tagId),
  ],
);

export const admins = pg.pgTable(
  "admins",
  {
    workspaceId: pg.text("workspace_id").notNull(),
    id: pg.text("id").notNull(),
    name: pg.text("name"),
    email: pg.text("email"),
    away: pg.boolean("away"),
    teamIds: pg.text("team_ids").array(),
    writtenAt: pg.timestamp("written_at", { withTimezone: true }).notNull(),
  },
  (t) => [pg.primaryKey({ columns: [t.workspaceId, t.id] })],
);

export const teams = pg.pgTable(
  "teams",
  {
    workspaceId: pg.text("workspace_id").notNull(),
    id: pg.text("id").notNull(),
    name: pg.text("name"),
    adminIds: pg.text("admin_ids").array(),
    writtenAt: pg.timestamp("written_at", { withTimezone: true }).notNull(),
  },
  (t) => [pg.primaryKey({ columns: [t.workspaceId, t.id] })],
);
