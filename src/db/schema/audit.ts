import * as pg from "drizzle-orm/pg-core";
import {
  AUDIT_ACTIONS,
  AUDIT_ACTOR_KINDS,
  AUDIT_OUTCOMES,
  type AuditDetail,
} from "../../audit/actions.ts";

/**
 * One row per operator action (src/audit/): who (how they authenticated, by a reference that
 * opens nothing), what (a closed set of actions), on which opaque id, from where (a keyed hash
 * of the address group and a country code, never the address), and how it ended. No admin
 * key, cookie, email or user id: targets are delivery keys, outbox, run and erasure ids.
 */
export const auditEvents = pg.pgTable(
  "audit_events",
  {
    id: pg.uuid("id").primaryKey().defaultRandom(),
    workspaceId: pg.text("workspace_id").notNull(),
    at: pg.timestamp("at", { withTimezone: true }).notNull(),
    action: pg.text("action", { enum: AUDIT_ACTIONS }).notNull(),
    /** `ok`, `refused` (the service said no: 404, 409) or `failed` (it could not). */
    outcome: pg.text("outcome", { enum: AUDIT_OUTCOMES }).notNull(),
    /** Not ok: the error's kind (`not_found`, `conflict`, ...), never its text. */
    reason: pg.text("reason"),
    actorKind: pg.text("actor_kind", { enum: AUDIT_ACTOR_KINDS }).notNull(),
    actorRef: pg.text("actor_ref"),
    target: pg.text("target"),
    detail: pg.jsonb("detail").$type<AuditDetail>().notNull(),
    fromAddress: pg.text("from_address"),
    fromCountry: pg.text("from_country"),
    /** The request's id (Cloudflare's ray id), as its log lines carry it. */
    requestId: pg.text("request_id"),
  },
  (t) => [
    pg.index("audit_events_list_idx").on(t.workspaceId, t.at.desc(), t.id.desc()),
    pg.index("audit_events_action_idx").on(t.workspaceId, t.action, t.at.desc(), t.id.desc()),
    // The retention purge walks every workspace by age.
    pg.index("audit_events_at_idx").on(t.at),
  ],
);
