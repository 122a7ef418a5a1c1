import type { Executor } from "../../db/client.ts";
import { SYNC_KINDS, type SyncRun } from "../../db/schema/sync.ts";
import { runFailures } from "../../sync/failures.ts";
import { runWithProgress } from "../../sync/progress.ts";
import { listRuns, type RunTotals, runTotals } from "../../sync/runs.ts";

export interface RunRow {
  run: RunTotals;
  /** Live progress of a running run (records, rate, time left, part jobs). */
  progress: Awaited<ReturnType<typeof runWithProgress>> | null;
  /** What failed for good in a failed run: message and error, newest first. */
  failures: Array<{ messageKey: string; error: string; recordedAt: Date }>;
}

/** Records a run wrote: contacts, conversations or companies, by its kind. */
export const recordsOf = (run: SyncRun) =>
  run.kind === "contacts"
    ? run.contactsSynced
    : run.kind === "companies"
      ? run.companiesSynced
      : run.conversationsSynced;

/** The latest runs of each kind, running ones with live progress, failed ones with failures. */
export async function latestRuns(db: Executor, workspaceId: string, now: Date, perKind = 5) {
  const runs = await listRuns(db, workspaceId, 50);
  const chosen = SYNC_KINDS.flatMap((kind) =>
    runs.filter((r) => r.kind === kind).slice(0, perKind),
  );
  const rows: RunRow[] = [];
  for (const run of chosen) {
    rows.push({
      run: runTotals(run, now),
      progress: run.status === "running" ? await runWithProgress(db, run.id, now) : null,
      failures: run.status === "failed" ? await runFailures(db, run.id) : [],
    });
  }
  return {
    rows,
    throughput: throughputOf(
      runs.filter((r) => r.status !== "running"),
      now,
    ),
  };
}

/** Records per second of the last finished runs, oldest first: the throughput chart. */
function throughputOf(finished: SyncRun[], now: Date) {
  return finished
    .slice(0, 12)
    .reverse()
    .map((run) => {
      const { durationSeconds } = runTotals(run, now);
      return {
        kind: run.kind,
        startedAt: run.startedAt,
        perSecond: durationSeconds > 0 ? Math.round(recordsOf(run) / durationSeconds) : 0,
      };
    });
}

export type LatestRuns = Awaited<ReturnType<typeof latestRuns>>;
