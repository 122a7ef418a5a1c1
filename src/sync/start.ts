import { and, count, eq, isNull } from "drizzle-orm";
import type { Database, Executor } from "../db/client.ts";
import { companies } from "../db/schema/companies.ts";
import {
  type SyncKind,
  type SyncMode,
  type SyncRun,
  syncPartitions,
  syncRuns,
  syncState,
} from "../db/schema/sync.ts";
import type { IntercomClient } from "../intercom/client.ts";
import { AppError } from "../shared/errors.ts";
import { sendAll } from "../shared/queue-send.ts";
import { conversationPartitions } from "./conversations/plan.ts";
import type { SyncMessage } from "./messages.ts";
import { DAY, type PartitionPlan, partitionsFor, sinceFor } from "./plan.ts";
import { oldestCreatedAt } from "./probe.ts";
import { createdAtQuantiles } from "./quantiles.ts";
import { isRanged, rangePartitions } from "./range.ts";
import { runningRun } from "./runs.ts";
import { type SyncWindow, WHOLE } from "./window.ts";

export interface StartDeps {
  db: Database;
  queue: Queue<SyncMessage>;
  workspaceId: string;
  now: Date;
  /**
   * Asked for the oldest record's created_at before a full run, to spread a first full run's
   * partitions over the workspace's real age; null (or a failed call) and the plan guesses.
   */
  client: IntercomClient | null;
  /** Called in the transaction that creates the run (an operator's start records it there). */
  onStarted?: (tx: Executor, run: SyncRun) => Promise<void>;
}

/**
 * Starts a run of `kind` unless one of its kind is running (409 carries its id). The partial
 * unique index decides races: two crons, or a manual run during a scheduled one, give one run.
 * Each partition gets its first message: a contact step, or a conversation page. `window`
 * narrows the run (src/sync/window.ts): a full run to a `created_at` range, an incremental one
 * to the last hours instead of from the watermark.
 */
export async function startSync(
  kind: SyncKind,
  mode: SyncMode,
  trigger: string,
  deps: StartDeps,
  window: SyncWindow = WHOLE,
): Promise<SyncRun> {
  const ranged = isRanged(window);
  if (kind === "companies" && (ranged || window.hoursBack !== null))
    throw new AppError(
      "invalid_request",
      "a company run takes no range nor hours back: Intercom cannot filter companies by time",
    );
  if ((ranged && mode !== "full") || (window.hoursBack !== null && mode !== "incremental"))
    throw new AppError(
      "invalid_request",
      "a range needs a full run, hours back an incremental one",
    );
  // Only an unranged full run needs the oldest record: nothing else splits by creation time
  // from the beginning.
  const oldest =
    mode === "full" && !ranged && kind !== "companies"
      ? await oldestCreatedAt(kind, deps.client)
      : null;
  const now = Math.floor(deps.now.getTime() / 1000);
  const started = await deps.db.transaction(async (tx) => {
    const [state] = await tx
      .select({ watermark: syncState.watermark })
      .from(syncState)
      .where(and(eq(syncState.workspaceId, deps.workspaceId), eq(syncState.kind, kind)));
    // Hours back: `updated_at > T` matches from the day after T's day (in the workspace's
    // time zone), so the search starts a day earlier to include the window's first hours.
    // Companies are scanned whole every run: Intercom has no filter on their updated_at.
    const since =
      kind === "companies"
        ? null
        : window.hoursBack !== null && mode === "incremental"
          ? now - window.hoursBack * 3600 - DAY
          : sinceFor(mode, state?.watermark ?? null);
    const [created] = await tx
      .insert(syncRuns)
      .values({
        workspaceId: deps.workspaceId,
        kind,
        mode,
        trigger,
        since,
        startedAt: deps.now,
        ...window,
        // A scroll reports no total: what is stored bounds it (src/sync/companies/scroll.ts).
        ...(kind === "companies"
          ? { expectedTotal: await liveCompanies(tx, deps.workspaceId) }
          : {}),
      })
      .onConflictDoNothing()
      .returning();
    if (!created) return null;
    const parts = await partitionsOf(tx, kind, mode, window, { now, since, oldest }, deps);
    await tx.insert(syncPartitions).values(parts.map((p) => ({ runId: created.id, ...p })));
    await deps.onStarted?.(tx, created);
    return { run: created, parts };
  });
  if (!started) {
    const running = await runningRun(deps.db, deps.workspaceId, kind);
    throw new AppError(
      "conflict",
      `a ${SINGULAR[kind]} sync is already running (${running?.id ?? "unknown"})`,
    );
  }
  const first = FIRST_MESSAGE[kind];
  await sendAll(
    deps.queue,
    started.parts.map((p) => ({
      kind: first,
      runId: started.run.id,
      partition: p.partition,
      page: 0,
    })),
  );
  return started.run;
}

const SINGULAR = { contacts: "contact", conversations: "conversation", companies: "company" };
const FIRST_MESSAGE = {
  contacts: "sync.contacts.step",
  conversations: "sync.conversations.page",
  companies: "sync.companies.page",
} as const;

/**
 * A run's partitions: a company run's scroll is one chain (Intercom keeps one scroll per
 * workspace); the others split by time as src/sync/plan.ts explains.
 */
async function partitionsOf(
  tx: Executor,
  kind: SyncKind,
  mode: SyncMode,
  window: SyncWindow,
  at: { now: number; since: number | null; oldest: number | null },
  deps: StartDeps,
): Promise<PartitionPlan[]> {
  if (kind === "companies") return [{ partition: 0, createdFrom: null, createdTo: null }];
  if (isRanged(window))
    return rangePartitions({ from: window.rangeFrom, to: window.rangeTo }, at.now);
  const hints = {
    boundaries: at.since === null ? await createdAtQuantiles(tx, kind, deps.workspaceId) : [],
    oldest: at.oldest,
  };
  return kind === "contacts"
    ? partitionsFor(mode, at.now, hints)
    : conversationPartitions(mode, at.now, at.since, hints);
}

async function liveCompanies(tx: Executor, workspaceId: string): Promise<number> {
  const [row] = await tx
    .select({ n: count() })
    .from(companies)
    .where(and(eq(companies.workspaceId, workspaceId), isNull(companies.deletedAt)));
  return row?.n ?? 0;
}
