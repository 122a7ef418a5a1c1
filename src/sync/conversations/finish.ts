import { and, eq, inArray, isNull, sql } from "drizzle-orm";
import { refreshCatalogues } from "../../conversations/catalogue.ts";
import { tombstoneConversations } from "../../conversations/write.ts";
import type { AlertDraft } from "../../customers/alerts.ts";
import { fillSupportOfNewCustomers, refreshSupportMetrics } from "../../customers/support.ts";
import type { Database } from "../../db/client.ts";
import { conversations } from "../../db/schema/conversations.ts";
import { customers } from "../../db/schema/customers.ts";
import { syncRuns } from "../../db/schema/sync.ts";
import type { IntercomClient } from "../../intercom/client.ts";
import type { Clock } from "../../shared/clock.ts";
import type { Logger } from "../../shared/logger.ts";
import { claimFinish } from "../claim.ts";
import { isRanged, movesWatermark } from "../range.ts";
import { runTotals } from "../runs.ts";
import { advanceWatermark } from "../watermark.ts";

/** A full run reads at most this many pages of deletions (60 each). */
const MAX_DELETED_PAGES = 500;

interface FinishDeps {
  db: Database;
  client: IntercomClient;
  clock: Clock;
  logger: Logger;
  onAlerts?: (alerts: AlertDraft[]) => Promise<void>;
}

/**
 * Ends a conversation run once every partition and every part job is done. One caller claims
 * the finish; it refreshes the catalogues, tombstones what `GET /conversations/deleted` lists
 * (a full run reads it all, an incremental one back to its `since`), and moves the watermark,
 * unless messages failed for good: then the run ends failed and the next run re-reads the range.
 */
export async function finishConversationRunIfDone(
  deps: FinishDeps,
  runId: string,
): Promise<boolean> {
  const now = deps.clock.now();
  const claimed = await claimFinish(deps.db, runId, now);
  if (!claimed) return false;
  await refreshCatalogues(deps.db, deps.client, claimed.workspaceId, now);
  // A ranged run tombstones nothing: Intercom's deletion list carries no created_at to
  // tell inside from outside its range (the next unranged run sweeps it).
  const tombstoned = isRanged(claimed)
    ? 0
    : await sweepDeleted(deps, claimed.workspaceId, claimed.since, now);
  const failed = claimed.failures > 0;
  const [done] = await deps.db.transaction(async (tx) => {
    if (!failed && movesWatermark(claimed)) await advanceWatermark(tx, claimed, now);
    return tx
      .update(syncRuns)
      .set({
        status: failed ? "failed" : "succeeded",
        finishedAt: now,
        tombstoned: sql`${syncRuns.tombstoned} + ${tombstoned}`,
        lastError: failed
          ? sql`coalesce(${syncRuns.lastError}, ${`${claimed.failures} messages failed for good`})`
          : undefined,
      })
      .where(and(eq(syncRuns.id, runId), eq(syncRuns.status, "running")))
      .returning();
  });
  if (!done) return false;
  deps.logger.info("sync run finished", runTotals(done));
  // A full run repairs every customer's support metrics, not only those its pages touched:
  // a conversation that moved (a merge) or went (a deletion) changes customers no page names.
  if (done.mode === "full" && !isRanged(done))
    await deps.db
      .update(customers)
      .set({ supportRefreshedAt: null })
      .where(eq(customers.workspaceId, claimed.workspaceId));
  // Customers no conversation of this run touched (none, or none recently) still get their
  // metrics once, zeros included, so "no conversations" reads as 0 and not unknown.
  const raised = await fillSupportOfNewCustomers(deps.db, claimed.workspaceId, now);
  if (raised.length > 0) await deps.onAlerts?.(raised);
  return true;
}

/** Tombstones stored conversations that Intercom lists as deleted (since `since`, if set). */
async function sweepDeleted(
  deps: FinishDeps,
  workspaceId: string,
  since: number | null,
  now: Date,
): Promise<number> {
  const ids: string[] = [];
  for (let page = 1; page <= MAX_DELETED_PAGES; page++) {
    const { items, hasMore } = await deps.client.deletedConversationsPage(page);
    const recent = since === null ? items : items.filter((i) => (i.deleted_at ?? 0) >= since);
    ids.push(...recent.map((i) => i.id));
    if (!hasMore || recent.length < items.length) break;
  }
  if (ids.length === 0) return 0;
  const present = await deps.db
    .select({ id: conversations.id, contactIds: conversations.contactIds })
    .from(conversations)
    .where(
      and(
        eq(conversations.workspaceId, workspaceId),
        inArray(conversations.id, ids),
        isNull(conversations.deletedAt),
      ),
    );
  await tombstoneConversations(
    deps.db,
    present.map((p) => ({
      workspaceId,
      id: p.id,
      deletedAt: now,
      writtenAt: now,
      writtenFrom: "sync" as const,
    })),
  );
  // Their customers count one conversation fewer.
  const contactIds = [...new Set(present.flatMap((p) => p.contactIds ?? []))];
  await refreshSupportMetrics(deps.db, workspaceId, { contactIds }, now);
  return present.length;
}
