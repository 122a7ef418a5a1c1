import * as pg from "drizzle-orm/pg-core";

export const TRACK_BUDGET_SCOPES = ["user", "address"] as const;

/**
 * How many browser events each user and each client address had accepted in the current
 * one-minute window (src/track/budget.ts). One row per (workspace, scope, subject), reset when
 * a new window starts. `subject_hash` is an HMAC of the user id or address, never the value
 * itself: the budget needs equality only, and the table should hold no personal data.
 */
export const trackBudgets = pg.pgTable(
  "track_budgets",
  {
    workspaceId: pg.text("workspace_id").notNull(),
    scope: pg.text("scope", { enum: TRACK_BUDGET_SCOPES }).notNull(),
    subjectHash: pg.text("subject_hash").notNull(),
    windowStart: pg.timestamp("window_start", { withTimezone: true }).notNull(),
    events: pg.integer("events").notNull(),
  },
  (t) => [pg.primaryKey({ columns: [t.workspaceId, t.scope, t.subjectHash] })],
);
