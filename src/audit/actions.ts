import type { AuditAction, AuditActorKind, AuditDetail, AuditOutcome } from "../db/schema/audit.ts";

/*
 * Who did an operator action, from where, and what it reports about itself. The closed sets of
 * actions, outcomes and actor kinds are the audit table's (src/db/schema/audit.ts).
 */

export interface AuditActor {
  kind: AuditActorKind;
  ref: string | null;
}

/** Where the request came from: a keyed hash of its address group, and Cloudflare's country. */
export interface AuditOrigin {
  address: string | null;
  country: string | null;
}

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
