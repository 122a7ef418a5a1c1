import type { Executor } from "../db/client.ts";
import type { AuditAction, AuditDetail, AuditOutcome } from "../db/schema/audit.ts";
import { asAppError, errorMessage } from "../shared/errors.ts";
import type { Logger } from "../shared/logger.ts";
import type { AuditActor, AuditFacts, AuditOrigin } from "./actions.ts";
import { recordAudit } from "./record.ts";

/** What the log needs from one request: built by the composition root (src/deps.ts). */
interface AuditDeps {
  db: () => Executor;
  logger: Logger;
  workspaceId: string;
  now: () => Date;
  actor: AuditActor;
  origin: AuditOrigin;
  requestId: string | null;
}

/** Records entries for one request, its actor and origin already known. */
export interface Auditor {
  /** Inside the action's transaction: a failure here rolls the action back. */
  within(db: Executor, facts: AuditFacts): Promise<void>;
  /**
   * After an action without a transaction of its own. The action has happened either way,
   * so a record that cannot be written is an error log line naming the action and target
   * (the log is then the record), not a failed answer that would invite a second action.
   */
  after(facts: AuditFacts): Promise<void>;
}

export function createAuditor(deps: AuditDeps): Auditor {
  const entry = (facts: AuditFacts) => ({
    ...facts,
    workspaceId: deps.workspaceId,
    at: deps.now(),
    actor: deps.actor,
    origin: deps.origin,
    requestId: deps.requestId,
  });
  return {
    within: (db, facts) => recordAudit(db, entry(facts)),
    async after(facts) {
      try {
        await recordAudit(deps.db(), entry(facts));
      } catch (error) {
        deps.logger.error("audit entry not written", {
          action: facts.action,
          outcome: facts.outcome,
          target: facts.target ?? null,
          actor_kind: deps.actor.kind,
          error: errorMessage(error),
        });
      }
    },
  };
}

/** What an action says about itself once done: its target and details. */
interface AuditSubject {
  target?: string | null;
  detail?: AuditDetail;
}

/** Records inside the action's transaction; the action calls it with what it is about. */
type RecordWithin = (db: Executor, subject: AuditSubject) => Promise<void>;

/** Errors the service chose to answer (a 404, a 409) against errors it could not help. */
const REFUSALS = new Set([
  "invalid_request",
  "unprocessable",
  "forbidden",
  "not_found",
  "conflict",
]);

function outcomeOf(error: unknown): { outcome: AuditOutcome; reason: string } {
  const { kind } = asAppError(error);
  return { outcome: REFUSALS.has(kind) ? "refused" : "failed", reason: kind };
}

/**
 * Runs one operator action and records exactly one entry for it. An action with a
 * transaction calls `within` inside it (its entry commits with it); otherwise the entry is
 * written after it, from `describe`. An action that throws is recorded as refused or failed,
 * with `attempted` (what was asked for, when that is an opaque id) as its target, and the
 * error goes on to the caller unchanged.
 */
export async function audited<T>(
  auditor: Auditor,
  action: AuditAction,
  act: (within: RecordWithin) => Promise<T>,
  options: { describe?: (result: T) => AuditSubject; attempted?: AuditSubject } = {},
): Promise<T> {
  let recorded = false;
  const within: RecordWithin = async (db, subject) => {
    await auditor.within(db, { action, outcome: "ok", ...subject });
    recorded = true;
  };
  let result: T;
  try {
    result = await act(within);
  } catch (error) {
    await auditor.after({ action, ...outcomeOf(error), ...options.attempted });
    throw error;
  }
  if (!recorded) await auditor.after({ action, outcome: "ok", ...options.describe?.(result) });
  return result;
}
