import { eq, type SQL, sql } from "drizzle-orm";
import type { Database, Executor, Transaction } from "../db/client.ts";
import { type WritebackModel, writebackRuns } from "../db/schema/writeback.ts";
import { suppressedAmong } from "../erasure/on-sight.ts";
import type { IntercomClient } from "../intercom/client.ts";
import type { OutboxWrite } from "../outbox/payloads.ts";
import type { Accepted } from "../outbox/rows.ts";
import type { Clock } from "../shared/clock.ts";
import { AppError } from "../shared/errors.ts";
import { AttributesRefused, ensureAttributes } from "./attributes.ts";
import { candidatesAfter, contactsWithFigures } from "./candidates.ts";
import { compare, countsOf, recordPlanned, sampleOf, writeOf, writesOnTheirWay } from "./chunk.ts";
import { attributesOf, type WritebackSettings } from "./figures.ts";
import { secondsBeforeNextSlice } from "./pace.ts";

/** One slice of a run's planning; `slice` is the number committed before it. */
export interface WritebackPlanMessage {
  kind: "writeback.plan";
  runId: string;
  slice: number;
}

/**
 * Contacts (or accounts) one slice compares. Each changed one becomes an outbox row in the
 * slice's transaction, so this also bounds the rows, queue sends and suppression checks of
 * one invocation (the limits issue's figures: a slice stays far below 1,000 subrequests).
 */
export const PLAN_CHUNK = 1000;

/**
 * Write-back rows still on their way in the workspace past which planning waits. The pace
 * (src/writeback/pace.ts) assumes the writes go as fast as the rate budget allows; when they
 * go slower (Intercom answering slowly, failing, a smaller limit), the next slice waits for
 * them instead of piling more into the outbox ahead of the product's writes, and before the
 * outbox sweep would take the waiting rows for lost ones (2 minutes).
 */
export const BACKLOG_LIMIT = 250;

/** How many contacts with their old and new values a run keeps to show. */
const SAMPLE_SIZE = 10;

export interface PlanDeps {
  db: Database;
  client: Pick<IntercomClient, "listDataAttributes" | "createDataAttribute">;
  clock: Clock;
  settings: WritebackSettings;
  /** WRITEBACK_WRITES_PER_SECOND: how fast a run's writes are queued (src/writeback/pace.ts). */
  writesPerSecond: number;
  /** ERASURE_HASH_KEY: suppressed people are never written. */
  hashKey: string;
  /**
   * Stores the writes in the outbox and queues them (src/outbox/accept.ts), running
   * `beforeCommit` in the transaction that stores them.
   */
  accept(
    writes: OutboxWrite[],
    beforeCommit: (tx: Transaction, accepted: readonly Accepted[]) => Promise<void>,
  ): Promise<unknown>;
  /** Tests lower it to cross a slice's edge with few contacts. */
  chunk?: number;
}

export type PlanOutcome =
  /** Not this message's slice (a stale copy), or the run is no longer planning. */
  | { kind: "stale" }
  | { kind: "continue"; next: WritebackPlanMessage; delaySeconds: number }
  | { kind: "planned"; planned: number }
  | { kind: "failed"; error: string };

type Run = typeof writebackRuns.$inferSelect;

/** Another delivery committed this slice first: this one's transaction is rolled back. */
class SliceTaken extends Error {}

/** Runs one slice of planning: the attribute check, or one chunk of contacts or accounts. */
export async function runPlanSlice(
  message: WritebackPlanMessage,
  deps: PlanDeps,
): Promise<PlanOutcome> {
  const run = await loadRun(deps.db, message.runId);
  if (run?.status !== "planning" || run.slice !== message.slice) return { kind: "stale" };
  try {
    if (run.phase === "attributes") return await checkAttributes(run, deps);
    if (run.phase === "contacts" || run.phase === "companies") return await planChunk(run, deps);
    return { kind: "stale" };
  } catch (error) {
    if (error instanceof SliceTaken) return { kind: "stale" };
    if (!(error instanceof AttributesRefused)) throw error;
    await failWritebackRun(deps.db, run.id, error.message, deps.clock.now());
    return { kind: "failed", error: error.message };
  }
}

async function loadRun(db: Executor, id: string): Promise<Run | undefined> {
  const [run] = await db.select().from(writebackRuns).where(eq(writebackRuns.id, id)).limit(1);
  return run;
}

/** The run fails with a reason an operator can act on; its planned writes stay queued. */
export async function failWritebackRun(db: Executor, id: string, error: string, now: Date) {
  await db.execute(sql`
    update writeback_runs set status = 'failed', error = ${error.slice(0, 2000)},
      finished_at = ${now.toISOString()}::timestamptz, updated_at = ${now.toISOString()}::timestamptz
    where id = ${id}::uuid and status in ('planning', 'writing')`);
}

async function checkAttributes(run: Run, deps: PlanDeps): Promise<PlanOutcome> {
  const plan = await ensureAttributes(deps.client, attributesOf(deps.settings), run.dryRun);
  const total = await contactsWithFigures(deps.db, run.workspaceId);
  const now = deps.clock.now();
  await advance(deps.db, run, now, {
    attributes: sql`${JSON.stringify(plan)}::jsonb`,
    phase: sql`'contacts'`,
    contacts_total: sql`${total}`,
  });
  return next(run, 0);
}

/** The attributes of one model the run planned at its start, as the settings define them. */
function plannedOf(run: Run, settings: WritebackSettings, model: WritebackModel) {
  const names = new Set(run.attributes?.[model] ?? []);
  return attributesOf(settings).filter((a) => a.model === model && names.has(a.name));
}

async function planChunk(run: Run, deps: PlanDeps): Promise<PlanOutcome> {
  if (!run.dryRun) {
    const backlog = await writesOnTheirWay(deps.db, run.workspaceId);
    if (backlog > BACKLOG_LIMIT) {
      // Touched, so the sweep does not take the waiting run for a stalled one.
      await deps.db.execute(sql`
        update writeback_runs set updated_at = ${deps.clock.now().toISOString()}::timestamptz
        where id = ${run.id}::uuid and slice = ${run.slice}`);
      return {
        kind: "continue",
        next: sameSlice(run),
        delaySeconds: Math.max(1, secondsBeforeNextSlice(backlog, deps.writesPerSecond)),
      };
    }
  }
  const model: WritebackModel = run.phase === "contacts" ? "contact" : "company";
  const attributes = plannedOf(run, deps.settings, model);
  const limit = deps.chunk ?? PLAN_CHUNK;
  const candidates =
    attributes.length === 0
      ? []
      : await candidatesAfter(deps.db, run.workspaceId, model, run.afterId, limit);
  const compared = compare(candidates, attributes);
  const suppressed =
    model === "contact" && compared.changed.length > 0
      ? await suppressedAmong(
          deps.db,
          deps.hashKey,
          compared.changed.map(({ candidate: c }) => ({
            contactId: c.id,
            userId: c.externalId,
            email: c.email,
          })),
        )
      : new Map();
  const changed = compared.changed.filter(({ candidate }) => !suppressed.has(candidate.id));
  const last = candidates.length < limit;
  const now = deps.clock.now();
  const counts = countsOf(model, candidates.length, changed.length, suppressed.size);
  const doneWithModel = last && model === "company";
  const fields = {
    ...counts,
    after_id: last ? sql`null` : sql`${candidates.at(-1)?.id ?? null}`,
    ...(last && model === "contact" ? { phase: sql`'companies'` } : {}),
    ...(compared.refusals.length > 0
      ? {
          refused: sql`refused + ${compared.refusals.length}`,
          refusals: sql`${JSON.stringify([...run.refusals, ...compared.refusals].slice(0, SAMPLE_SIZE))}::jsonb`,
        }
      : {}),
    ...(run.dryRun && run.sample.length < SAMPLE_SIZE && changed.length > 0
      ? {
          sample: sql`${JSON.stringify([...run.sample, ...changed.map((c) => sampleOf(model, c))].slice(0, SAMPLE_SIZE))}::jsonb`,
        }
      : {}),
    ...(doneWithModel ? finalFields(run, changed.length, now) : {}),
  };
  if (run.dryRun || changed.length === 0) await advance(deps.db, run, now, fields);
  else
    try {
      await deps.accept(
        changed.map(({ candidate, change }) => writeOf(run, model, candidate, change)),
        async (tx, accepted) => {
          await recordPlanned(tx, run, model, changed, accepted);
          await advance(tx, run, now, fields);
        },
      );
    } catch (error) {
      // Someone here was erased since the check above: nothing was stored; the slice again
      // finds them suppressed and leaves them out.
      if (!(error instanceof AppError && error.kind === "erased")) throw error;
      return { kind: "continue", next: sameSlice(run), delaySeconds: 1 };
    }
  if (doneWithModel) return { kind: "planned", planned: plannedSoFar(run) + changed.length };
  return next(run, run.dryRun ? 0 : secondsBeforeNextSlice(changed.length, deps.writesPerSecond));
}

const plannedSoFar = (run: Run) => run.contactsPlanned + run.companiesPlanned;

/**
 * Planning is over: a dry run, or a run with nothing to write, is done; any other waits for
 * its outbox rows (`writing`, settled as they are: src/writeback/read.ts).
 */
function finalFields(run: Run, lastChanged: number, now: Date) {
  const done = run.dryRun || plannedSoFar(run) + lastChanged === 0;
  return {
    phase: sql`'done'`,
    status: done ? sql`'succeeded'` : sql`'writing'`,
    planned_at: sql`${now.toISOString()}::timestamptz`,
    ...(done ? { finished_at: sql`${now.toISOString()}::timestamptz` } : {}),
  };
}

/** Commits the slice, if no other delivery did first: `slice` moves on by one. */
async function advance(db: Executor, run: Run, now: Date, fields: Record<string, SQL | undefined>) {
  const sets = Object.entries(fields).flatMap(([column, value]) =>
    value === undefined ? [] : [sql`${sql.raw(column)} = ${value}`],
  );
  const result = await db.execute(sql`
    update writeback_runs set ${sql.join(sets, sql`, `)}, slice = slice + 1,
      updated_at = ${now.toISOString()}::timestamptz
    where id = ${run.id}::uuid and slice = ${run.slice} and status = 'planning'
    returning id`);
  if (result.rows.length === 0) throw new SliceTaken();
}

const sameSlice = (run: Run): WritebackPlanMessage => ({
  kind: "writeback.plan",
  runId: run.id,
  slice: run.slice,
});

function next(run: Run, delaySeconds: number): PlanOutcome {
  return {
    kind: "continue",
    next: { kind: "writeback.plan", runId: run.id, slice: run.slice + 1 },
    delaySeconds,
  };
}
