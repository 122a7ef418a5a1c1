import { and, eq, sql } from "drizzle-orm";
import { toContactRow } from "../contacts/transform.ts";
import { upsertContacts } from "../contacts/write.ts";
import type { AlertDraft, AlertSettings } from "../customers/alerts.ts";
import { customersFromContacts } from "../customers/derive.ts";
import { writeCustomers } from "../customers/write.ts";
import type { Database, Executor } from "../db/client.ts";
import { insertFromRecordset } from "../db/recordset.ts";
import { syncPartitions, syncRuns, syncSeen } from "../db/schema/sync.ts";
import { bare } from "../db/sql.ts";
import type { IntercomClient } from "../intercom/client.ts";
import type { IntercomContact } from "../intercom/schemas/contact.ts";
import type { Clock } from "../shared/clock.ts";
import { partitionAtPage } from "./checkpoint.ts";
import type { SyncStepMessage } from "./messages.ts";
import { searchQueryFor } from "./plan.ts";

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
  /** Per-page timings, for the step's log line. */
  timings?: (page: { fetchMs: number; writeMs: number; records: number }) => void;
}

export type StepResult =
  | { kind: "continue"; next: SyncStepMessage }
  | { kind: "partition_done" }
  | { kind: "stale" };

/**
 * Runs up to PAGES_PER_STEP pages of one partition. Each page is written with its checkpoint
 * in one transaction guarded by the page number, so a crash re-does at most one page and a
 * duplicate message changes nothing. The next page is fetched while the current one is
 * written (its cursor is known as soon as the current page arrives).
 */
export async function runStep(message: SyncStepMessage, deps: StepDeps): Promise<StepResult> {
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
  let pending = fetchPage(partition.cursor);
  for (let i = 0; i < PAGES_PER_STEP; i++) {
    const { result, ms } = await pending;
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
    page += 1;
    if (!result.next) return { kind: "partition_done" };
    if (!more) break;
  }
  return { kind: "continue", next: { ...message, page } };
}

/** The first import of a workspace is a baseline: its customers are not "new" or "changed". */
async function isBaseline(deps: StepDeps, run: typeof syncRuns.$inferSelect): Promise<boolean> {
  const [previous] = await deps.db
    .select({ id: syncRuns.id })
    .from(syncRuns)
    .where(
      and(
        eq(syncRuns.workspaceId, run.workspaceId),
        eq(syncRuns.kind, "contacts"),
        eq(syncRuns.status, "succeeded"),
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
  const { items, next, totalCount } = fetched;
  const now = deps.clock.now();
  const written = { at: now, from: "sync" as const };
  const derived = customersFromContacts(run.workspaceId, items);
  const newest = items.reduce((max, c) => Math.max(max, c.updated_at), 0);
  const rows = items.map((c) => toContactRow(run.workspaceId, c, written));
  const outcome = await deps.db
    .transaction(async (tx) => {
      // A full run records what it saw in the same statement as the contacts.
      const seen =
        run.mode === "full" && items.length > 0
          ? sql`seen as (${insertFromRecordset(
              syncSeen,
              items.map((c) => ({ runId: run.id, contactId: c.id })),
            )} on conflict do nothing)`
          : undefined;
      const contactsWritten = await upsertContacts(tx, rows, seen);
      const customers = await writeCustomers(tx, run.workspaceId, derived.customers, now, {
        ...deps.alertSettings,
        baseline,
      });
      const moved = await checkpointAndCount(tx, {
        run,
        partition,
        page,
        next,
        totalCount,
        now,
        records: items.length,
        newest,
        counts: {
          created: contactsWritten.created,
          updated: contactsWritten.written - contactsWritten.created,
          skippedNoEmail: derived.skippedNoEmail,
          skippedBadEmail: derived.skippedBadEmail,
          customersWritten: customers.written,
          qualitySum: customers.qualitySum,
          alerts: customers.alerts.length,
        },
      });
      // Another delivery of this message moved the checkpoint first: undo this page's writes.
      if (!moved) throw STALE;
      return customers.alerts;
    })
    .catch((error: unknown) => {
      if (error === STALE) return null;
      throw error;
    });
  if (outcome === null) return false;
  if (outcome.length > 0) await deps.onAlerts(outcome);
  return true;
}

const STALE = new Error("the checkpoint moved: this page was written by another delivery");

/**
 * The page's last statement: moves the partition's checkpoint (only from `page`, so a
 * duplicate finds nothing to move) and adds the page's counts to the run, in one round trip.
 * Last, so the run row, which every partition updates, stays locked only until the commit.
 */
async function checkpointAndCount(
  tx: Executor,
  p: {
    run: typeof syncRuns.$inferSelect;
    partition: typeof syncPartitions.$inferSelect;
    page: number;
    next: string | null;
    totalCount: number | null;
    now: Date;
    records: number;
    newest: number;
    counts: {
      created: number;
      updated: number;
      skippedNoEmail: number;
      skippedBadEmail: number;
      customersWritten: number;
      qualitySum: number;
      alerts: number;
    };
  },
): Promise<boolean> {
  const { run, counts } = p;
  const col = bare;
  const add = (c: Parameters<typeof bare>[0], n: number) => sql`${col(c)} = ${col(c)} + ${n}`;
  const expectedTotal =
    p.partition.partition === 0 && p.page === 0 && run.mode === "incremental" ? p.totalCount : null;
  const result = await tx.execute(sql`
    with checkpoint as (
      update ${syncPartitions} set
        ${col(syncPartitions.cursor)} = ${p.next},
        ${add(syncPartitions.pages, 1)},
        ${add(syncPartitions.records, p.records)},
        ${col(syncPartitions.total)} = ${p.partition.total ?? p.totalCount},
        ${col(syncPartitions.done)} = ${p.next === null},
        ${col(syncPartitions.updatedAt)} = ${p.now}
      where ${syncPartitions.runId} = ${run.id}
        and ${syncPartitions.partition} = ${p.partition.partition}
        and ${syncPartitions.pages} = ${p.page}
      returning 1
    )
    update ${syncRuns} set
      ${add(syncRuns.pages, 1)},
      ${add(syncRuns.contactsSynced, p.records)},
      ${add(syncRuns.created, counts.created)},
      ${add(syncRuns.updated, counts.updated)},
      ${add(syncRuns.skipped, counts.skippedNoEmail + counts.skippedBadEmail)},
      ${add(syncRuns.skippedNoEmail, counts.skippedNoEmail)},
      ${add(syncRuns.skippedBadEmail, counts.skippedBadEmail)},
      ${add(syncRuns.customersWritten, counts.customersWritten)},
      ${add(syncRuns.qualitySum, counts.qualitySum)},
      ${add(syncRuns.alertsGenerated, counts.alerts)},
      ${col(syncRuns.expectedTotal)} = coalesce(${expectedTotal}::int, ${syncRuns.expectedTotal}),
      ${col(syncRuns.newestUpdatedAt)} = case when ${p.newest}::bigint > 0
        then greatest(coalesce(${syncRuns.newestUpdatedAt}, 0), ${p.newest}::bigint)
        else ${syncRuns.newestUpdatedAt} end
    where ${syncRuns.id} = ${run.id} and exists (select 1 from checkpoint)
    returning 1`);
  return result.rows.length > 0;
}
