import { and, eq, isNull, sql } from "drizzle-orm";
import { toContactRow } from "../../contacts/transform.ts";
import { upsertContacts } from "../../contacts/write.ts";
import type { AlertDraft, AlertSettings } from "../../customers/alerts.ts";
import { customersFromContacts } from "../../customers/derive.ts";
import { writeCustomers } from "../../customers/write.ts";
import type { Database, Executor } from "../../db/client.ts";
import { type MembersSeen, reconcileMemberships } from "../../db/memberships.ts";
import { insertFromRecordset } from "../../db/recordset.ts";
import { type syncPartitions, syncRuns, syncSeen } from "../../db/schema/sync.ts";
import { eraseOnSight, suppressedAmong } from "../../erasure/on-sight.ts";
import type { IntercomClient } from "../../intercom/client.ts";
import type { IntercomContact } from "../../intercom/schemas/contact.ts";
import type { Clock } from "../../shared/clock.ts";
import { checkpointOf, partitionAtPage, writePage } from "../checkpoint.ts";
import { recordSyncFailure } from "../failures.ts";
import type { ContactStepMessage } from "../messages.ts";
import {
  afterPage,
  type Checkpoint,
  checkpointAt,
  guardPage,
  pageRead,
  type Trip,
} from "../page-guard.ts";
import { searchQueryFor } from "../plan.ts";
import { inRange, isRanged } from "../range.ts";

/** Pages per step: well inside one invocation's time and subrequest budget. */
export const PAGES_PER_STEP = 25;
const STEP_BUDGET_MS = 20_000;

export interface StepDeps {
  db: Database;
  client: IntercomClient;
  clock: Clock;
  alertSettings: AlertSettings;
  /** Called with the alerts a page created (Slack, through the outbox). */
  onAlerts: (alerts: AlertDraft[]) => Promise<void>;
  /** 429s received since the last call: added to the run with its next page. */
  rateLimited?: () => number;
  /** Per-page timings, for the step's log line. */
  timings?: (page: { fetchMs: number; writeMs: number; records: number }) => void;
  /** ERASURE_HASH_KEY: contacts of a suppressed person are erased on sight, not written. */
  hashKey: string;
}

type StepResult =
  | { kind: "continue"; next: ContactStepMessage }
  | { kind: "partition_done" }
  | { kind: "stale" }
  /** The page guard stopped the partition: recorded as failed, with its run. */
  | { kind: "tripped"; trip: Trip };

/**
 * Runs up to PAGES_PER_STEP pages of one partition. Each page is written with its checkpoint
 * in one transaction guarded by the page number, so a crash re-does at most one page and a
 * duplicate message changes nothing. The next page is fetched while the current one is
 * written (its cursor is known as soon as the current page arrives), once the page guard has
 * passed it: a page it stops is not written, nor is anything after it, and the run fails.
 */
export async function runStep(message: ContactStepMessage, deps: StepDeps): Promise<StepResult> {
  const started = Date.now();
  const state = await partitionAtPage(deps.db, message);
  if (!state) return { kind: "stale" };
  const { run, partition } = state;
  const baseline = await isBaseline(deps, run);
  const search = searchQueryFor(partition, run.since);
  const fetchPage = (cursor: string | null) => {
    const t0 = Date.now();
    const fetched = deps.client
      .searchContactsPage(search, cursor)
      .then((result) => ({ result, ms: Date.now() - t0 }));
    // A prefetch may fail while the current page is being written: its error is seen when
    // it is awaited, and must not surface meanwhile as an unhandled rejection.
    fetched.catch(() => undefined);
    return fetched;
  };
  let page = message.page;
  let checkpoint: Checkpoint = checkpointAt(partition);
  let pending = fetchPage(partition.cursor);
  for (let i = 0; i < PAGES_PER_STEP; i++) {
    const { result, ms } = await pending;
    const read = pageRead(result, search.perPage);
    const verdict = guardPage(checkpoint, read);
    if (verdict.stop) {
      await recordSyncFailure(deps.db, message, verdict.reason, deps.clock.now());
      return { kind: "tripped", trip: verdict };
    }
    const more =
      result.next !== null && i + 1 < PAGES_PER_STEP && Date.now() - started < STEP_BUDGET_MS;
    if (more) pending = fetchPage(result.next);
    const t1 = Date.now();
    const applied = await applyPage(
      deps,
      run,
      { ...partition, cursor: null },
      page,
      result,
      baseline,
    );
    if (!applied) {
      if (more) await pending.catch(() => undefined);
      return { kind: "stale" };
    }
    deps.timings?.({ fetchMs: ms, writeMs: Date.now() - t1, records: result.items.length });
    checkpoint = afterPage(checkpoint, read);
    page += 1;
    if (!result.next) return { kind: "partition_done" };
    if (!more) break;
  }
  return { kind: "continue", next: { ...message, page } };
}

/**
 * The first import of a workspace is a baseline: its customers are not "new" or "changed".
 * Only a run over all contacts ends the baseline: after a ranged or hours-back one, the rest
 * of the workspace is still being imported for the first time.
 */
async function isBaseline(deps: StepDeps, run: typeof syncRuns.$inferSelect): Promise<boolean> {
  const [previous] = await deps.db
    .select({ id: syncRuns.id })
    .from(syncRuns)
    .where(
      and(
        eq(syncRuns.workspaceId, run.workspaceId),
        eq(syncRuns.kind, "contacts"),
        eq(syncRuns.status, "succeeded"),
        isNull(syncRuns.rangeFrom),
        isNull(syncRuns.rangeTo),
        isNull(syncRuns.hoursBack),
      ),
    )
    .limit(1);
  return !previous;
}

async function applyPage(
  deps: StepDeps,
  run: typeof syncRuns.$inferSelect,
  partition: typeof syncPartitions.$inferSelect,
  page: number,
  fetched: { items: IntercomContact[]; next: string | null; totalCount: number | null },
  baseline: boolean,
): Promise<boolean> {
  const { next, totalCount } = fetched;
  // A ranged run searches whole days around its range (src/sync/range.ts): only what lies
  // inside is written. The partition still counts every record read, as its total does.
  const items = fetched.items.filter((c) => inRange(run, c.created_at));
  const now = deps.clock.now();
  const written = { at: now, from: "sync" as const };
  // A suppressed person's contacts are not written (nor their customer row, nor their tags).
  const caught = await suppressedAmong(
    deps.db,
    deps.hashKey,
    items.map((c) => ({ contactId: c.id, userId: c.external_id ?? null, email: c.email ?? null })),
  );
  const kept = caught.size > 0 ? items.filter((c) => !caught.has(c.id)) : items;
  const derived = customersFromContacts(run.workspaceId, kept);
  const newest = items.reduce((max, c) => Math.max(max, c.updated_at), 0);
  const rows = kept.map((c) => toContactRow(run.workspaceId, c, written));
  const outcome = await writePage(
    deps.db,
    {
      run,
      partition,
      page,
      next,
      totalCount,
      records: fetched.items.length,
      newest,
      now,
      expectedTotal:
        partition.partition === 0 && page === 0 && run.mode === "incremental" ? totalCount : null,
    },
    async (tx) => {
      // A full run records what it saw in the same statement as the contacts (a ranged one
      // tombstones nothing, so it needs no record).
      const seen =
        run.mode === "full" && !isRanged(run) && items.length > 0
          ? sql`seen as (${insertFromRecordset(
              syncSeen,
              items.map((c) => ({ runId: run.id, contactId: c.id })),
            )} on conflict do nothing)`
          : undefined;
      await eraseOnSight(tx, deps.hashKey, run.workspaceId, caught, now, "sync");
      const contactsWritten = await upsertContacts(tx, rows, seen);
      await reconcileMemberships(tx, "tags", run.workspaceId, kept.map(tagsSeenOn), now);
      await reconcileMemberships(tx, "companies", run.workspaceId, kept.map(companiesSeenOn), now);
      const customers = await writeCustomers(tx, run.workspaceId, derived.customers, now, {
        ...deps.alertSettings,
        baseline,
      });
      const skipped = derived.skippedNoEmail + derived.skippedBadEmail;
      return {
        value: customers.alerts,
        counts: [
          [syncRuns.contactsSynced, items.length],
          [syncRuns.created, contactsWritten.created],
          [syncRuns.updated, contactsWritten.written - contactsWritten.created],
          [syncRuns.skipped, skipped],
          [syncRuns.skippedNoEmail, derived.skippedNoEmail],
          [syncRuns.skippedBadEmail, derived.skippedBadEmail],
          [syncRuns.customersWritten, customers.written],
          [syncRuns.qualitySum, customers.qualitySum],
          [syncRuns.alertsGenerated, customers.alerts.length],
          [syncRuns.rateLimited, deps.rateLimited?.() ?? 0],
        ],
      };
    },
  );
  if (outcome === null) return false;
  if (outcome.length > 0) await deps.onAlerts(outcome);
  return true;
}

/** The tags a contact read shows; its `updated_at` orders them against tag webhooks. */
function tagsSeenOn(c: IntercomContact): MembersSeen {
  return {
    contactId: c.id,
    memberIds: (c.tags?.data ?? []).map((t) => t.id),
    complete: c.tags?.has_more !== true,
    changedAt: new Date(c.updated_at * 1000),
  };
}

/**
 * The companies a contact read shows: at most 10, `has_more` past that (the company run reads
 * the rest from the company's side, src/sync/companies/finish.ts).
 */
function companiesSeenOn(c: IntercomContact): MembersSeen {
  return {
    contactId: c.id,
    memberIds: (c.companies?.data ?? []).map((co) => co.id),
    complete: c.companies?.has_more !== true,
    changedAt: new Date(c.updated_at * 1000),
  };
}

/**
 * The step to send after a failure: from the partition's checkpoint, not the failed message's
 * page (a step may have written some of its pages before failing). Null when nothing is left.
 */
export async function stepFromCheckpoint(
  db: Executor,
  step: ContactStepMessage,
): Promise<ContactStepMessage | null> {
  const row = await checkpointOf(db, step);
  if (!row || row.done || row.status !== "running") return null;
  return { ...step, page: row.pages };
}
