import * as pg from "drizzle-orm/pg-core";

export const tags = pg.pgTable(
  "tags",
  {
    workspaceId: pg.text("workspace_id").notNull(),
    id: pg.text("id").notNull(),
    name: pg.text("name").notNull(),
    writtenAt: pg.timestamp("written_at", { withTimezone: true }).notNull(),
  },
  (t) => [pg.primaryKey({ columns: [t.workspaceId, t.id] })],
);

/**
 * A contact's tag, as of `changed_at`. Untagging keeps the row with `tagged = false`, so a
 * tag event that arrives late and is older than the last change is recognised and ignored.
 */
export const contactTags = pg.pgTable(
  "contact_tags",
  {
    workspaceId: pg.text("workspace_id").notNull(),
    contactId: pg.text("contact_id").notNull(),
    tagId: pg.text("tag_id").notNull(),
    tagged: pg.boolean("tagged").notNull(),
    changedAt: pg.timestamp("changed_at", { withTimezone: true }).notNull(),
    writtenAt: pg.timestamp("written_at", { withTimezone: true }).notNull(),
  },
  (t) => [
    pg.primaryKey({ columns: [t.workspaceId, t.contactId, t.tagId] }),
    pg.index("contact_tags_tag_idx").on(t.workspaceId, t.tagId),
  ],
);
