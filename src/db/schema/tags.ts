import { boolean, index, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";

export const tags = pgTable(
  "tags",
  {
    workspaceId: text("workspace_id").notNull(),
    id: text("id").notNull(),
    name: text("name").notNull(),
    writtenAt: timestamp("written_at", { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.id] })],
);

/**
 * A contact's tag, as of `changed_at`. Untagging keeps the row with `tagged = false`, so a
 * tag event that arrives late and is older than the last change is recognised and ignored.
 */
export const contactTags = pgTable(
  "contact_tags",
  {
    workspaceId: text("workspace_id").notNull(),
    contactId: text("contact_id").notNull(),
    tagId: text("tag_id").notNull(),
    tagged: boolean("tagged").notNull(),
    changedAt: timestamp("changed_at", { withTimezone: true }).notNull(),
    writtenAt: timestamp("written_at", { withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.contactId, t.tagId] }),
    index("contact_tags_tag_idx").on(t.workspaceId, t.tagId),
  ],
);
