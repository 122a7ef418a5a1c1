import * as pg from "drizzle-orm/pg-core";

/**
 * Dashboard sessions (src/sessions/store.ts). The cookie holds a random token; the row
 * holds only its HMAC under DASHBOARD_SESSION_SECRET, so neither a copy of this table nor
 * write access to it opens the dashboard. `key_mark` is the same HMAC of the admin key the
 * session signed in with: rotating the key ends its sessions. `revoked_at` is set by sign-out
 * and by ending every session; a revoked or expired row opens nothing. "From" is coarse and
 * not personal: a country code and a browser family, never an address or a user agent.
 */
export const dashboardSessions = pg.pgTable(
  "dashboard_sessions",
  {
    tokenHash: pg.text("token_hash").primaryKey(),
    workspaceId: pg.text("workspace_id").notNull(),
    /** Who signed in: "admin key" (Access identities need no session). */
    subject: pg.text("subject").notNull(),
    keyMark: pg.text("key_mark").notNull(),
    createdAt: pg.timestamp("created_at", { withTimezone: true }).notNull(),
    lastSeenAt: pg.timestamp("last_seen_at", { withTimezone: true }).notNull(),
    expiresAt: pg.timestamp("expires_at", { withTimezone: true }).notNull(),
    revokedAt: pg.timestamp("revoked_at", { withTimezone: true }),
    fromCountry: pg.text("from_country"),
    fromAgent: pg.text("from_agent"),
  },
  // Ending every session and pruning expired rows both walk one workspace by expiry.
  (t) => [pg.index("dashboard_sessions_expiry_idx").on(t.workspaceId, t.expiresAt)],
);
