import * as pg from "drizzle-orm/pg-core";

/**
 * The closed set of operator actions the audit log records, and what each entry may say
 * about them (src/audit/). The wire shapes read these lists too.
 *
 * Only operator actions are here. The product's own traffic through the admin key
 * (identify, events, tags, notes, messages) is not: it is recorded as outbox rows, and at
 * its volume it would bury the few entries an audit is for.
 */
export const AUDIT_ACTIONS = [
  "webhook.replay",
  "webhook.replay_bulk",
  "outbox.retry",
  "sync.start",
  "sync.conversation",
  "writeback.start",
  "erasure.request",
  "suppression.lift",
  "session.sign_in",
  "session.sign_out",
  "sessions.end_all",
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** `refused`: the service said no (unknown id, wrong state); `failed`: it could not (an error). */
export const AUDIT_OUTCOMES = ["ok", "refused", "failed"] as const;
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];

/**
 * How the operator authenticated. `admin_key`: the bearer key (or the sign-in form), named by
 * a short keyed mark that tells keys apart across a rotation and opens nothing.
 * `dashboard_session`: named by the start of its row's token hash (`dashboard_sessions`).
 * `access`: the identity Cloudflare Access vouched for (the operator's email or service token).
 */
export const AUDIT_ACTOR_KINDS = ["admin_key", "dashboard_session", "access"] as const;
export type AuditActorKind = (typeof AUDIT_ACTOR_KINDS)[number];

/** Non-personal facts about an action: kinds, modes, counts, filters. Never a person's id. */
export type AuditDetail = Record<string, string | number | boolean | null>;

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
