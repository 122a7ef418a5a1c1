import { sql } from "drizzle-orm";
import { toCompanyRow } from "../../companies/transform.ts";
import { upsertCompanies } from "../../companies/write.ts";
import type { Database, Executor } from "../../db/client.ts";
import { insertFromRecordset } from "../../db/recordset.ts";
import { syncSeenCompanies } from "../../db/schema/companies.ts";
import { type SyncRun, type syncPartitions, syncRuns } from "../../db/schema/sync.ts";
import type { IntercomClient } from "../../intercom/client.ts";
import { IntercomError } from "../../intercom/errors.ts";
import type { IntercomCompany } from "../../intercom/schemas/company.ts";
import type { Clock } from "../../shared/clock.ts";
import { writePage } from "../checkpoint.ts";
import { giveBackLease } from "../give-back.ts";
import type { CompanyScrollMessage } from "../messages.ts";
import { guardPage, scrollChecks } from "../page-guard.ts";
import { claimScroll, releaseScroll, restartAt } from "./lease.ts";
import {
  decodePosition,
  encodePosition,
  MAX_SCROLL_ATTEMPTS,
  ScrollHeldError,
  type ScrollPosition,
  ScrollRefusedError,
} from "./position.ts";

/** Pages per message: the next message follows at once, well inside the scroll's minute. */
const PAGES_PER_STEP = 25;
const STEP_BUDGET_MS = 20_000;
/**
 * More companies in one scroll than twice those stored, plus this, is a scroll that runs
 * away (other syncs have turned 253 companies into millions of records): the run stops.
 * The allowance lets a first import (nothing stored) read a workspace of that many.
 */
const RUNAWAY_ALLOWANCE = 100_000;
/** How long to wait when another scroll of the workspace is open: Intercom expires it in 1 min. */
const OPEN_SCROLL_WAIT_MS = 60_000;

export interface ScrollDeps {
  db: Database;
  client: IntercomClient;
  clock: Clock;
  rateLimited?: () => number;
  /** Tests shorten the waits between tries to give the lease back. */
  releaseWaitsMs?: readonly number[];
}

type ScrollResult =
  | { kind: "continue"; next: CompanyScrollMessage }
  | { kind: "partition_done" }
  | { kind: "stale" };

/**
 * Reads up to PAGES_PER_STEP pages of the workspace's company scroll, each written with its
 * checkpoint in one transaction guarded by the page number. Intercom's scroll keeps its place
 * on its side (its parameter may not change from page to page), so every read moves it: one
 * delivery at a time holds the chain (a lease on its partition), and a delivery that follows
 * a failed one (`redelivered`), whose reads may have moved the scroll past what was written,
 * starts the scroll again instead of going on. So does a scroll Intercom expired (unused for a
 * minute) or broke (its 500 says "restart the scroll operation"): the run's next attempt, from
 * the beginning; companies are upserted, so reading them twice writes nothing twice. The end
 * is a page with no companies. The next page is read while the current one is written.
 */
export async function runCompanyScroll(
  message: CompanyScrollMessage,
  deps: ScrollDeps,
  redelivered = false,
): Promise<ScrollResult> {
  const started = Date.now();
  const state = await claimScroll(deps.db, message, deps.clock.now());
  if (!state) return { kind: "stale" };
  if (state.kind === "held") throw new ScrollHeldError(state.until);
  const { run, partition } = state;
  let page = message.page;
  try {
    let position = decodePosition(partition.cursor);
    if (redelivered && position.scrollParam !== null) {
      position = { scrollParam: null, attempt: position.attempt + 1 };
      await restartAt(deps.db, message, position);
    }
    let restarts = 0;
    let records = partition.records;
    let pending = readPage(deps, position);
    for (let i = 0; ; i++) {
      const read = await pending;
      const next: ScrollPosition | null =
        read.kind === "lost"
          ? { scrollParam: null, attempt: position.attempt + 1 }
          : read.items.length === 0
            ? null
            : { scrollParam: read.scrollParam, attempt: position.attempt };
      if (next && next.attempt >= MAX_SCROLL_ATTEMPTS)
        throw new ScrollRefusedError(
          `the company scroll was lost ${MAX_SCROLL_ATTEMPTS} times (expired or broken by Intercom)`,
        );
      if (read.kind === "lost") restarts += 1;
      const more = next !== null && i + 1 < PAGES_PER_STEP && Date.now() - started < STEP_BUDGET_MS;
      if (more) {
        pending = readPage(deps, next);
        // Seen when awaited; never an unhandled rejection while this page is written.
        pending.catch(() => undefined);
      }
      const items = read.kind === "page" ? read.items : [];
      const guard = { attempt: position.attempt, page, records };
      const written = await writeScrollPage(deps, run, partition, message, page, {
        items,
        next,
        restarts,
        guard,
      });
      if (!written) return { kind: "stale" };
      restarts = 0;
      records += items.length;
      page += 1;
      if (!next) return { kind: "partition_done" };
      position = next;
      if (!more) break;
    }
  } finally {
    await giveBackLease(() => releaseScroll(deps.db, message, page), deps.releaseWaitsMs);
  }
  return { kind: "continue", next: { ...message, page } };
}

/** One page and its checkpoint, in one transaction; false when another delivery moved it. */
async function writeScrollPage(
  deps: ScrollDeps,
  run: SyncRun,
  partition: typeof syncPartitions.$inferSelect,
  message: CompanyScrollMessage,
  page: number,
  p: {
    items: IntercomCompany[];
    next: ScrollPosition | null;
    restarts: number;
    guard: { attempt: number; page: number; records: number };
  },
): Promise<boolean> {
  const now = deps.clock.now();
  const written = await writePage(
    deps.db,
    {
      run,
      partition: { ...partition, partition: message.partition, cursor: null, total: null },
      page,
      next: p.next ? encodePosition(p.next) : null,
      totalCount: null,
      records: p.items.length,
      newest: 0,
      now,
    },
    async (tx) => {
      await upsertCompanies(
        tx,
        p.items.map((c) => toCompanyRow(run.workspaceId, c, { at: now, from: "sync" })),
      );
      await guardAgainstRunaway(
        tx,
        run,
        p.guard,
        p.items.map((c) => c.id),
      );
      return {
        value: true,
        counts: [
          [syncRuns.companiesSynced, p.items.length],
          [syncRuns.scrollRestarts, p.restarts],
          [syncRuns.rateLimited, deps.rateLimited?.() ?? 0],
        ],
      };
    },
  );
  return written !== null;
}

type Read =
  | {
      kind: "page";
      items: Awaited<ReturnType<IntercomClient["scrollCompanies"]>>["items"];
      scrollParam: string | null;
    }
  | { kind: "lost" };

async function readPage(deps: ScrollDeps, position: ScrollPosition): Promise<Read> {
  try {
    const page = await deps.client.scrollCompanies(position.scrollParam);
    return { kind: "page", ...page };
  } catch (error) {
    if (!(error instanceof IntercomError)) throw error;
    // An expired parameter answers 404; a broken scroll 500 ("restart the scroll operation").
    if (position.scrollParam !== null && (error.status === 404 || error.status >= 500))
      return { kind: "lost" };
    if (position.scrollParam === null && isAnotherScrollOpen(error))
      throw new IntercomError({
        status: error.status,
        code: error.code,
        message: "another company scroll of this workspace is open: waiting for it to expire",
        retryable: true,
        retryAt: new Date(deps.clock.now().getTime() + OPEN_SCROLL_WAIT_MS),
      });
    throw error;
  }
}

/** Intercom keeps one scroll per workspace: opening a second is refused until the first expires. */
function isAnotherScrollOpen(error: IntercomError): boolean {
  return error.status === 400 || error.status === 409 || /scroll/i.test(error.code);
}

/**
 * The scroll's page guard (src/sync/page-guard.ts `scrollChecks`), in the page's transaction,
 * before the page is written: a page whose companies this attempt has all served already is a
 * scroll going round again, and more companies in the run than twice those stored when it
 * started (src/sync/start.ts), plus RUNAWAY_ALLOWANCE, is one that never ends. Intercom
 * reports no total for a scroll, so these are the bounds it has.
 */
async function guardAgainstRunaway(
  tx: Executor,
  run: SyncRun,
  at: { attempt: number; page: number; records: number },
  ids: readonly string[],
): Promise<void> {
  if (ids.length === 0) return;
  const fresh = await tx.execute(sql`
    ${insertFromRecordset(
      syncSeenCompanies,
      [...new Set(ids)].map((companyId) => ({ runId: run.id, companyId, attempt: at.attempt })),
    )} on conflict do nothing returning 1`);
  const verdict = guardPage(
    { pages: at.page, records: at.records, total: null, cursor: null },
    { records: ids.length, next: null, total: null, perPage: ids.length, fresh: fresh.rows.length },
    scrollChecks(2 * (run.expectedTotal ?? 0) + RUNAWAY_ALLOWANCE),
  );
  if (verdict.stop) throw new ScrollRefusedError(`company scroll: ${verdict.reason}`);
}
