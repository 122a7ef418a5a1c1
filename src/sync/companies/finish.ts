import { and, asc, eq, gt, isNull, sql } from "drizzle-orm";
import { deriveAccounts } from "../../accounts/derive.ts";
import { attachPeople, replaceCompanyPeople } from "../../companies/links.ts";
import { tombstoneCompanies } from "../../companies/write.ts";
import { companies, contactCompanies, syncSeenCompanies } from "../../db/schema/companies.ts";
import { type SyncRun, syncPartitions, syncRuns } from "../../db/schema/sync.ts";
import { IntercomError } from "../../intercom/errors.ts";
import { inOrderPrefix } from "../../shared/in-order.ts";
import { commitFinishSlice, FINISH_CALLS_PER_SLICE, FINISH_SLICE_DEADLINE_MS } from "../claim.ts";
import type { FinishDeps, SliceOutcome } from "../finish-deps.ts";
import { addTombstoned, runTotals } from "../runs.ts";
import { type FinishPhase, nextPhase, parseCursor } from "./phases.ts";

/** Account statements per slice (ACCOUNTS_PER_STATEMENT companies each). */
const ACCOUNT_STATEMENTS_PER_SLICE = 20;
/** Intercom calls in flight at once: inside the 6 connections an invocation may hold. */
const CONCURRENCY = 4;

/**
 * One slice of a company run's finish, its lease held (src/sync/claim.ts), in three phases,
 * each resumable from the cursor:
 * - `people`: companies whose Intercom `user_count` differs from the people stored for them
 *   get their people read from Intercom (a contact lists at most 10 of its companies, so the
 *   contact sync cannot see every membership);
 * - `gone`: after a complete scroll of a full run, companies it never served are checked one
 *   by one and tombstoned only when Intercom answers 404 (a scroll proves nothing by itself);
 * - `accounts`: every account derived again from its people's customer records.
 */
export async function companyFinishSlice(
  deps: FinishDeps,
  run: SyncRun,
  now: Date,
): Promise<SliceOutcome> {
  const cursor = parseCursor(run.finishCursor);
  const deadline = Date.now() + FINISH_SLICE_DEADLINE_MS;
  const calls = deps.callsPerSlice ?? FINISH_CALLS_PER_SLICE;
  const failed = run.failures > 0 || (await scrollFailed(deps, run));
  const work =
    cursor.phase === "people"
      ? await readPeople(deps, run, cursor.after, calls, deadline)
      : cursor.phase === "gone"
        ? await confirmGone(deps, run, cursor.after, calls, deadline, failed)
        : null;
  const done = await deps.db.transaction(async (tx) => {
    let next: { phase: FinishPhase; after: string | null } | null;
    let tombstoned = 0;
    let derived = 0;
    const alerts = [];
    if (work?.kind === "people") {
      for (const read of work.people)
        if (read.complete)
          await replaceCompanyPeople(tx, run.workspaceId, read.companyId, read.contactIds, now);
        else await attachPeople(tx, run.workspaceId, read.companyId, read.contactIds, now);
      next = work.after === null ? nextPhase(cursor.phase) : { phase: "people", after: work.after };
    } else if (work?.kind === "gone") {
      tombstoned = (await tombstoneCompanies(tx, run.workspaceId, work.gone, now, "sync")).length;
      next = work.after === null ? nextPhase(cursor.phase) : { phase: "gone", after: work.after };
    } else {
      let after = cursor.after;
      next = null;
      for (let i = 0; i < ACCOUNT_STATEMENTS_PER_SLICE; i++) {
        const step = await deriveAccounts(tx, run.workspaceId, { after }, now);
        derived += step.derived;
        alerts.push(...step.alerts);
        if (step.last === null) break;
        after = step.last;
        if (i === ACCOUNT_STATEMENTS_PER_SLICE - 1) next = { phase: "accounts", after };
      }
    }
    const outcome = next
      ? { cursor: JSON.stringify(next) }
      : failed
        ? { end: "failed" as const, lastError: `${run.failures} messages failed for good` }
        : { end: "succeeded" as const };
    if (!(await commitFinishSlice(tx, run, now, outcome))) return null;
    await tx
      .update(syncRuns)
      .set({
        peopleFetches: sql`${syncRuns.peopleFetches} + ${work?.kind === "people" ? work.people.length : 0}`,
        accountsDerived: sql`${syncRuns.accountsDerived} + ${derived}`,
      })
      .where(eq(syncRuns.id, run.id));
    // The run's list of what its scroll served is needed no longer once it ends.
    if (!next) await tx.delete(syncSeenCompanies).where(eq(syncSeenCompanies.runId, run.id));
    const row = await addTombstoned(tx, run.id, tombstoned);
    return row ? { row, alerts, next } : null;
  });
  if (!done) return { kind: "stale" };
  if (done.alerts.length > 0) await deps.onAlerts?.(done.alerts);
  deps.logger.info("sync finish slice", {
    run: run.id,
    slice: run.finishSlices,
    phase: cursor.phase,
  });
  if (done.next)
    return {
      kind: "continue",
      next: { kind: "sync.finish", runId: run.id, slice: done.row.finishSlices },
    };
  deps.logger.info("sync run finished", runTotals(done.row));
  return { kind: "finished" };
}

/** The scroll ended failed (its partition refused): the run tombstones nothing. */
async function scrollFailed(deps: FinishDeps, run: SyncRun): Promise<boolean> {
  const [p] = await deps.db
    .select({ failed: syncPartitions.failed })
    .from(syncPartitions)
    .where(eq(syncPartitions.runId, run.id));
  return p?.failed ?? true;
}

/**
 * The people of companies whose stored count differs from Intercom's `user_count`, in id
 * order from `after`, as many as the slice's calls allow (50 people a call), CONCURRENCY
 * companies at a time. A company with more people than one slice may read is read as far as
 * it can be: its listed people are attached, and nobody is detached on a partial list.
 */
async function readPeople(
  deps: FinishDeps,
  run: SyncRun,
  after: string | null,
  calls: number,
  deadline: number,
) {
  const candidates = await deps.db.execute<{ id: string; user_count: number }>(sql`
    select co.id, co.user_count from ${companies} co
    where co.workspace_id = ${run.workspaceId} and co.deleted_at is null and co.id > ${after ?? ""}
      and co.user_count is not null
      and co.user_count <> (select count(*) from ${contactCompanies} l
        where l.workspace_id = co.workspace_id and l.company_id = co.id and l.attached)
    order by co.id limit ${calls}`);
  // The companies this slice's calls cover, the first one whatever it needs.
  const chosen: Array<{ id: string; pages: number }> = [];
  let budget = calls;
  for (const c of candidates.rows) {
    const pages = Math.max(1, Math.ceil(c.user_count / 50));
    if (chosen.length > 0 && pages > budget) break;
    chosen.push({ id: c.id, pages: Math.min(pages, Math.max(1, budget)) });
    budget -= pages;
  }
  const people = await inOrderPrefix(chosen, CONCURRENCY, deadline, async (c) => {
    const read: PeopleRead = { companyId: c.id, contactIds: [], complete: false };
    for (let page = 1; page <= c.pages; page++) {
      const answer = await deps.client.companyContactsPage(c.id, page).catch(notFound);
      if (!answer) break;
      read.contactIds.push(...answer.ids);
      if (page >= answer.totalPages || answer.ids.length === 0) {
        read.complete = true;
        break;
      }
    }
    return read;
  });
  const exhausted = candidates.rows.length < calls && people.length === candidates.rows.length;
  return {
    kind: "people" as const,
    people,
    after: exhausted ? null : (people.at(-1)?.companyId ?? after ?? ""),
  };
}

interface PeopleRead {
  companyId: string;
  contactIds: string[];
  /** Every page read: people not listed are detached. */
  complete: boolean;
}

/** A company Intercom no longer has answers 404: nothing to read. */
function notFound(error: unknown): null {
  if (error instanceof IntercomError && error.status === 404) return null;
  throw error;
}

/**
 * Live companies the run's scroll never served (a full run whose scroll ended), confirmed gone
 * CONCURRENCY at a time: only Intercom's 404 tombstones a company.
 */
async function confirmGone(
  deps: FinishDeps,
  run: SyncRun,
  after: string | null,
  calls: number,
  deadline: number,
  failed: boolean,
) {
  if (run.mode !== "full" || failed) return { kind: "gone" as const, gone: [], after: null };
  const unseen = await deps.db
    .select({ id: companies.id })
    .from(companies)
    .where(
      and(
        eq(companies.workspaceId, run.workspaceId),
        isNull(companies.deletedAt),
        gt(companies.id, after ?? ""),
        // Those a webhook wrote after the scroll passed their place are asked too: their
        // company.deleted may be lost, and Intercom's 404 (not the scroll) is the proof.
        sql`not exists (select 1 from ${syncSeenCompanies} s
          where s.run_id = ${run.id} and s.company_id = ${companies.id})`,
      ),
    )
    .orderBy(asc(companies.id))
    .limit(calls);
  const checked = await inOrderPrefix(unseen, CONCURRENCY, deadline, async (c) => ({
    id: c.id,
    gone: (await deps.client.getCompany(c.id).catch(notFound)) === null,
  }));
  const exhausted = unseen.length < calls && checked.length === unseen.length;
  return {
    kind: "gone" as const,
    gone: checked.filter((c) => c.gone).map((c) => c.id),
    after: exhausted ? null : (checked.at(-1)?.id ?? after ?? ""),
  };
}
