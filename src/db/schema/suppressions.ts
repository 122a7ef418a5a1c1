import * as pg from "drizzle-orm/pg-core";

/**
 * One row per erasure the product asked for (`DELETE /v1/contacts/{contact}`): while it is not
 * lifted, writes, webhooks and syncs naming the person are refused or skipped
 * (src/erasure/suppression.ts). It holds no personal data: each identifier the erasure found
 * (Intercom contact id, user id, email) is kept only as an HMAC under ERASURE_HASH_KEY, so a
 * lookup is an index probe, and the table alone cannot be turned back into ids by guessing.
 */
export const suppressions = pg.pgTable(
  "suppressions",
  {
    id: pg.uuid("id").primaryKey().defaultRandom(),
    /** The erasure request's reference (the admin DELETE's outbox row id): one per request. */
    reference: pg.text("reference").notNull(),
    /** The erasure record of the configured workspace, in `GET /v1/erasures`. */
    erasureId: pg.uuid("erasure_id").notNull(),
    workspaceId: pg.text("workspace_id").notNull(),
    /** `contact:`, `user:` and `email:` identifiers, HMAC-SHA256 hex; emptied when lifted. */
    identifierHashes: pg.text("identifier_hashes").array().notNull(),
    createdAt: pg.timestamp("created_at", { withTimezone: true }).notNull(),
    updatedAt: pg.timestamp("updated_at", { withTimezone: true }).notNull(),
    /** Set by an operator's lift: the person may be written again. */
    liftedAt: pg.timestamp("lifted_at", { withTimezone: true }),
  },
  (t) => [
    pg.uniqueIndex("suppressions_reference_idx").on(t.reference),
    pg.index("suppressions_hashes_idx").using("gin", t.identifierHashes),
    pg.index("suppressions_created_idx").on(t.createdAt.desc(), t.id.desc()),
  ],
);
