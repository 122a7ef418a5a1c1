import { and, count, eq, sql } from "drizzle-orm";
import { toCompanyRow } from "../../companies/transform.ts";
import { upsertCompanies } from "../../companies/write.ts";
import type { Database, Executor } from "../../db/client.ts";
import { insertFromRecordset } from "../../db/recordset.ts";
import { syncSeenCompanies } from "../../db/schema/companies.ts";
import { type SyncRun, syncRuns } from "../../db/schema/sync.ts";
import type { IntercomClient } from "../../intercom/client.ts";
import { IntercomError } from "../../intercom/errors.ts";
import type { Clock } from "../../shared/clock.ts";
import { partitionAtPage, writePage } from "../checkpoint.ts";
import type { CompanyScrollMessage } from "../messages.ts";
import { guardPage, scrollChecks } from "../page-guard.ts";
import { decodePosition, encodePosition, type ScrollPosition } from "./position.ts";

/** Pages per message: the next message follows at once, well inside the scroll's minute. */
const PAGES_PER_STEP = 25;
const STEP_BUDGET_MS = 20_000;
/** A scroll lost more often than this in one run fails the run rather than start again. */
export const MAX_SCROLL_ATTEMPTS = 5;
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
}

/** The scroll went wrong in a way a retry cannot fix: the run fails with this reason. */
export class ScrollRefusedError extends Error {
  override readonly name = "ScrollRefusedError";
  readonly retryable = false;
  readonly retryAt = null;
}

type ScrollResult =
  | { kind: "continue"; next: CompanyScrollMessage }
  | { kind: "partition_done" }
  | { kind: "stale" };

/**
 * Reads up to PAGES_PER_STEP pages of the workspace's company scroll, each written with its
 * checkpoint in one transaction guarded by the page number (a duplicate message changes
 * nothing). A scroll Intercom expired (unused for a minute) or broke (its 500 says "restart
 * the scroll operation") starts again from the beginning as the next attempt; companies are
 * upserted, so reading them twice writes nothing twice. The end is a page with no companies.
 */
export async function runCompanyScroll(
  message: CompanyScrollMessage,
  deps: ScrollDeps,
): Promise<ScrollResult> {
  const started = Date.now();
  const state = await partitionAtPage(deps.db, message);
  if (!state) return { kind: "stale" };
  const { run, partition } = state;
  let position = decodePosition(partition.cursor);
  let page = message.page;
  for (let i = 0; i < PAGES_PER_STEP && Date.now() - started < STEP_BUDGET_MS; i++) {
    const at = { run, partition: { ...partition, cursor: null, total: null }, page };
    const read = await readPage(deps, position);
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
    const items = read.kind === "page" ? read.items : [];
    const now = deps.clock.now();
    const written = await writePage(
      deps.db,
      {
        ...at,
        next: next ? encodePosition(next) : null,
        totalCount: null,
        records: items.length,
        newest: 0,
        now,
      },
      async (tx) => {
        await upsertCompanies(
          tx,
          items.map((c) => toCompanyRow(run.workspaceId, c, { at: now, from: "sync" })),
        );
        await guardAgainstRunaway(
          tx,
          run,
          position.attempt,
          items.map((c) => c.id),
          page,
        );
        return {
          value: true,
          counts: [
            [syncRuns.companiesSynced, items.length],
            [syncRuns.scrollRestarts, read.kind === "lost" ? 1 : 0],
            [syncRuns.rateLimited, deps.rateLimited?.() ?? 0],
          ],
        };
      },
    );
    if (written === null) return { kind: "stale" };
    page += 1;
    if (!next) return { kind: "partition_done" };
    position = next;
  }
  return { kind: "continue", next: { ...message, page } };
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
 * scroll going round again, and more companies than twice those stored when the run started
 * (src/sync/start.ts), plus RUNAWAY_ALLOWANCE, is one that never ends. Intercom reports no
 * total for a scroll, so these are the bounds it has.
 */
async function guardAgainstRunaway(
  tx: Executor,
  run: SyncRun,
  attempt: number,
  ids: readonly string[],
  page: number,
): Promise<void> {
  if (ids.length === 0) return;
  const fresh = await tx.execute(sql`
    ${insertFromRecordset(
      syncSeenCompanies,
      [...new Set(ids)].map((companyId) => ({ runId: run.id, companyId, attempt })),
    )} on conflict do nothing returning 1`);
  const [seen] = await tx
    .select({ n: count() })
    .from(syncSeenCompanies)
    .where(and(eq(syncSeenCompanies.runId, run.id), eq(syncSeenCompanies.attempt, attempt)));
  const before = (seen?.n ?? 0) - fresh.rows.length;
  const verdict = guardPage(
    { pages: page, records: before, total: null, cursor: null },
    { records: ids.length, next: null, total: null, perPage: ids.length, fresh: fresh.rows.length },
    scrollChecks(2 * (run.expectedTotal ?? 0) + RUNAWAY_ALLOWANCE),
  );
  if (verdict.stop) throw new ScrollRefusedError(`company scroll: ${verdict.reason}`);
}
