import { and, desc, eq, getTableColumns, gte } from "drizzle-orm";
import type { Executor } from "../db/client.ts";
import { afterKey, exactText, type PageKey } from "../db/keyset.ts";
import type { AuditAction } from "../db/schema/audit.ts";
import { auditEvents as a } from "../db/schema/audit.ts";
import type { AuditActor, AuditFacts, AuditOrigin } from "./actions.ts";

/** One entry as stored: the action's facts with who, from where and when. */
interface AuditEntry extends AuditFacts {
  workspaceId: string;
  at: Date;
  actor: AuditActor;
  origin: AuditOrigin;
  requestId: string | null;
}

/**
 * Records one operator action. `db` is the action's own transaction when it has one, so the
 * action and its record commit or roll back together.
 */
export async function recordAudit(db: Executor, entry: AuditEntry): Promise<void> {
  await db.insert(a).values({
    workspaceId: entry.workspaceId,
    at: entry.at,
    action: entry.action,
    outcome: entry.outcome,
    reason: entry.reason ?? null,
    actorKind: entry.actor.kind,
    actorRef: entry.actor.ref,
    target: entry.target ?? null,
    detail: entry.detail ?? {},
    fromAddress: entry.origin.address,
    fromCountry: entry.origin.country,
    requestId: entry.requestId,
  });
}

interface AuditFilter {
  workspaceId: string;
  action?: AuditAction | undefined;
  since?: Date | undefined;
  limit: number;
  /** `[at, id]` of the row before. */
  after?: PageKey | undefined;
}

/** Newest first, one workspace; `since` is inclusive. */
export function listAudit(db: Executor, filter: AuditFilter) {
  return db
    .select({ ...getTableColumns(a), key: exactText(a.at) })
    .from(a)
    .where(
      and(
        eq(a.workspaceId, filter.workspaceId),
        filter.action ? eq(a.action, filter.action) : undefined,
        filter.since ? gte(a.at, filter.since) : undefined,
        afterKey([a.at, a.id], filter.after),
      ),
    )
    .orderBy(desc(a.at), desc(a.id))
    .limit(filter.limit);
}

export type AuditRow = Awaited<ReturnType<typeof listAudit>>[number];
