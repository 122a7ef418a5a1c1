import { and, eq, inArray, isNull } from "drizzle-orm";
import { refreshCatalogues } from "../../conversations/catalogue.ts";
import { tombstoneConversations } from "../../conversations/tombstone.ts";
import { fillSupportOfNewCustomers, refreshSupportMetrics } from "../../customers/support.ts";
import type { Executor } from "../../db/client.ts";
import { conversations } from "../../db/schema/conversations.ts";
import { customers } from "../../db/schema/customers.ts";
import type { SyncRun } from "../../db/schema/sync.ts";
import { deriveAccountsAfterRun } from "../accounts.ts";
import { commitFinishSlice, FINISH_CALLS_PER_SLICE, FINISH_SLICE_DEADLINE_MS } from "../claim.ts";
import type { FinishDeps, SliceOutcome } from "../finish-deps.ts";
import { isRanged, movesWatermark } from "../range.ts";
import { addTombstoned, runTotals } from "../runs.ts";
import { advanceWatermark } from "../watermark.ts";

/** A full run reads at most this many pages of deletions (60 each), over all its slices. */
const MAX_DELETED_PAGES = 500;
/** The first slice also refreshes the catalogues: admins, teams, tags. */
const CATALOGUE_CALLS = 3;

/**
 * One slice of a conversation run's finish, its lease held (src/sync/claim.ts). The first
 * refreshes the catalogues; each reads up to a slice of `GET /conversations/deleted` pages
 * from the cursor (a full run reads it all, an incremental one back to its `since`) and
 * tombstones what they list; the last moves the watermark and ends the run, failed if
 * messages failed for good (the next run re-reads the range).
 */
export async function conversationFinishSlice(
  deps: FinishDeps,
  run: SyncRun,
  now: Date,
): Promise<SliceOutcome> {
  const first = run.finishSlices === 0;
  const perSlice = (deps.callsPerSlice ?? FINISH_CALLS_PER_SLICE) - (first ? CATALOGUE_CALLS : 0);
  if (first) await refreshCatalogues(deps.db, deps.client, run.workspaceId, now);
  // A ranged run tombstones nothing: Intercom's deletion list carries no created_at to
  // tell inside from outside its range (the next unranged run sweeps it).
  const read = isRanged(run)
    ? { ids: [], nextPage: null }
    : await readDeleted(deps, run, Math.max(1, perSlice));
  const last = read.nextPage === null;
  const failed = run.failures > 0;
  const done = await deps.db.transaction(async (tx) => {
    const outcome = !last
      ? { cursor: String(read.nextPage) }
      : failed
        ? { end: "failed" as const, lastError: `${run.failures} messages failed for good` }
        : { end: "succeeded" as const };
    if (!(await commitFinishSlice(tx, run, now, outcome))) return null;
    const tombstoned = await tombstoneListed(tx, run.workspaceId, read.ids, now);
    if (last && !failed && movesWatermark(run)) await advanceWatermark(tx, run, now);
    return addTombstoned(tx, run.id, tombstoned);
  });
  if (!done) return { kind: "stale" };
  deps.logger.info("sync finish slice", {
    run: run.id,
    slice: run.finishSlices,
    listed: read.ids.length,
  });
  if (!last)
    return {
      kind: "continue",
      next: { kind: "sync.finish", runId: run.id, slice: done.finishSlices },
    };
  deps.logger.info("sync run finished", runTotals(done));
  // A full run repairs every customer's support metrics, not only those its pages touched:
  // a conversation that moved (a merge) or went (a deletion) changes customers no page names.
  if (done.mode === "full" && !isRanged(done))
    await deps.db
      .update(customers)
      .set({ supportRefreshedAt: null })
      .where(eq(customers.workspaceId, run.workspaceId));
  // Customers no conversation of this run touched (none, or none recently) still get their
  // metrics once, zeros included, so "no conversations" reads as 0 and not unknown.
  const raised = await fillSupportOfNewCustomers(deps.db, run.workspaceId, now);
  if (raised.length > 0) await deps.onAlerts?.(raised);
  await deriveAccountsAfterRun(deps, run.workspaceId, now);
  return { kind: "finished" };
}

/**
 * Up to `pages` pages of deletions from the cursor's page; `nextPage` null once the list (or
 * the part since `since`) is read. Newest first and numbered: deletions between slices push
 * entries later, so the next slice may list one again but never skips one.
 */
async function readDeleted(deps: FinishDeps, run: SyncRun, pages: number) {
  const start = Number(run.finishCursor ?? 1);
  const deadline = Date.now() + FINISH_SLICE_DEADLINE_MS;
  const ids: string[] = [];
  let page = start;
  for (; page < start + pages && page <= MAX_DELETED_PAGES && Date.now() < deadline; page++) {
    const { items, hasMore } = await deps.client.deletedConversationsPage(page);
    const since = run.since;
    const recent = since === null ? items : items.filter((i) => (i.deleted_at ?? 0) >= since);
    ids.push(...recent.map((i) => i.id));
    if (!hasMore || recent.length < items.length) return { ids, nextPage: null };
  }
  return { ids, nextPage: page > MAX_DELETED_PAGES ? null : page };
}

/** Tombstones stored conversations among `ids`; their customers count one conversation fewer. */
async function tombstoneListed(tx: Executor, workspaceId: string, ids: string[], now: Date) {
  if (ids.length === 0) return 0;
  const present = await tx
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
    tx,
    present.map((p) => ({
      workspaceId,
      id: p.id,
      deletedAt: now,
      writtenAt: now,
      writtenFrom: "sync" as const,
    })),
  );
  const contactIds = [...new Set(present.flatMap((p) => p.contactIds ?? []))];
  await refreshSupportMetrics(tx, workspaceId, { contactIds }, now);
  return present.length;
}
