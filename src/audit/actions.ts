/**
 * The closed set of operator actions the audit log records, and what each entry may say
 * about them. No drizzle here: the schema and the wire shapes both read these lists.
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

export interface AuditActor {
  kind: AuditActorKind;
  ref: string | null;
}

/** Where the request came from: a keyed hash of its address group, and Cloudflare's country. */
export interface AuditOrigin {
  address: string | null;
  country: string | null;
}

/** Non-personal facts about an action: kinds, modes, counts, filters. Never a person's id. */
export type AuditDetail = Record<string, string | number | boolean | null>;

/** What one action reports about itself; the request's actor and origin are added to it. */
export interface AuditFacts {
  action: AuditAction;
  outcome: AuditOutcome;
  reason?: string | null;
  /** An opaque id: delivery key, outbox id, run id, erasure id, session reference. */
  target?: string | null;
  detail?: AuditDetail;
}

/** Characters of a hash kept as a reference: enough to find the row, too few to be the hash. */
export const REF_LENGTH = 16;
