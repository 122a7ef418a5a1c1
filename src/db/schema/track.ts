import * as pg from "drizzle-orm/pg-core";

const TRACK_BUDGET_SCOPES = ["user", "address"] as const;

/**
 * Each user's and each client address's leaky bucket of browser events (src/track/budget.ts):
 * `level` events at `updated_at`, draining at the budget's rate. One row per (workspace, scope,
 * subject). `subject_hash` is an HMAC of the user id or address, never the value itself: the
 * budget needs equality only, and the table should hold no personal data.
 */
export const trackBudgets = pg.pgTable(
  "track_budgets",
  {
    workspaceId: pg.text("workspace_id").notNull(),
    scope: pg.text("scope", { enum: TRACK_BUDGET_SCOPES }).notNull(),
    subjectHash: pg.text("subject_hash").notNull(),
    level: pg.doublePrecision("level").notNull(),
    updatedAt: pg.timestamp("updated_at", { withTimezone: true }).notNull(),
  },
  (t) => [pg.primaryKey({ columns: [t.workspaceId, t.scope, t.subjectHash] })],
);
