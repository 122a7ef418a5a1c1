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
} from "drizzle-orm/pg-core";
import { WRITE_SOURCES } from "./contacts.ts";

/**
 * Conversations from webhooks, search pages and single fetches. `parts_stored_for` is the
 * `updated_at` whose parts are committed in `conversation_parts`: parts are fetched again only
 * when the conversation has moved past it.
 */
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
    sourceType: text("source_type"),
    authorType: text("author_type"),
    authorId: text("author_id"),
    /** The opening message, as plain text. */
    sourceBody: text("source_body"),
    openingMentionsCancel: boolean("opening_mentions_cancel"),
    contactIds: text("contact_ids").array(),
    tagIds: text("tag_ids").array(),
    adminAssigneeId: text("admin_assignee_id"),
    teamAssigneeId: text("team_assignee_id"),
    intercomCreatedAt: timestamp("intercom_created_at", { withTimezone: true }),
    intercomUpdatedAt: timestamp("intercom_updated_at", { withTimezone: true }),
    waitingSince: timestamp("waiting_since", { withTimezone: true }),
    snoozedUntil: timestamp("snoozed_until", { withTimezone: true }),
    statistics: jsonb("statistics"),
    /** From `statistics`: seconds to the first admin reply, and from creation to last close. */
    firstResponseSeconds: integer("first_response_seconds"),
    timeToCloseSeconds: integer("time_to_close_seconds"),
    lastClosedAt: timestamp("last_closed_at", { withTimezone: true }),
    reopens: integer("reopens"),
    rating: doublePrecision("rating"),
    ratingRemark: text("rating_remark"),
    ratedAt: timestamp("rated_at", { withTimezone: true }),
    partsStoredFor: timestamp("parts_stored_for", { withTimezone: true }),
    /** Intercom returns only the 500 most recent parts: true when this one had more. */
    partsTruncated: boolean("parts_truncated"),
    partsTotal: integer("parts_total"),
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

/** Parts as `GET /conversations/{id}` returns them (plain-text bodies). */
export const conversationParts = pgTable(
  "conversation_parts",
  {
    workspaceId: text("workspace_id").notNull(),
    conversationId: text("conversation_id").notNull(),
    id: text("id").notNull(),
    partType: text("part_type"),
    body: text("body"),
    authorType: text("author_type"),
    authorId: text("author_id"),
    intercomCreatedAt: timestamp("intercom_created_at", { withTimezone: true }),
    intercomUpdatedAt: timestamp("intercom_updated_at", { withTimezone: true }),
    attachments: jsonb("attachments"),
    redacted: boolean("redacted"),
    mentionsCancel: boolean("mentions_cancel"),
    writtenAt: timestamp("written_at", { withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.conversationId, t.id] }),
    index("conversation_parts_created_idx").on(
      t.workspaceId,
      t.conversationId,
      t.intercomCreatedAt,
    ),
  ],
);

/** Derived from `conversations.tag_ids` after each write, so it follows the same ordering rule. */
export const conversationTags = pgTable(
  "conversation_tags",
  {
    workspaceId: text("workspace_id").notNull(),
    conversationId: text("conversation_id").notNull(),
    tagId: text("tag_id").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.conversationId, t.tagId] }),
    index("conversation_tags_tag_idx").on(t.workspaceId, t.tagId),
  ],
);

export const admins = pgTable(
  "admins",
  {
    workspaceId: text("workspace_id").notNull(),
    id: text("id").notNull(),
    name: text("name"),
    email: text("email"),
    away: boolean("away"),
    teamIds: text("team_ids").array(),
    writtenAt: timestamp("written_at", { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.id] })],
);

export const teams = pgTable(
  "teams",
  {
    workspaceId: text("workspace_id").notNull(),
    id: text("id").notNull(),
    name: text("name"),
    adminIds: text("admin_ids").array(),
    writtenAt: timestamp("written_at", { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.id] })],
);
